// The membership renewal phase: `members` customers join the Starter plan through the shop's own pages (POST
// /membership, then "Subscribe" on the local stand-in's page), and once every first period is granted and the shop is
// quiet, their first periods are ended at moments spread over `spreadSeconds` — what the stand-in's "End the period
// now" does (endPeriodNow sets current_period_end), scheduled in one statement so nothing else loads the shop meanwhile.
// The stand-in's clock (web process) renews each subscription when its period ends and delivers invoice.paid to
// /webhooks/stripe; the member's membership workflow grants the period's credits and continues as new. Measured per
// renewal invoice: the invoice.paid event's time → the credits granted (membership_invoices), and that each paid
// invoice was granted exactly once (bench/lib/membership-checks.ts).
//
// Seeding goes through the real join path, 8 members at a time, although granting the 1,000 first periods takes over
// 3 minutes on 2 cores: writing the memberships in SQL and calling startLocalSubscription would save next to nothing, as
// the time goes to the webhooks and workflows of the events a started subscription writes either way (the join pages
// themselves cost the web less than those webhooks). Only the accounts and their sessions are written to the database
// (bench/lib/customers.ts), so no sign-in emails are sent. Renewals are brought forward rather than waited
// for: how long the joins take is not known beforehand, and renewals arriving while joins are still being granted
// would measure both. MEMBERSHIP_TIME_SCALE makes a 30-day period last `periodSeconds`, longer than the phase, so no
// period ends on its own during it; the phase runs last on the stack, whose members go on renewing every period until
// it stops.
import type pg from 'pg';
import type { Stack } from '../../scripts/lib/stack.ts';
import { createSignedInCustomers, type BenchCustomer } from './customers.ts';
import { Failures, type Failure } from './failures.ts';
import {
  countMembershipWorkflows,
  grantedCount,
  integrityOf,
  joinLatencies,
  renewalLatencies,
  renewalProgress,
  scheduleRenewals,
  type MembershipIntegrity,
  type MembershipWorkflowCounts,
} from './membership-checks.ts';
import { pool, sleep, summarize, type Summary } from './stats.ts';
import { stackCpu, waitForQuiet } from './worker-env.ts';

export const MEMBERSHIP_PLAN = 'Starter';
const JOIN_CONCURRENCY = 8;
/** How long the joins' first periods may take to be granted, and the renewals after the last one fell due. */
const FIRST_GRANTS_MS = 300_000;
const RENEWAL_DRAIN_MS = 240_000;
/** The first renewal falls due this long after they are scheduled. */
const SCHEDULE_LEAD_MS = 2000;
const SHOP_PROCESSES = ['web', 'worker', 'temporal'] as const;

/** The stack environment the phase needs: a 30-day period lasting `periodSeconds`; the renewal check after the phase. */
export function membershipStackEnv(periodSeconds: number, spreadSeconds: number): Record<string, string> {
  const dayMs = (periodSeconds * 1000) / 30;
  // The workflow asks the stand-in itself this long after a period's end when no event came (2 days by default, which
  // the time scale makes seconds): kept past the phase, so the grants measured are the events' own.
  const phaseMs = FIRST_GRANTS_MS + spreadSeconds * 1000 + RENEWAL_DRAIN_MS;
  return {
    MEMBERSHIP_TIME_SCALE: String(periodSeconds / (30 * 86_400)),
    MEMBERSHIP_RENEWAL_CHECK_DAYS: String(Math.max(2, Math.ceil(phaseMs / dayMs))),
  };
}

