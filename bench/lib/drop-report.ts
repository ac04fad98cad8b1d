// The drop phase (bench/lib/drop.ts) in the results: its table rows, its line under the setup, its details.
import type { DropRun } from './drop.ts';
import type { Failure } from './failures.ts';
import type { Row } from './report-table.ts';
import { ms, num, type Summary } from './stats.ts';

function row(key: string, s: Summary, fields: Omit<Row, 'key' | 'figures' | 'p50' | 'p95' | 'p99'>): Row {
  return { key, figures: { p50: s.p50, p95: s.p95, p99: s.p99 }, p50: ms(s.p50), p95: ms(s.p95), p99: ms(s.p99), ...fields };
}

export function dropRows(r: DropRun): Row[] {
  const d = r.drop;
  const load = `${num(r.customers)} in ${r.seconds} s, open loop (at most ${num(d.peakInFlight)} in flight)`;
  const stuck = r.checks.find((c) => c.name === 'stuck');
  return [
    row('drop', d.latency.all, {
      scenario: `**Drop: ${num(r.customers)} checkouts in ${r.seconds} s for ${num(r.stock)} in stock** (\`POST /checkout\` → answer, all answers): **${num(d.started)} started, ${num(d.soldOut)} sold out, ${num(d.errors)} errors**; after the ${r.abandoned} abandoned sessions expired: ${r.afterExpiry.orders.paid} paid, ${stuck?.ok ? '0 stuck' : `stuck: ${stuck?.detail ?? '?'}`}`,
      load,
      throughput: `${(d.attempted / r.seconds).toFixed(1)} /s`,
      errors: `${num(d.errors)} / ${num(d.attempted)}`,
      target: `exactly ${num(r.stock)} started, ${num(r.customers - r.stock)} sold out, 0 stuck`,
      result: r.ok ? 'pass' : 'miss',
    }),
    row('drop started', d.latency.started, {
      scenario: '… started (303 to the pay page)',
      load,
      throughput: '—',
      errors: '',
      target: '(info)',
      result: '—',
    }),
    row('drop sold out', d.latency.soldOut, {
      scenario: `… told it is sold out (409; ${num(d.soldOutBy['cart check'])} by the cart check, ${num(d.soldOutBy.reservation)} by the reservation)`,
      load,
      throughput: '—',
      errors: '',
      target: '(info)',
      result: '—',
    }),
    ...(d.errors > 0
      ? [
          row('drop errors', d.latency.errors, {
            scenario: '… errors (neither started nor sold out)',
            load,
            throughput: '—',
            errors: num(d.errors),
            target: '(info)',
            result: '—' as const,
          }),
        ]
      : []),
  ];
}

/** The phase's setup, for the list above the table. */
export function dropSetup(r: DropRun): string {
  return `- **Drop:** a new tracked variant \`${r.sku}\` of the bench's plain good with ${num(r.stock)} received; ${num(r.customers)} guest carts (one each, own cookie) made beforehand; the worker restarted for the phase with \`CHECKOUT_SESSION_TTL_SECONDS=${r.sessionTtlSeconds}\` and warmed up by a few checkouts of a variant of their own (not counted); the carts' \`POST /checkout\` sent open loop, evenly over ${r.seconds} s; started = 303 to the pay page, sold out = 409 with the shop's sentence for the variant (cart check or reservation), anything else an error; of the started, all but ${r.abandoned} paid on the local pay page, those ${r.abandoned} left until the checkout workflow expires their sessions (${r.expiryGraceSeconds} s after their end); then the variant's orders, levels and movements and the checkout workflows started since the drop; then ${r.abandoned + 1} more customers buy what was released`;
}

const failureLines = (label: string, failures: Failure[]) => failures.map((f) => `- ${label}: ${f.count} × \`${f.status}\` — ${f.example}`);

export function dropDetails(r: DropRun): string[] {
  const d = r.drop;
  const a = r.afterExpiry;
  return [
    `- Drop: requests sent over ${d.sendSeconds.toFixed(1)} s, at most ${num(d.peakInFlight)} in flight; answer mean ${ms(d.latency.all.mean)} ms, max ${ms(d.latency.all.max)} ms; ${a.checkoutsStarted === null ? '?' : num(a.checkoutsStarted)} checkout workflows started`,
    `- Drop payment: ${num(r.pay.payLatency.n)} paid of ${num(r.pay.count)} on the pay page (${num(r.pay.notPaid)} not paid in time); pay click → paid p50/p95 ${ms(r.pay.sendToPaid.p50)}/${ms(r.pay.sendToPaid.p95)} ms`,
    `- Drop expiry: ${r.expiry.released} of ${r.abandoned} abandoned checkouts cancelled and released (${r.expiry.cancelled} orders in all) after ${r.expiry.waitedSeconds.toFixed(0)} s; session expiry → order cancelled p50/max ${ms(r.expiry.latenessMs.p50)}/${ms(r.expiry.latenessMs.max)} ms`,
    `- Drop afterwards: ${a.orders.paid} paid, ${a.orders.pending} pending, ${a.orders.cancelled} cancelled orders; ${a.levels.onHand} on hand, ${a.levels.reserved} reserved; resale ${r.resale.answers.started} started, ${r.resale.answers.soldOut} sold out, ${r.resale.pay.payLatency.n} paid; at the end ${r.resale.orders.paid} paid, ${r.resale.levels.onHand} on hand, ${r.resale.levels.reserved} reserved`,
    `- Drop checks: ${r.checks.map((c) => `${c.ok ? '✅' : '❌'} ${c.name} (${c.detail})`).join('; ')}`,
    ...failureLines('drop cart', r.cartFailures),
    ...failureLines('drop', d.failures),
    ...failureLines('drop pay', r.pay.failures),
    ...failureLines('drop resale', r.resale.answers.failures),
  ];
}
