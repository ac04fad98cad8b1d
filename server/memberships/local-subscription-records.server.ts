// The local stand-in for Stripe Billing, its records: subscription and invoice rows as stored, read back with their
// timestamps as Dates, and the Stripe-format objects its events carry.
import type { EntityManager } from '@mikro-orm/postgresql';

export interface LocalSubscriptionRow {
  id: number;
  subscription_id: string;
  customer_ref: string;
  email: string | null;
  metadata: Record<string, string>;
  price_id: string;
  amount: number;
  currency: string;
  trial_days: number;
  status: 'incomplete' | 'trialing' | 'active' | 'past_due' | 'canceled' | 'incomplete_expired';
  period_index: number;
  current_period_start: Date | null;
  current_period_end: Date | null;
  cancel_at_period_end: boolean;
  pause_resumes_at: Date | null;
  card_declines: boolean;
  open_invoice_id: string | null;
  canceled_at: Date | null;
  created_at: Date;
  success_url: string;
  cancel_url: string;
}

export interface LocalInvoiceRow {
  invoice_id: string;
  subscription_id: string;
  period_index: number;
  billing_reason: string;
  amount: number;
  currency: string;
  status: 'open' | 'paid' | 'void';
  attempt_count: number;
  period_start: Date;
  period_end: Date;
  paid_at: Date | null;
  next_payment_attempt: Date | null;
}

const SUBSCRIPTION_DATES = ['current_period_start', 'current_period_end', 'pause_resumes_at', 'canceled_at', 'created_at'] as const;
const INVOICE_DATES = ['period_start', 'period_end', 'paid_at', 'next_payment_attempt'] as const;

/** PostgreSQL's timestamps arrive from raw queries as text: made Dates, as the rest of the code expects. */
export function withDates<T extends object>(row: T, columns: readonly string[]): T {
  const out = { ...row } as Record<string, unknown>;
  for (const c of columns) if (out[c] != null && !(out[c] instanceof Date)) out[c] = new Date(out[c] as string);
  return out as T;
}
export const subscriptionRow = (row: LocalSubscriptionRow) => withDates(row, SUBSCRIPTION_DATES);
export const invoiceRow = (row: LocalInvoiceRow) => withDates(row, INVOICE_DATES);

/** A failed renewal is tried again this many days apart, at most this many times in all (as Stripe's retry schedule). */
export const seconds = (d: Date | null) => (d ? Math.floor(d.getTime() / 1000) : null);
/** The checkout session of a local subscription shares its random part. */
export const localCheckoutSessionId = (subscriptionId: string) => subscriptionId.replace(/^sub_/, 'cs_');
/** A local price id carries its amount (`price_local_plan_<plan>_<amount>`), as the plan sync names it. */
export function amountOfLocalPrice(priceId: string): number | null {
  const m = /^price_local_plan_\d+_(\d+)$/.exec(priceId);
  return m ? Number(m[1]) : null;
}

export async function findLocalSubscription(em: EntityManager, subscriptionId: string): Promise<LocalSubscriptionRow | null> {
  const rows = await em.execute<LocalSubscriptionRow[]>(
    `select * from local_subscriptions where subscription_id = ?`,
    [subscriptionId],
    'all',
  );
  return rows[0] ? subscriptionRow(rows[0]) : null;
}

export async function localInvoices(em: EntityManager, subscriptionId: string): Promise<LocalInvoiceRow[]> {
  const rows = await em.execute<LocalInvoiceRow[]>(
    `select * from local_invoices where subscription_id = ? order by period_index desc`,
    [subscriptionId],
    'all',
  );
  return rows.map(invoiceRow);
}

// Stripe-format objects ----------------------------------------------------------------------------------------------

export function subscriptionObject(s: LocalSubscriptionRow, latestInvoiceId: string | null) {
  const period = { current_period_start: seconds(s.current_period_start), current_period_end: seconds(s.current_period_end) };
  return {
    id: s.subscription_id,
    object: 'subscription',
    customer: s.customer_ref,
    status: s.status,
    cancel_at_period_end: s.cancel_at_period_end,
    canceled_at: seconds(s.canceled_at),
    ended_at: s.status === 'canceled' ? seconds(s.canceled_at) : null,
    pause_collection: s.pause_resumes_at ? { behavior: 'void', resumes_at: seconds(s.pause_resumes_at) } : null,
    metadata: s.metadata,
    latest_invoice: latestInvoiceId,
    ...period,
    items: {
      object: 'list',
      data: [
        {
          id: s.subscription_id.replace(/^sub_/, 'si_'),
          object: 'subscription_item',
          quantity: 1,
          price: { id: s.price_id, object: 'price', unit_amount: s.amount, currency: s.currency, recurring: { interval: 'month' } },
          ...period,
        },
      ],
    },
  };
}

export function invoiceObject(i: LocalInvoiceRow, s: Pick<LocalSubscriptionRow, 'customer_ref' | 'metadata'>, appUrl: string) {
  return {
    id: i.invoice_id,
    object: 'invoice',
    customer: s.customer_ref,
    billing_reason: i.billing_reason,
    status: i.status,
    amount_due: i.amount,
    amount_paid: i.status === 'paid' ? i.amount : 0,
    amount_remaining: i.status === 'paid' ? 0 : i.amount,
    currency: i.currency,
    attempt_count: i.attempt_count,
    attempted: i.attempt_count > 0,
    period_start: seconds(i.period_start),
    period_end: seconds(i.period_end),
    next_payment_attempt: seconds(i.next_payment_attempt),
    hosted_invoice_url: `${appUrl}/dev/subscriptions/${i.subscription_id}#${i.invoice_id}`,
    status_transitions: { paid_at: seconds(i.paid_at) },
    parent: { type: 'subscription_details', subscription_details: { subscription: i.subscription_id, metadata: s.metadata } },
    lines: {
      object: 'list',
      data: [{ object: 'line_item', amount: i.amount, period: { start: seconds(i.period_start), end: seconds(i.period_end) } }],
    },
  };
}

export interface LocalEventRow {
  event_id: string;
  type: string;
  created_at: Date;
  delivered_at: Date | null;
  attempts: number;
  last_error: string | null;
}

/** The stand-in's events for one subscription, newest first. */
export async function localEvents(em: EntityManager, subscriptionId: string, limit = 100): Promise<LocalEventRow[]> {
  const rows = await em.execute<LocalEventRow[]>(
    `select event_id, type, created_at, delivered_at, attempts, last_error from local_stripe_events where subscription_id = ? order by id desc limit ?`,
    [subscriptionId, limit],
    'all',
  );
  return rows.map((r) => withDates(r, ['created_at', 'delivered_at']));
}

/** The stand-in's subscriptions, newest first. */
export async function listLocalSubscriptions(em: EntityManager, limit = 200): Promise<LocalSubscriptionRow[]> {
  const rows = await em.execute<LocalSubscriptionRow[]>(`select * from local_subscriptions order by id desc limit ?`, [limit], 'all');
  return rows.map(subscriptionRow);
}