export interface MembershipRun {
  members: number;
  plan: string;
  periodSeconds: number;
  spreadSeconds: number;
  /** The stand-in's clock tick (LOCAL_SUBSCRIPTIONS_TICK_MS) and the renewal check, as the stack ran them. */
  tickMs: number;
  renewalCheckDays: number;
  /** Seeding: accounts written, joined and subscribed through the pages, first periods granted. */
  seeding: {
    accountsSeconds: number;
    /** The joins' and subscribes' requests. */
    joinSeconds: number;
    subscribed: number;
    /** First "Subscribe" → every first period granted. */
    firstGrantsSeconds: number;
    firstGranted: number;
    /** The stand-in's subscription start → first period's credits granted. */
    subscribeToGranted: Summary;
    /** After the first grants, the wait for a quiet shop before the renewals were scheduled. */
    quietSeconds: number;
    failures: Failure[];
    failureCount: number;
  };
  /** Renewal invoices (period 2) paid by the stand-in, and those granted. */
  renewals: number;
  granted: number;
  /** invoice.paid event's `created` (whole seconds, membership_invoices.event_created_at) → granted_at. */
  eventToGranted: Summary;
  /** The same from the event row's insert (local_stripe_events.created_at, ms). */
  eventRowToGranted: Summary;
  /** The renewal's due time (the period's end) → granted_at. */
  dueToGranted: Summary;
  /** The invoice.paid webhook's arrival at the web (webhook_events.created_at) → granted_at. */
  arrivalToGranted: Summary;
  /** Grants made before their invoice.paid webhook arrived (the workflow's own renewal check). */
  grantedBeforeEvent: number;
  /** First renewal due → last grant. */
  wallSeconds: number;
  grantsPerSecond: number;
  integrity: MembershipIntegrity;
  workflows: MembershipWorkflowCounts;
  /** CPU of the shop's processes over the renewal wave (first due → quiet after the last grant), per renewal (ms), and cores. */
  cpuMsPerRenewal: { web: number; worker: number; temporal: number; total: number };
  cores: Record<string, number>;
}

/** Each customer joins (POST /membership → the stand-in's subscribe page) and presses "Subscribe". */
async function joinAndSubscribe(baseUrl: string, customers: BenchCustomer[], planId: number, failures: Failures): Promise<string[]> {
  const origin = new URL(baseUrl).origin;
  const post = async (path: string, fields: Record<string, string>, cookie?: string) => {
    const res = await fetch(new URL(path, baseUrl), {
      method: 'POST',
      body: new URLSearchParams(fields),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: origin, ...(cookie ? { Cookie: cookie } : {}) },
      redirect: 'manual',
    });
    const text = await res.text();
    if (res.status !== 303)
      throw Object.assign(new Error(text.replace(/<[^>]+>/g, ' ').slice(0, 200)), { status: `${path} ${res.status}` });
    return res.headers.get('location') ?? '';
  };
  const subscriptions: string[] = [];
  await pool(customers.length, JOIN_CONCURRENCY, async (i) => {
    const c = customers[i]!;
    try {
      const location = await post('/membership', { intent: 'join', planId: String(planId) }, c.cookie);
      const id = /\/dev\/subscribe\/(sub_local_[0-9a-f]+)$/.exec(location)?.[1];
      if (!id) throw Object.assign(new Error(`redirected to ${location}`), { status: 'join' });
      await post(`/dev/subscribe/${id}`, { email: c.email, intent: 'subscribe' });
      subscriptions.push(id);
    } catch (err) {
      failures.add((err as { status?: string }).status ?? 'error', err instanceof Error ? err.message : String(err));
    }
  });
  return subscriptions;
}

async function waitUntil(check: () => Promise<boolean>, timeoutMs: number, everyMs = 500): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return true;
    await sleep(everyMs);
  }
  return check();
}

