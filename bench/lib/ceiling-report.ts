// The ceilings (bench/lib/ceiling.ts) and the checkouts end to end beside them, in the results: their table rows,
// their line under the setup, their details.
import type { ThroughputRun } from './ceiling.ts';
import { TARGETS } from './report-targets.ts';
import { errorsCell, failureLines, latencyCells, pct, verdict, type Row } from './report-table.ts';
import type { BenchResults } from './results.ts';
import { ms, num } from './stats.ts';

/** Empty workflows, row inserts, checkouts end to end (with their share of the empty-workflow ceiling), plain order transactions. */
export function ceilingRows(r: BenchResults): Row[] {
  const rows: Row[] = [];
  const ceiling = r.ceiling ?? null;
  const wf = ceiling?.emptyWorkflow ?? null;
  if (wf) {
    rows.push({
      key: 'ceiling empty workflow',
      figures: { throughput: wf.perSecond, p50: wf.latency.p50, p95: wf.latency.p95, p99: wf.latency.p99 },
      scenario: 'Ceiling: empty workflow start → completed (same Temporal dev server, worker in the bench process)',
      load: `${wf.concurrency} starters`,
      throughput: `${wf.perSecond.toFixed(1)} wf/s`,
      ...latencyCells(wf.latency),
      errors: errorsCell(wf.failureCount, wf.count + wf.failureCount),
      target: '(ceiling)',
      result: '—',
    });
  }
  const ins = ceiling?.rowInsert ?? null;
  if (ins) {
    rows.push({
      key: 'ceiling row insert',
      figures: { throughput: ins.perSecond, p50: ins.latency.p50, p95: ins.latency.p95, p99: ins.latency.p99 },
      scenario: 'Ceiling: PostgreSQL single-row insert + commit (scratch table)',
      load: `${ins.concurrency} conn`,
      throughput: `${num(ins.perSecond)} rows/s`,
      ...latencyCells(ins.latency),
      errors: errorsCell(ins.failureCount, ins.count + ins.failureCount),
      target: '(ceiling)',
      result: '—',
    });
  }
  const e2e = r.endToEnd ?? null;
  if (e2e) {
    const share = wf && wf.perSecond > 0 ? e2e.perSecond / wf.perSecond : null;
    rows.push({
      key: 'checkout end to end',
      figures: { throughput: e2e.perSecond, p50: e2e.latency.p50, p95: e2e.latency.p95, p99: e2e.latency.p99 },
      scenario: `**Checkouts end to end** (\`POST /checkout\` → pay page → webhook → workflow → \`paid_at\`)${share !== null ? `; **${pct(share)} of the empty-workflow ceiling**` : ''}`,
      load: `${e2e.concurrency} concurrent, ${num(e2e.attempted)} orders`,
      throughput: `${e2e.perSecond.toFixed(1)} orders/s`,
      ...latencyCells(e2e.latency),
      errors: errorsCell(e2e.failureCount + e2e.notPaid, e2e.attempted),
      target: `≥ ${pct(TARGETS.checkoutShareOfCeiling)} of empty wf/s${wf ? ` (≥ ${(wf.perSecond * TARGETS.checkoutShareOfCeiling).toFixed(1)} /s)` : ''}`,
      result: verdict(share === null ? null : e2e.failureCount === 0 && e2e.notPaid === 0 && share >= TARGETS.checkoutShareOfCeiling),
    });
  }
  const plain = ceiling?.plainOrder ?? null;
  if (plain) {
    const share = e2e && plain.perSecond > 0 ? e2e.perSecond / plain.perSecond : null;
    rows.push({
      key: 'plain order transaction',
      figures: { throughput: plain.perSecond, p50: plain.latency.p50, p95: plain.latency.p95, p99: plain.latency.p99 },
      scenario: `Same order as one plain transaction (order + item + event, pg, no workflow)${share !== null ? `; durable checkouts run at ${pct(share)} of it (×${(1 / share).toFixed(0)} cost)` : ''}`,
      load: `${plain.concurrency} conn`,
      throughput: `${num(plain.perSecond)} orders/s`,
      ...latencyCells(plain.latency),
      errors: errorsCell(plain.failureCount, plain.count + plain.failureCount),
      target: '(info: cost of durability)',
      result: '—',
    });
  }
  return rows;
}

/** The phase's setup, for the list above the table. */
export function ceilingSetup(r: BenchResults): string {
  const c = r.config;
  return `- **Ceilings and end to end:** empty workflows (\`bench/lib/empty-workflow.ts\`, a Worker in the bench process on its own task queue of the shop's Temporal dev server) started and awaited by ${c.ceilingConcurrency ?? '?'} concurrent starters for ${c.workflowSeconds ?? '?'} s; single-row inserts and plain order transactions on ${c.ceilingConcurrency ?? '?'} connections for ${c.insertSeconds ?? '?'} s each; ${c.endToEndCheckouts ?? '?'} checkouts end to end at ${c.checkoutConcurrency} concurrent (each lane: \`POST /checkout\`, then the local pay page POST, which delivers the signed webhook), rate = paid orders / (first start → last \`paid_at\`)`;
}

export function ceilingDetails(r: BenchResults): string[] {
  const details: string[] = [];
  const ceilingRuns: Array<[string, ThroughputRun | null | undefined]> = [
    ['Empty workflows', r.ceiling?.emptyWorkflow],
    ['Row inserts', r.ceiling?.rowInsert],
    ['Plain order transactions', r.ceiling?.plainOrder],
  ];
  for (const [label, t] of ceilingRuns) {
    if (!t) continue;
    details.push(
      `- ${label}: ${num(t.count)} in ${t.seconds} s at ${t.concurrency} concurrent; mean ${ms(t.latency.mean)} ms, max ${ms(t.latency.max)} ms`,
      ...failureLines(label, t.failures),
    );
  }
  if (r.endToEnd) {
    const e = r.endToEnd;
    details.push(
      `- Checkouts end to end: ${num(e.paid)} paid of ${num(e.attempted)} in ${e.seconds.toFixed(1)} s, ${num(e.notPaid)} started but not paid in time; \`POST /checkout\` p50/p95 ${ms(e.checkout.p50)}/${ms(e.checkout.p95)} ms, pay POST p50/p95 ${ms(e.pay.p50)}/${ms(e.pay.p95)} ms`,
      ...failureLines('end to end', e.failures),
    );
  }
  return details;
}
