// The stock-contention phase (bench/lib/contention.ts) in the results: its table rows, its line under the setup, its details.
import type { ContentionRun } from './contention.ts';
import { TARGETS } from './report-targets.ts';
import { errorsCell, failureLines, latencyCells, pct, verdict, type Row } from './report-table.ts';
import type { BenchResults } from './results.ts';
import { ms, num } from './stats.ts';

export function contentionRows(r: BenchResults): Row[] {
  const rows: Row[] = [];
  if (r.contention) {
    const k = r.contention;
    const u = k.uncontended;
    const c = k.contended;
    rows.push({
      key: 'checkout contention baseline',
      figures: { throughput: u.perSecond, p50: u.latency.p50, p95: u.latency.p95, p99: u.latency.p99 },
      scenario: `Checkout start, tracked stock, **uncontended**: each lane buys a tracked variant of its own (${k.lanes} variants)`,
      load: `${u.concurrency} concurrent`,
      throughput: `${u.perSecond.toFixed(1)} /s`,
      ...latencyCells(u.latency),
      errors: errorsCell(u.failureCount, u.attempted),
      target: '(baseline)',
      result: '—',
    });
    rows.push({
      key: 'checkout contention',
      figures: { throughput: c.perSecond, p50: c.latency.p50, p95: c.latency.p95, p99: c.latency.p99 },
      scenario: `**Checkout under stock contention**: every lane buys one tracked variant (${num(k.onHand)} on hand); **${Number.isFinite(k.ratio) ? pct(k.ratio) : '—'} of the uncontended throughput**`,
      load: `${c.concurrency} concurrent`,
      throughput: `${c.perSecond.toFixed(1)} /s`,
      ...latencyCells(c.latency),
      errors: errorsCell(c.failureCount, c.attempted),
      target: `contention costs ≤ ${pct(1 - TARGETS.contentionShare)} of throughput (≥ ${pct(TARGETS.contentionShare)} of uncontended)`,
      result: verdict(c.latency.n > 0 && u.latency.n > 0 && c.failureCount === 0 && k.hot.logMatches && k.ratio >= TARGETS.contentionShare),
    });
  }
  return rows;
}

/** The phase's setup, for the list above the table. */
export function contentionSetup(k: ContentionRun): string {
  return `- **Stock contention:** a plain good the bench adds (\`${k.productSlug}\`), its variants tracked with ${num(k.onHand)} received each; ${k.lanes} lanes of carts (one item each) check out one after another, ${k.rounds} rounds, the sides alternating: all lanes on \`${k.hotSku}\` (one row lock, server/catalog/stock.server.ts) vs a variant per lane; same measurement as checkout start; one warm-up checkout per lane each, not counted. (The checkout-start poster above is untracked, so nothing is reserved, but its row is locked the same way: those 16 lanes share one row too.)`;
}

export function contentionDetails(r: BenchResults): string[] {
  const details: string[] = [];
  if (r.contention) {
    const k = r.contention;
    for (const [label, run] of [
      ['Contention, same variant', k.contended],
      ['Contention, variant per lane', k.uncontended],
    ] as const) {
      details.push(
        `- ${label}: ${num(run.latency.n)} started of ${num(run.attempted)} in ${run.seconds.toFixed(1)} s; mean ${ms(run.latency.mean)} ms, max ${ms(run.latency.max)} ms`,
        ...failureLines(label, run.failures),
      );
    }
    details.push(
      `- Contention, \`${k.hotSku}\` afterwards: ${num(k.hot.onHand)} on hand, ${num(k.hot.reserved)} reserved (${k.hot.logMatches ? 'the sums of its movements' : '**not** the sums of its movements'})`,
      ...failureLines('contention cart', k.cartFailures),
    );
  }
  return details;
}
