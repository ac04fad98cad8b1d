// The membership phase's reads of the bench database and of the shop's Temporal server: how far the joins and the
// renewals have got, each renewal's times, whether every paid invoice was granted exactly once, and the members'
// workflows (bench/lib/membership.ts).
import { Client, Connection } from '@temporalio/client';
import type pg from 'pg';

const epochMs = (column: string) => `extract(epoch from ${column}) * 1000`;

/** First periods (the joins') whose credits are granted. */
export async function grantedCount(db: pg.Pool, subscriptions: string[]): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `select count(*)::int as n from local_invoices li join membership_invoices mi on mi.stripe_invoice_id = li.invoice_id
      where li.subscription_id = any($1) and li.period_index = 1 and mi.granted_at is not null`,
    [subscriptions],
  );
  return rows[0]!.n;
}

/**
 * Ends the subscriptions' first periods at moments spread evenly over `spreadMs`, the first `leadMs` from now (the
 * database's clock): the stand-in's "End the period now" (endPeriodNow), scheduled. Answers the first and last, epoch ms.
 */
export async function scheduleRenewals(
  db: pg.Pool,
  subscriptions: string[],
  leadMs: number,
  spreadMs: number,
): Promise<{ first: number; last: number }> {
  const { rows } = await db.query<{ due: string }>(
    `with ranked as (
       select subscription_id, row_number() over (order by id) - 1 as i, count(*) over () as n from local_subscriptions
        where subscription_id = any($1) and period_index = 1 and status in ('trialing', 'active')
     )
     update local_subscriptions s
        set current_period_end = now() + make_interval(secs => ($2 + r.i * $3 / greatest(r.n - 1, 1)) / 1000.0), updated_at = now()
       from ranked r where r.subscription_id = s.subscription_id
     returning ${epochMs('s.current_period_end')} as due`,
    [subscriptions, leadMs, spreadMs],
  );
  const due = rows.map((r) => Number(r.due));
  if (due.length === 0) throw new Error('no subscription of the phase is in its first period: nothing to renew');
  return { first: Math.min(...due), last: Math.max(...due) };
}

export interface RenewalProgress {
  /** Renewal invoices (period 2) paid by the stand-in, and those whose credits are granted. */
  renewals: number;
  granted: number;
}

export async function renewalProgress(db: pg.Pool, subscriptions: string[]): Promise<RenewalProgress> {
  const { rows } = await db.query<{ renewals: number; granted: number }>(
    `select count(*)::int as renewals, count(mi.granted_at)::int as granted
       from local_invoices li left join membership_invoices mi on mi.stripe_invoice_id = li.invoice_id
      where li.subscription_id = any($1) and li.period_index = 2 and li.status = 'paid'`,
    [subscriptions],
  );
  return rows[0]!;
}

/** The stand-in's start of each subscription (its first period) → that period's credits granted, ms. */
export async function joinLatencies(db: pg.Pool, subscriptions: string[]): Promise<number[]> {
  const { rows } = await db.query<{ ms: string }>(
    `select ${epochMs('(mi.granted_at - li.period_start)')} as ms
       from local_invoices li join membership_invoices mi on mi.stripe_invoice_id = li.invoice_id
      where li.subscription_id = any($1) and li.period_index = 1 and mi.granted_at is not null`,
    [subscriptions],
  );
  return rows.map((r) => Number(r.ms));
}

export interface RenewalTimes {
  invoiceId: string;
  /** The renewal fell due: the first period's end (the renewal invoice's period start). */
  due: number;
  /** invoice.paid: its `created` as recorded (membership_invoices.event_created_at, whole seconds). */
  eventCreated: number | null;
  /** invoice.paid: when the stand-in wrote it (local_stripe_events.created_at). */
  eventRow: number | null;
  /** invoice.paid: its arrival at the web (webhook_events.created_at). */
  arrived: number | null;
  granted: number;
}

/** Times of every granted renewal invoice (period 2) of these subscriptions, epoch ms. */
export async function renewalLatencies(db: pg.Pool, subscriptions: string[]): Promise<RenewalTimes[]> {
  const { rows } = await db.query<{
    invoice_id: string;
    due: string;
    event_created: string | null;
    event_row: string | null;
    arrived: string | null;
    granted: string;
  }>(
    `select li.invoice_id, ${epochMs('li.period_start')} as due, ${epochMs('mi.event_created_at')} as event_created,
            ${epochMs('e.created_at')} as event_row, ${epochMs('w.created_at')} as arrived, ${epochMs('mi.granted_at')} as granted
       from local_invoices li
       join membership_invoices mi on mi.stripe_invoice_id = li.invoice_id
       left join lateral (
         select event_id, created_at from local_stripe_events s
          where s.subscription_id = li.subscription_id and s.type = 'invoice.paid' and s.payload->'data'->'object'->>'id' = li.invoice_id
          order by s.id limit 1
       ) e on true
       left join webhook_events w on w.provider = 'stripe' and w.event_id = e.event_id
      where li.subscription_id = any($1) and li.period_index = 2 and mi.granted_at is not null`,
    [subscriptions],
  );
  const n = (v: string | null) => (v === null ? null : Number(v));
  return rows.map((r) => ({
    invoiceId: r.invoice_id,
    due: Number(r.due),
    eventCreated: n(r.event_created),
    eventRow: n(r.event_row),
    arrived: n(r.arrived),
    granted: Number(r.granted),
  }));
}