export async function benchMemberships(opts: {
  stack: Stack;
  db: pg.Pool;
  members: number;
  periodSeconds: number;
  spreadSeconds: number;
  wrap: <T>(phase: string, fn: () => Promise<T>) => Promise<T>;
  log: (message: string) => void;
}): Promise<MembershipRun> {
  const { stack, db, log } = opts;
  const failures = new Failures();
  const plan = await db.query<{ id: number; credits_per_period: number }>(
    'select id, credits_per_period from membership_plans where name = $1',
    [MEMBERSHIP_PLAN],
  );
  if (!plan.rows[0]) throw new Error(`no membership plan "${MEMBERSHIP_PLAN}" in the bench database (was it seeded?)`);

  const t0 = performance.now();
  const customers = await createSignedInCustomers(db, { count: opts.members, secret: stack.env.SESSION_SECRET!, label: 'member' });
  const accountsSeconds = (performance.now() - t0) / 1000;
  log(`bench: membership: ${customers.length} customers join ${MEMBERSHIP_PLAN}, ${JOIN_CONCURRENCY} at a time…`);
  const seeded = await opts.wrap('membership joins (until every first period is granted)', async () => {
    const started = performance.now();
    const subscriptions = await joinAndSubscribe(stack.baseUrl, customers, plan.rows[0]!.id, failures);
    const joinSeconds = (performance.now() - started) / 1000;
    await waitUntil(async () => (await grantedCount(db, subscriptions)) >= subscriptions.length, FIRST_GRANTS_MS);
    return { subscriptions, joinSeconds, firstGrantsSeconds: (performance.now() - started) / 1000 };
  });
  const { subscriptions } = seeded;
  const firstGranted = await grantedCount(db, subscriptions);
  log(
    `bench:   ${subscriptions.length} subscribed in ${seeded.joinSeconds.toFixed(1)} s; ${firstGranted} first periods granted ${seeded.firstGrantsSeconds.toFixed(0)} s after the first join`,
  );
  const quiet = await waitForQuiet(stack, 0.15, 30_000);

  const due = await scheduleRenewals(db, subscriptions, SCHEDULE_LEAD_MS, opts.spreadSeconds * 1000);
  log(`bench: membership: ${subscriptions.length} renewals falling due over ${opts.spreadSeconds} s…`);
  await sleep(Math.max(0, due.first - 500 - Date.now()));

  const cpuBefore = stackCpu(stack);
  const renewed = await opts.wrap('membership renewals (first due → granted, until quiet)', async () => {
    let last = await renewalProgress(db, subscriptions);
    await waitUntil(
      async () => {
        last = await renewalProgress(db, subscriptions);
        return last.renewals >= subscriptions.length && last.granted >= last.renewals;
      },
      Math.max(0, due.last - Date.now()) + RENEWAL_DRAIN_MS,
      250,
    );
    // What follows a grant (the receipt, continue-as-new) belongs to the renewal too.
    await waitForQuiet(stack, 0.15, 20_000);
    return last;
  });
  const cpuAfter = stackCpu(stack);

  const lat = await renewalLatencies(db, subscriptions);
  const wallSeconds = lat.length > 0 ? (Math.max(...lat.map((r) => r.granted)) - due.first) / 1000 : NaN;
  const cores: Record<string, number> = {};
  const cpuMs: Record<string, number> = {};
  if (cpuBefore && cpuAfter) {
    const wall = (cpuAfter.at - cpuBefore.at) / 1000;
    for (const [label, seconds] of Object.entries(cpuAfter.seconds)) {
      const used = seconds - (cpuBefore.seconds[label] ?? seconds);
      cores[label] = used / wall;
      cpuMs[label] = (used * 1000) / Math.max(1, lat.length);
    }
  }
  const perRenewal = (label: string) => cpuMs[label] ?? NaN;
  // Temporal's visibility lags its executions by a moment.
  await sleep(2000);
  return {
    members: opts.members,
    plan: MEMBERSHIP_PLAN,
    periodSeconds: opts.periodSeconds,
    spreadSeconds: opts.spreadSeconds,
    tickMs: Number(stack.env.LOCAL_SUBSCRIPTIONS_TICK_MS ?? 1000),
    renewalCheckDays: Number(stack.env.MEMBERSHIP_RENEWAL_CHECK_DAYS ?? 2),
    seeding: {
      accountsSeconds,
      joinSeconds: seeded.joinSeconds,
      subscribed: subscriptions.length,
      firstGrantsSeconds: seeded.firstGrantsSeconds,
      firstGranted,
      subscribeToGranted: summarize(await joinLatencies(db, subscriptions)),
      quietSeconds: quiet.seconds,
      failures: failures.list(),
      failureCount: failures.total,
    },
    renewals: renewed.renewals,
    granted: renewed.granted,
    eventToGranted: summarize(lat.filter((r) => r.eventCreated !== null).map((r) => r.granted - r.eventCreated!)),
    eventRowToGranted: summarize(lat.filter((r) => r.eventRow !== null).map((r) => r.granted - r.eventRow!)),
    dueToGranted: summarize(lat.map((r) => r.granted - r.due)),
    arrivalToGranted: summarize(lat.filter((r) => r.arrived !== null).map((r) => r.granted - r.arrived!)),
    grantedBeforeEvent: lat.filter((r) => r.arrived === null || r.granted < r.arrived).length,
    wallSeconds,
    grantsPerSecond: lat.length / wallSeconds,
    integrity: await integrityOf(db, subscriptions, plan.rows[0]!.credits_per_period),
    workflows: await countMembershipWorkflows(stack.temporal.address, stack.temporal.namespace),
    cpuMsPerRenewal: {
      web: perRenewal('web'),
      worker: perRenewal('worker'),
      temporal: perRenewal('temporal'),
      total: SHOP_PROCESSES.reduce((sum, l) => sum + perRenewal(l), 0),
    },
    cores,
  };
}
