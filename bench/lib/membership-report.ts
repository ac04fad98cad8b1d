// The membership phase (bench/lib/membership.ts) in the results: its table rows, its line under the setup, its details.
import type { MembershipRun } from './membership.ts';
import { integrityHolds } from './membership-checks.ts';
import type { Row } from './report-table.ts';
import { ms, num, type Summary } from './stats.ts';

function row(key: string, s: Summary, fields: Omit<Row, 'key' | 'figures' | 'p50' | 'p95' | 'p99'>, throughput?: number): Row {
  return {
    key,
    figures: { p50: s.p50, p95: s.p95, p99: s.p99, ...(throughput === undefined ? {} : { throughput }) },
    p50: ms(s.p50),
    p95: ms(s.p95),
    p99: ms(s.p99),
    ...fields,
  };
}

export function membershipRows(m: MembershipRun): Row[] {
  const load = `${num(m.renewals)} renewals in ${m.spreadSeconds} s`;
  const bad =
    m.renewals - m.granted + m.integrity.paidWithoutGrant + m.integrity.grantedMoreThanOnce + m.integrity.grantsWithoutPaidInvoice;
  const ok = m.renewals === m.seeding.subscribed && m.granted === m.renewals && integrityHolds(m.integrity);
  const info = { load, throughput: '—', errors: '', target: '(info)', result: '—' as const };
  const c = m.cpuMsPerRenewal;
  return [
    row(
      'membership renewal event to granted',
      m.eventToGranted,
      {
        scenario: `**Membership renewals**: ${num(m.members)} members renewing within ${m.spreadSeconds} s; \`invoice.paid\` event created → credits granted (\`membership_invoices.granted_at − event_created_at\`, the event's time in whole seconds); max ${ms(m.eventToGranted.max)} ms`,
        load,
        throughput: `${m.grantsPerSecond.toFixed(1)} grants/s`,
        errors: `${num(bad)} / ${num(m.renewals)}`,
        target: 'grants = renewals, each once',
        result: ok ? 'pass' : 'miss',
      },
      m.grantsPerSecond,
    ),
    row('membership renewal due to granted', m.dueToGranted, {
      scenario: `… renewal due (the period's end) → granted: the stand-in's ${m.tickMs} ms clock, delivery, webhook, workflow; max ${ms(m.dueToGranted.max)} ms`,
      ...info,
    }),
    row('membership renewal arrival to granted', m.arrivalToGranted, {
      scenario: `… \`invoice.paid\` arrival at the web (\`webhook_events.created_at\`) → granted; max ${ms(m.arrivalToGranted.max)} ms`,
      ...info,
    }),
    row(
      'membership joins',
      m.seeding.subscribeToGranted,
      {
        scenario: `Membership joins (seeding the above): "Subscribe" on the stand-in's page → first period granted; ${num(m.seeding.firstGranted)} granted ${m.seeding.firstGrantsSeconds.toFixed(0)} s after the first join`,
        load: `${num(m.members)}, 8 at a time`,
        throughput: `${(m.seeding.firstGranted / m.seeding.firstGrantsSeconds).toFixed(1)} joins/s`,
        errors: `${num(m.seeding.failureCount)} / ${num(m.members)}`,
        target: '(info)',
        result: '—',
      },
      m.seeding.firstGranted / m.seeding.firstGrantsSeconds,
    ),
    {
      key: 'membership cpu per renewal',
      figures: {},
      scenario: `… shop CPU per renewal from the first due until quiet: web ${ms(c.web)}, worker ${ms(c.worker)}, Temporal ${ms(c.temporal)} ms (total ${ms(c.total)} ms)`,
      load,
      throughput: '—',
      p50: '—',
      p95: '—',
      p99: '—',
      errors: '',
      target: '(info)',
      result: '—',
    },
  ];
}

/** The phase's setup, for the list above the table. */
export function membershipSetup(m: MembershipRun): string {
  return `- **Membership renewals:** ${num(m.members)} signed-in customers (accounts and sessions written to the database) join the ${m.plan} plan through \`POST /membership\` and "Subscribe" on the local stand-in's page, 8 at a time; once every first period is granted and the shop is quiet, the first periods are ended at moments spread evenly over ${m.spreadSeconds} s (the stand-in's "End the period now", scheduled in one statement); \`MEMBERSHIP_TIME_SCALE\` makes a 30-day period last ${m.periodSeconds} s, so no period ends on its own during the phase; the stand-in's clock (web, every ${m.tickMs} ms) renews them and delivers \`invoice.paid\`, the membership workflow grants the credits; the workflows' own renewal check (\`MEMBERSHIP_RENEWAL_CHECK_DAYS=${m.renewalCheckDays}\`) comes after the phase; throughput = renewals granted / (first due → last grant)`;
}

export function membershipDetails(m: MembershipRun): string[] {
  const i = m.integrity;
  const w = m.workflows;
  const s = m.seeding;
  return [
    `- Membership seeding: ${num(m.members)} accounts in ${s.accountsSeconds.toFixed(1)} s, ${num(s.subscribed)} joined and subscribed in ${s.joinSeconds.toFixed(1)} s, ${num(s.firstGranted)} first periods granted ${s.firstGrantsSeconds.toFixed(0)} s after the first join (subscribe → first grant p50/p95/max ${ms(s.subscribeToGranted.p50)}/${ms(s.subscribeToGranted.p95)}/${ms(s.subscribeToGranted.max)} ms); quiet ${s.quietSeconds.toFixed(0)} s later`,
    ...s.failures.map((f) => `- membership seeding: ${f.count} × \`${f.status}\` — ${f.example}`),
    `- Membership renewals: ${num(m.renewals)} renewal invoices paid, ${num(m.granted)} granted in ${m.wallSeconds.toFixed(1)} s from the first due; event row written (ms) → granted p50/p95/max ${ms(m.eventRowToGranted.p50)}/${ms(m.eventRowToGranted.p95)}/${ms(m.eventRowToGranted.max)} ms; ${num(m.grantedBeforeEvent)} granted before their \`invoice.paid\` arrived (the workflow's renewal check); shop cores over the wave: web ${(m.cores.web ?? NaN).toFixed(2)}, worker ${(m.cores.worker ?? NaN).toFixed(2)}, Temporal ${(m.cores.temporal ?? NaN).toFixed(2)}, PostgreSQL ${(m.cores.postgres ?? NaN).toFixed(2)}`,
    `- Membership ledger: ${num(i.paidInvoices)} paid invoices (joins + renewals), ${num(i.grants)} \`credits:membership:<invoice>\` grants; ${num(i.paidWithoutGrant)} paid without a grant, ${num(i.grantedMoreThanOnce)} granted more than once, ${num(i.grantsWithoutPaidInvoice)} grants for no paid invoice, ${num(i.wrongAmount)} of the wrong amount, ${num(i.notRecorded)} not recorded on \`membership_invoices\`, ${num(i.balanceMismatch)} members whose balance is not credits × paid periods`,
    `- Membership workflows: ${num(w.running)} running, ${num(w.continuedAsNew)} runs continued as new (at least one per paid period: ${num(i.paidInvoices)}), ${num(w.otherwiseClosed)} closed otherwise; left running when the stack stops`,
  ];
}