export interface MembershipIntegrity {
  /** Paid invoices of the phase's subscriptions (joins and renewals). */
  paidInvoices: number;
  /** `credits:membership:<invoice>` transfers of those invoices. */
  grants: number;
  /** Paid invoices with no grant, and with more than one. */
  paidWithoutGrant: number;
  grantedMoreThanOnce: number;
  /** Membership grants in the ledger whose key names no paid invoice. */
  grantsWithoutPaidInvoice: number;
  /** Grants whose customer leg is not the plan's credits. */
  wrongAmount: number;
  /** Paid invoices whose membership_invoices row does not say the credits were granted. */
  notRecorded: number;
  /** Members whose available credits are not the plan's credits × their paid invoices. */
  balanceMismatch: number;
}

export async function integrityOf(db: pg.Pool, subscriptions: string[], creditsPerPeriod: number): Promise<MembershipIntegrity> {
  const { rows } = await db.query<{
    paid: number;
    grants: number;
    without: number;
    twice: number;
    wrong: number;
    not_recorded: number;
  }>(
    `with paid as (
       select li.invoice_id, 'credits:membership:' || li.invoice_id as key from local_invoices li
        where li.subscription_id = any($1) and li.status = 'paid'
     ), per_invoice as (
       select p.invoice_id, count(t.id)::int as n, min(t.id) as transfer_id from paid p
         left join ledger_transfers t on t.idempotency_key = p.key group by p.invoice_id
     )
     select (select count(*)::int from paid) as paid,
            (select coalesce(sum(n), 0)::int from per_invoice) as grants,
            (select count(*)::int from per_invoice where n = 0) as without,
            (select count(*)::int from per_invoice where n > 1) as twice,
            (select count(*)::int from per_invoice pi where pi.n > 0 and (
               select coalesce(sum(e.amount), 0) from ledger_entries e join ledger_accounts a on a.id = e.account_id
                where e.transfer_id = pi.transfer_id and a.customer_id is not null) <> $2) as wrong,
            (select count(*)::int from paid p left join membership_invoices mi on mi.stripe_invoice_id = p.invoice_id
              where mi.granted_at is null or mi.credits_granted <> $2) as not_recorded`,
    [subscriptions, creditsPerPeriod],
  );
  const orphans = await db.query<{ n: number }>(
    `select count(*)::int as n from ledger_transfers t where t.idempotency_key like 'credits:membership:%'
        and not exists (select 1 from local_invoices li where li.status = 'paid' and t.idempotency_key = 'credits:membership:' || li.invoice_id)`,
  );
  const balances = await db.query<{ n: number }>(
    `select count(*)::int as n from (
       select s.subscription_id, (s.metadata->>'customerId')::int as customer_id,
              (select count(*) from local_invoices li where li.subscription_id = s.subscription_id and li.status = 'paid') as paid
         from local_subscriptions s where s.subscription_id = any($1)
     ) m left join ledger_accounts a on a.customer_id = m.customer_id and a.kind = 'credits'
     where coalesce(a.available, 0) <> m.paid * $2`,
    [subscriptions, creditsPerPeriod],
  );
  const r = rows[0]!;
  return {
    paidInvoices: r.paid,
    grants: r.grants,
    paidWithoutGrant: r.without,
    grantedMoreThanOnce: r.twice,
    grantsWithoutPaidInvoice: orphans.rows[0]!.n,
    wrongAmount: r.wrong,
    notRecorded: r.not_recorded,
    balanceMismatch: balances.rows[0]!.n,
  };
}

/** All well: every paid invoice granted once, with its credits, and nothing else granted. */
export const integrityHolds = (i: MembershipIntegrity) =>
  i.paidWithoutGrant === 0 &&
  i.grantedMoreThanOnce === 0 &&
  i.grantsWithoutPaidInvoice === 0 &&
  i.wrongAmount === 0 &&
  i.notRecorded === 0 &&
  i.balanceMismatch === 0 &&
  i.grants === i.paidInvoices;

export interface MembershipWorkflowCounts {
  running: number;
  /** Runs that ended by continuing as new (each paid period continues as new). */
  continuedAsNew: number;
  /** Runs that ended otherwise: completed, failed, terminated, timed out, cancelled. */
  otherwiseClosed: number;
}

/** The shop's membership workflows by status (Temporal's visibility; raw counts, no payloads read). */
export async function countMembershipWorkflows(address: string, namespace: string): Promise<MembershipWorkflowCounts> {
  const connection = await Connection.connect({ address });
  try {
    const client = new Client({ connection, namespace });
    const count = async (status: string) =>
      (await client.workflow.count(`WorkflowType = 'membership' AND ExecutionStatus = '${status}'`)).count;
    const closed = await Promise.all(['Completed', 'Failed', 'Terminated', 'TimedOut', 'Canceled'].map(count));
    return {
      running: await count('Running'),
      continuedAsNew: await count('ContinuedAsNew'),
      otherwiseClosed: closed.reduce((a, b) => a + b, 0),
    };
  } finally {
    await connection.close();
  }
}
