// The points phase (bench/lib/points.ts) in the results: its table rows, its line under the setup, its details.
import type { Failure } from './failures.ts';
import type { PointsRun, PointsSide } from './points.ts';
import type { Row } from './report-table.ts';
import { ms, num, type Summary } from './stats.ts';

/** Webhook → paid p95 with points on may be at most this much slower than with points off. */
export const POINTS_OVERHEAD_TARGET = 0.1;

const change = (ratio: number) => (Number.isFinite(ratio) ? `${ratio >= 1 ? '+' : '−'}${Math.abs((ratio - 1) * 100).toFixed(1)} %` : '—');

function row(key: string, s: Summary, fields: Omit<Row, 'key' | 'figures' | 'p50' | 'p95' | 'p99'>): Row {
  return { key, figures: { p50: s.p50, p95: s.p95, p99: s.p99 }, p50: ms(s.p50), p95: ms(s.p95), p99: ms(s.p99), ...fields };
}

const sideLabel = (s: PointsSide) =>
  s.side === 'off'
    ? '`POINTS_EARN_RATE=0`, no points spent'
    : `\`POINTS_EARN_RATE=${s.earnRate}\`, ${num(s.pointsToUse)} points spent per order + points child`;

export function pointsRows(p: PointsRun): Row[] {
  const load = `${p.ratePerSecond}/s paced, ${p.rounds === 1 ? '' : `${p.rounds} rounds, `}signed in`;
  const errors = (s: PointsSide) => `${num(s.failureCount + s.notPaid)} / ${num(s.orders + s.failureCount)}`;
  const ok = p.off.webhookToPaid.n > 0 && p.on.webhookToPaid.n > 0 && p.on.failureCount + p.on.notPaid === 0;
  return [
    row('points off webhook to paid', p.off.webhookToPaid, {
      scenario: `Webhook-to-paid, **points off** (${sideLabel(p.off)}): webhook arrival → \`paid_at\``,
      load,
      throughput: '—',
      errors: errors(p.off),
      target: '(baseline)',
      result: '—',
    }),
    row('points on webhook to paid', p.on.webhookToPaid, {
      scenario: `Webhook-to-paid, **points on** (${sideLabel(p.on)}); **p95 ${change(p.ratio)} vs off**${p.rounds > 1 ? `; within each round ${p.roundRatios.map(change).join(', ')} (median ${change(p.medianRoundRatio)})` : ''}`,
      load,
      throughput: '—',
      errors: errors(p.on),
      target: `p95 ≤ off + ${Math.round(POINTS_OVERHEAD_TARGET * 100)} %${Number.isFinite(p.off.webhookToPaid.p95) ? ` (≤ ${ms(p.off.webhookToPaid.p95 * (1 + POINTS_OVERHEAD_TARGET))} ms)` : ''}`,
      result: !ok ? 'miss' : p.ratio <= 1 + POINTS_OVERHEAD_TARGET ? 'pass' : 'miss',
    }),
    row('points off webhook to closed', p.off.webhookToClosed, {
      scenario: '… webhook arrival → checkout workflow closed, points off',
      load,
      throughput: '—',
      errors: '',
      target: '(info)',
      result: '—',
    }),
    row('points on webhook to closed', p.on.webhookToClosed, {
      scenario: `… webhook arrival → checkout workflow closed, points on (p95 ${change(p.closedRatio)} vs off)`,
      load,
      throughput: '—',
      errors: '',
      target: '(info)',
      result: '—',
    }),
    {
      key: 'points cpu per order',
      figures: {},
      scenario: `… shop CPU per paid order from the payment until quiet (web + worker + Temporal): off ${ms(p.off.cpuMsPerOrder.total)} ms, on ${ms(p.on.cpuMsPerOrder.total)} ms (${change(p.on.cpuMsPerOrder.total / p.off.cpuMsPerOrder.total)})`,
      load,
      throughput: '—',
      p50: '—',
      p95: '—',
      p99: '—',
      errors: '',
      target: '(info: less sensitive than latency to the rest of the machine)',
      result: '—',
    },
  ];
}

/** The phase's setup, for the list above the table. */
export function pointsSetup(p: PointsRun): string {
  return `- **Points on vs off:** ${num(p.ordersPerSide)} orders per side, signed-in customers (accounts and sessions written to the database) buying one poster each, checked out, then paid on the local pay page at ${p.ratePerSecond}/s; off: the worker restarted with \`POINTS_EARN_RATE=0\`, carts with \`points_to_use = 0\`; on: restarted with \`POINTS_EARN_RATE=1\`, each customer given ${num(p.pointsGiven)} points (adjustPoints) and every cart spending ${num(p.on.pointsToUse)}; ${p.rounds === 1 ? 'off, then on' : `${p.rounds} rounds (off, on, on, off, …)`}; ${p.warmupPerSegment} orders not counted after each switch; webhook arrival = \`webhook_events.created_at\`, checkout closed = the Temporal close time`;
}

const failureLines = (label: string, failures: Failure[]) => failures.map((f) => `- ${label}: ${f.count} × \`${f.status}\` — ${f.example}`);

export function pointsDetails(p: PointsRun): string[] {
  const side = (s: PointsSide) => {
    const l = s.ledger;
    const c = s.cpuMsPerOrder;
    return [
      `- Points ${s.side}: ${num(s.webhookToPaid.n)} paid of ${num(s.orders)} (${num(s.notPaid)} not paid in time, ${num(s.notClosed)} checkouts not closed in time); webhook → paid mean ${ms(s.webhookToPaid.mean)} ms, max ${ms(s.webhookToPaid.max)} ms; ledger: ${num(l.reserve)} reserve, ${num(l.spend)} spend, ${num(l.earn)} earn transfers, ${num(l.pointsUsed)} points spent, ${num(l.pointsWorkflows)} \`points-<orderNumber>\` workflows; CPU per paid order: web ${ms(c.web)}, worker ${ms(c.worker)}, Temporal ${ms(c.temporal)} ms, while the rest of the machine used ${s.restOfMachineCores === null ? '—' : s.restOfMachineCores.toFixed(2)} cores`,
      ...failureLines(`points ${s.side}`, s.failures),
    ];
  };
  const segments = p.segments.map(
    (g) =>
      `round ${g.round} ${g.side}: ${g.orders} orders, p50/p95 ${ms(g.webhookToPaid.p50)}/${ms(g.webhookToPaid.p95)} ms, after ${g.quietAfterSeconds.toFixed(0)} s${g.quiet ? '' : ' (never quiet)'}`,
  );
  return [
    ...side(p.off),
    ...side(p.on),
    `- Points segments (webhook → paid; the wait for a quiet shop before the checkouts): ${segments.join('; ')}`,
  ];
}
