// The admin dashboard's figures: revenue per day, orders to ship, and what the shop is still waiting on.
// Plain parameterised SQL: these are reports, not entity graphs.
import type { EntityManager } from '@mikro-orm/postgresql';
import { pointsOutstanding, type PointsOutstanding } from '#server/ledger/points-report.server.ts';

export interface DayFigure {
  day: string;
  revenue: number;
  orders: number;
}

export interface Dashboard {
  today: { revenue: number; orders: number };
  month: { revenue: number; orders: number };
  days: DayFigure[];
  toShip: Array<{ orderNumber: string; paidAt: string; email: string | null }>;
  staleCheckouts: Array<{ orderNumber: string; createdAt: string; expiresAt: string | null }>;
  failedRefunds: Array<{ orderNumber: string; amount: number; currency: string; reason: string | null; at: string }>;
  /** Print files that could not be made (after their retries), for a re-render. */
  failedRenders: Array<{ orderNumber: string; item: string; error: string | null; at: string }>;
  waiting: Waiting;
  /** Loyalty points customers hold, and what they are worth. */
  points: PointsOutstanding;
}

/** How many rows each "Waiting" list shows (the email count covers them all). */
export const WAITING_LIMIT = 20;

/**
 * What the shop is still waiting on — an integration down, a worker gone: the workflows retry with
 * backoff and each of these finishes by itself once it is back.
 */
export interface Waiting {
  /** Outbox rows not sent yet: queued (retrying when they carry an error), or given up (`failed`) in the last 7 days. */
  emails: {
    count: number;
    failing: number;
    oldestAt: string | null;
    rows: Array<{
      id: number;
      orderNumber: string | null;
      template: string;
      to: string;
      status: string;
      createdAt: string;
      updatedAt: string;
      error: string | null;
    }>;
  };
  /** Pending orders whose checkout workflow has not got its payment session from Stripe yet. */
  creatingSession: Array<{ orderNumber: string; createdAt: string }>;
  /** Paid orders whose print files are not all made yet. */
  renders: Array<{ orderNumber: string; files: number; since: string; attempts: number; error: string | null }>;
  /** Refunds not settled yet: being created at Stripe, or waiting for its final status. */
  refunds: Array<{ orderNumber: string; refundId: number; amount: number; currency: string; status: string; createdAt: string }>;
  /** Print orders the provider has not accepted yet (it is away, or the submit is being retried). */
  printOrders: Array<{ orderNumber: string; reference: string; since: string; tries: number; lastError: string | null }>;
}

async function waiting(em: EntityManager): Promise<Waiting> {
  const conn = em.getConnection();
  const unsent = "status = 'queued' or (status = 'failed' and created_at > now() - interval '7 days')";
  const [emailTotals, emails, sessions, renders, refunds, printOrders] = await Promise.all([
    conn.execute<Array<{ count: number; failing: number; oldest: Date | null }>>(
      `select count(*)::int as count, count(*) filter (where status = 'failed' or error is not null)::int as failing, min(created_at) as oldest
         from emails where ${unsent}`,
    ),
    conn.execute<
      Array<{
        id: number;
        order_number: string | null;
        template: string;
        to: string;
        status: string;
        created_at: Date;
        updated_at: Date;
        error: string | null;
      }>
    >(
      `select id, order_number, template, "to", status, created_at, updated_at, error from emails where ${unsent} order by created_at asc, id asc limit ${WAITING_LIMIT}`,
    ),
    conn.execute<Array<{ order_number: string; created_at: Date }>>(
      `select order_number, created_at from orders where status = 'pending' and stripe_checkout_session_id is null order by created_at asc limit ${WAITING_LIMIT}`,
    ),
    conn.execute<Array<{ order_number: string; files: number; since: Date; attempts: number; error: string | null }>>(
      `select o.order_number, count(*)::int as files, min(d.created_at) as since, max(d.attempts)::int as attempts, max(d.error) as error
         from downloads d join orders o on o.id = d.order_id
        where d.status in ('pending', 'rendering') and o.status in ('paid', 'partially_refunded', 'fulfilled')
        group by o.order_number order by min(d.created_at) asc limit ${WAITING_LIMIT}`,
    ),
    conn.execute<Array<{ order_number: string; id: number; amount: number; currency: string; status: string; created_at: Date }>>(
      `select o.order_number, r.id, r.amount, r.currency, r.status, r.created_at from refunds r join orders o on o.id = r.order_id
        where r.status in ('requested', 'pending') order by r.created_at asc limit ${WAITING_LIMIT}`,
    ),
    conn.execute<Array<{ order_number: string; reference: string; created_at: Date; submit_tries: number; last_error: string | null }>>(
      `select o.order_number, p.reference, p.created_at, p.submit_tries, p.last_error from provider_orders p join orders o on o.id = p.order_id
        where p.status = 'submitting' order by p.created_at asc limit ${WAITING_LIMIT}`,
    ),
  ]);
  const iso = (d: Date) => new Date(d).toISOString();
  const totals = emailTotals[0];
  return {
    emails: {
      count: totals?.count ?? 0,
      failing: totals?.failing ?? 0,
      oldestAt: totals?.oldest ? iso(totals.oldest) : null,
      rows: emails.map((e) => ({
        id: e.id,
        orderNumber: e.order_number,
        template: e.template,
        to: e.to,
        status: e.status,
        createdAt: iso(e.created_at),
        updatedAt: iso(e.updated_at),
        error: e.error,
      })),
    },
    creatingSession: sessions.map((o) => ({ orderNumber: o.order_number, createdAt: iso(o.created_at) })),
    renders: renders.map((r) => ({
      orderNumber: r.order_number,
      files: r.files,
      since: iso(r.since),
      attempts: r.attempts,
      error: r.error,
    })),
    refunds: refunds.map((r) => ({
      orderNumber: r.order_number,
      refundId: r.id,
      amount: Number(r.amount),
      currency: r.currency,
      status: r.status,
      createdAt: iso(r.created_at),
    })),
    printOrders: printOrders.map((p) => ({
      orderNumber: p.order_number,
      reference: p.reference,
      since: iso(p.created_at),
      tries: p.submit_tries,
      lastError: p.last_error,
    })),
  };
}

