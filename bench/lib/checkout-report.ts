// Checkout start (bench/lib/checkout-start.ts) in the results: its table rows, its line under the setup, its details.
import { TARGETS } from './report-targets.ts';
import { errorsCell, failureLines, latencyCells, verdict, type Row } from './report-table.ts';
import type { BenchResults } from './results.ts';
import { ms, num } from './stats.ts';

export function checkoutRows(r: BenchResults): Row[] {
  const rows: Row[] = [];
  if (r.checkout) {
    const c = r.checkout;
    rows.push({
      key: 'checkout start',
      figures: { throughput: c.perSecond, p50: c.latency.p50, p95: c.latency.p95, p99: c.latency.p99 },
      scenario: 'Checkout start `POST /checkout` → 303',
      load: `${c.concurrency} concurrent`,
      throughput: `${c.perSecond.toFixed(1)} /s`,
      ...latencyCells(c.latency),
      errors: errorsCell(c.failureCount, c.attempted),
      target: `p95 ≤ ${TARGETS.checkoutP95} ms`,
      result: verdict(c.latency.n > 0 && c.failureCount === 0 && c.latency.p95 <= TARGETS.checkoutP95),
    });
  }
  if (r.checkoutSequential) {
    const c = r.checkoutSequential;
    rows.push({
      key: 'checkout start sequential',
      figures: { p50: c.latency.p50, p95: c.latency.p95, p99: c.latency.p99 },
      scenario: '… one at a time (no queueing)',
      load: '1 concurrent',
      throughput: `${c.perSecond.toFixed(1)} /s`,
      ...latencyCells(c.latency),
      errors: errorsCell(c.failureCount, c.attempted),
      target: '(info)',
      result: '—',
    });
  }
  return rows;
}

/** The phase's setup, for the list above the table. */
export function checkoutSetup(c: BenchResults['config']): string {
  return `- **Checkout:** ${c.checkouts} guest carts (one personalised poster each, created beforehand; ${c.checkoutConcurrency} more as warm-up, not counted), \`POST /checkout\` at ${c.checkoutConcurrency} concurrent, then a few one at a time; redirect not followed`;
}

export function checkoutDetails(r: BenchResults): string[] {
  const details: string[] = [];
  if (r.carts)
    details.push(`- Carts: ${num(r.carts.created)} created in ${r.carts.seconds.toFixed(1)} s`, ...failureLines('cart', r.carts.failures));
  if (r.checkout) {
    const k = r.checkout;
    details.push(
      `- Checkout: ${num(k.latency.n)} started of ${num(k.attempted)} in ${k.seconds.toFixed(1)} s; mean ${ms(k.latency.mean)} ms, max ${ms(k.latency.max)} ms`,
      ...failureLines('checkout', k.failures),
    );
  }
  return details;
}
