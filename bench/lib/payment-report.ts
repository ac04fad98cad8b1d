// Payment (bench/lib/signed-webhooks.ts, bench/lib/pay-page.ts) in the results: the table rows of the signed webhooks
// and of the local pay page, their line under the setup, their details.
import { TARGETS } from './report-targets.ts';
import { errorsCell, failureLines, latencyCells, verdict, type Row } from './report-table.ts';
import type { BenchResults } from './results.ts';
import { ms, num } from './stats.ts';

export function paymentRows(r: BenchResults): Row[] {
  const rows: Row[] = [];
  if (r.webhooks) {
    const w = r.webhooks;
    rows.push({
      key: 'webhook ack',
      figures: { p50: w.ack.p50, p95: w.ack.p95, p99: w.ack.p99 },
      scenario: 'Webhook ack (signed `checkout.session.completed` → 200)',
      load: `${w.ratePerSecond}/s paced`,
      throughput: '—',
      ...latencyCells(w.ack),
      errors: errorsCell(w.failureCount, w.count),
      target: `p99 ≤ ${TARGETS.webhookAckP99} ms`,
      result: verdict(w.ack.n > 0 && w.failureCount === 0 && w.ack.p99 <= TARGETS.webhookAckP99),
    });
    rows.push({
      key: 'webhook to paid',
      figures: { p50: w.sendToPaid.p50, p95: w.sendToPaid.p95, p99: w.sendToPaid.p99 },
      scenario: 'Webhook-to-paid (send → `orders.paid_at`)',
      load: `${w.ratePerSecond}/s paced`,
      throughput: '—',
      ...latencyCells(w.sendToPaid),
      errors: errorsCell(w.notPaid, w.count - w.failureCount),
      target: `p95 ≤ ${TARGETS.webhookToPaidP95} ms`,
      result: verdict(w.sendToPaid.n > 0 && w.notPaid === 0 && w.sendToPaid.p95 <= TARGETS.webhookToPaidP95),
    });
    rows.push({
      key: 'webhook to observed',
      figures: {},
      scenario: '… send → `status = paid` seen by a 10 ms poll',
      load: `${w.ratePerSecond}/s paced`,
      throughput: '—',
      ...latencyCells(w.sendToObserved),
      errors: '',
      target: '(info)',
      result: '—',
    });
    rows.push({
      key: 'webhook arrival to paid',
      figures: {},
      scenario: '… webhook arrival → `paid_at` (server clocks)',
      load: `${w.ratePerSecond}/s paced`,
      throughput: '—',
      ...latencyCells(w.receiptToPaid),
      errors: '',
      target: '(info)',
      result: '—',
    });
  }
  if (r.pay) {
    const p = r.pay;
    rows.push({
      key: 'pay page',
      figures: { p50: p.payLatency.p50, p95: p.payLatency.p95, p99: p.payLatency.p99 },
      scenario: 'Local pay page `POST /dev/pay/:id` → 303 (includes webhook delivery + ack)',
      load: `${p.ratePerSecond}/s paced`,
      throughput: '—',
      ...latencyCells(p.payLatency),
      errors: errorsCell(p.failureCount, p.count),
      target: '(info: upper bound of webhook ack)',
      result: '—',
    });
    rows.push({
      key: 'pay to paid',
      figures: { p50: p.sendToPaid.p50, p95: p.sendToPaid.p95, p99: p.sendToPaid.p99 },
      scenario: '… pay click → `orders.paid_at`',
      load: `${p.ratePerSecond}/s paced`,
      throughput: '—',
      ...latencyCells(p.sendToPaid),
      errors: errorsCell(p.notPaid, p.count - p.failureCount),
      target: '(info)',
      result: '—',
    });
  }
  return rows;
}

/** The phase's setup, for the list above the table. */
export function paymentSetup(c: BenchResults['config']): string {
  return `- **Webhooks:** signed \`checkout.session.completed\` events for started checkouts, sent at ${c.webhookRate}/s; paid = \`orders.paid_at\` (and a 10 ms poll of \`orders.status\`); local pay page: ${c.pay} checkouts paid at ${c.payRate}/s`;
}

export function paymentDetails(r: BenchResults): string[] {
  const details: string[] = [];
  if (r.webhooks) {
    const w = r.webhooks;
    details.push(
      `- Webhooks: ${num(w.ack.n)} acknowledged of ${num(w.count)}; ${num(w.sendToPaid.n)} paid, ${num(w.notPaid)} not paid in time; ack max ${ms(w.ack.max)} ms; send → paid max ${ms(w.sendToPaid.max)} ms`,
      ...failureLines('webhook', w.failures),
    );
  }
  if (r.pay) {
    const p = r.pay;
    details.push(
      `- Pay page: ${num(p.payLatency.n)} paid of ${num(p.count)}; ${num(p.notPaid)} not paid in time; arrival → paid p50/p95 ${ms(p.receiptToPaid.p50)}/${ms(p.receiptToPaid.p95)} ms`,
      ...failureLines('pay', p.failures),
    );
  }
  return details;
}