/** Paid money counts on the day it was paid (UTC), net of refunds; points are worth `pointValue` minor units each. */
export async function dashboard(em: EntityManager, graceSeconds: number, pointValue: number): Promise<Dashboard> {
  const conn = em.getConnection();
  const paidStatuses = "('paid','partially_refunded','refunded','fulfilled')";
  const [today, month, days, toShip, stale, failedRefunds, failedRenders, waitingNow, points] = await Promise.all([
    conn.execute<Array<{ revenue: string | null; orders: string }>>(
      `select sum(total - refunded) as revenue, count(*) as orders from orders where status in ${paidStatuses} and paid_at >= date_trunc('day', now() at time zone 'utc') at time zone 'utc'`,
    ),
    conn.execute<Array<{ revenue: string | null; orders: string }>>(
      `select sum(total - refunded) as revenue, count(*) as orders from orders where status in ${paidStatuses} and paid_at >= date_trunc('month', now() at time zone 'utc') at time zone 'utc'`,
    ),
    conn.execute<Array<{ day: string; revenue: string | null; orders: string }>>(
      `select to_char(d.day, 'YYYY-MM-DD') as day, coalesce(sum(o.total - o.refunded), 0) as revenue, count(o.id) as orders
         from generate_series((now() at time zone 'utc')::date - 29, (now() at time zone 'utc')::date, interval '1 day') as d(day)
         left join orders o on o.status in ${paidStatuses} and (o.paid_at at time zone 'utc')::date = d.day
        group by d.day order by d.day`,
    ),
    conn.execute<Array<{ order_number: string; paid_at: Date; email: string | null }>>(
      `select o.order_number, o.paid_at, o.email from orders o
        where o.status = 'paid' and o.fulfilment_type <> 'digital'
          and not exists (select 1 from order_events e where e.order_id = o.id and e.type = 'shipped')
          and exists (select 1 from order_items i where i.order_id = o.id and i.format <> 'digital' and i.grants_credits is null
                        and coalesce(i.fulfilment, 'manual') = 'manual')
        order by o.paid_at asc limit 50`,
    ),
    conn.execute<Array<{ order_number: string; created_at: Date; checkout_expires_at: Date | null }>>(
      `select order_number, created_at, checkout_expires_at from orders
        where status = 'pending' and coalesce(checkout_expires_at, created_at + interval '1 day') < now() - make_interval(secs => ?)
        order by created_at asc limit 50`,
      [graceSeconds + 60],
    ),
    conn.execute<Array<{ order_number: string; amount: number; currency: string; failure_reason: string | null; updated_at: Date }>>(
      `select o.order_number, r.amount, r.currency, r.failure_reason, r.updated_at from refunds r join orders o on o.id = r.order_id
        where r.status in ('failed', 'canceled') order by r.updated_at desc limit 50`,
    ),
    conn.execute<Array<{ order_number: string; item: string; error: string | null; updated_at: Date }>>(
      `select o.order_number, i.product_title || ' — ' || i.variant_title as item, max(d.error) as error, max(d.updated_at) as updated_at
         from downloads d join orders o on o.id = d.order_id join order_items i on i.id = d.item_id
        where d.status = 'failed' and o.status in ('paid', 'partially_refunded', 'fulfilled')
        group by o.order_number, i.id, i.product_title, i.variant_title order by max(d.updated_at) desc limit 50`,
    ),
    waiting(em),
    pointsOutstanding(em, pointValue),
  ]);
  return {
    today: { revenue: Number(today[0]?.revenue ?? 0), orders: Number(today[0]?.orders ?? 0) },
    month: { revenue: Number(month[0]?.revenue ?? 0), orders: Number(month[0]?.orders ?? 0) },
    days: days.map((d) => ({ day: d.day, revenue: Number(d.revenue ?? 0), orders: Number(d.orders) })),
    toShip: toShip.map((r) => ({ orderNumber: r.order_number, paidAt: new Date(r.paid_at).toISOString(), email: r.email })),
    failedRenders: failedRenders.map((r) => ({
      orderNumber: r.order_number,
      item: r.item,
      error: r.error,
      at: new Date(r.updated_at).toISOString(),
    })),
    failedRefunds: failedRefunds.map((r) => ({
      orderNumber: r.order_number,
      amount: Number(r.amount),
      currency: r.currency,
      reason: r.failure_reason,
      at: new Date(r.updated_at).toISOString(),
    })),
    staleCheckouts: stale.map((r) => ({
      orderNumber: r.order_number,
      createdAt: new Date(r.created_at).toISOString(),
      expiresAt: r.checkout_expires_at ? new Date(r.checkout_expires_at).toISOString() : null,
    })),
    waiting: waitingNow,
    points,
  };
}
