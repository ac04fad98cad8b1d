// Local payment mode's stand-in for Stripe Billing: subscriptions that renew every period (30 days ×
// MEMBERSHIP_TIME_SCALE), invoices that are paid or fail on demand, retries of a failed payment, pause, cancel and
// plan changes. Every change writes the Stripe-format events it causes in the same transaction; the clock
// (local-subscription-clock.server.ts) delivers them, signed, to /webhooks/stripe.
import { randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { scaledMs } from '#core/campaigns.ts';
import { periodMs } from '#core/memberships.ts';
import type { Env } from '#server/env.server.ts';
import { buildEvent } from '#server/payments/local-stripe.server.ts';
import {
  invoiceObject,
  invoiceRow,
  localCheckoutSessionId,
  subscriptionObject,
  subscriptionRow,
  type LocalInvoiceRow,
  type LocalSubscriptionRow,
} from './local-subscription-records.server.ts';
import { SubscriptionRejectedError, type SubscriptionCheckoutInput } from './subscription-provider.server.ts';

export type Settings = Pick<Env, 'APP_URL' | 'MEMBERSHIP_TIME_SCALE'>;

export const RETRY_EVERY_DAYS = 3;
export const MAX_PAYMENT_ATTEMPTS = 4;

const hex = () => randomBytes(12).toString('hex');
const dayMs = (days: number, scale: number) => scaledMs(days * 86_400, scale);
// State changes (each in the caller's transaction) -------------------------------------------------------------------

async function enqueue(tx: EntityManager, type: string, subscriptionId: string, object: Record<string, unknown>): Promise<void> {
  const event = buildEvent(type, object);
  await tx.execute(
    `insert into local_stripe_events (event_id, type, subscription_id, payload) values (?, ?, ?, ?)`,
    [event.id, type, subscriptionId, JSON.stringify(event)],
    'run',
  );
}

export async function lockSubscription(tx: EntityManager, subscriptionId: string): Promise<LocalSubscriptionRow> {
  const rows = await tx.execute<LocalSubscriptionRow[]>(
    `select * from local_subscriptions where subscription_id = ? for update`,
    [subscriptionId],
    'all',
  );
  if (!rows[0]) throw new SubscriptionRejectedError(`No such subscription: '${subscriptionId}'`);
  return subscriptionRow(rows[0]);
}

async function saveSubscription(tx: EntityManager, s: LocalSubscriptionRow): Promise<void> {
  await tx.execute(
    `update local_subscriptions set status = ?, period_index = ?, current_period_start = ?, current_period_end = ?,
       cancel_at_period_end = ?, pause_resumes_at = ?, card_declines = ?, open_invoice_id = ?, canceled_at = ?, price_id = ?,
       amount = ?, email = ?, updated_at = now() where subscription_id = ?`,
    [
      s.status,
      s.period_index,
      s.current_period_start,
      s.current_period_end,
      s.cancel_at_period_end,
      s.pause_resumes_at,
      s.card_declines,
      s.open_invoice_id,
      s.canceled_at,
      s.price_id,
      s.amount,
      s.email,
      s.subscription_id,
    ],
    'run',
  );
}

export async function latestInvoiceId(tx: EntityManager, subscriptionId: string): Promise<string | null> {
  const rows = await tx.execute<Array<{ invoice_id: string }>>(
    `select invoice_id from local_invoices where subscription_id = ? order by period_index desc limit 1`,
    [subscriptionId],
    'all',
  );
  return rows[0]?.invoice_id ?? null;
}

export async function subscriptionChanged(tx: EntityManager, s: LocalSubscriptionRow, type = 'customer.subscription.updated') {
  await saveSubscription(tx, s);
  await enqueue(tx, type, s.subscription_id, subscriptionObject(s, await latestInvoiceId(tx, s.subscription_id)));
}

/** Tries to collect an invoice now: paid (the card works) or failed (another try later, until the attempts run out). */
async function collect(tx: EntityManager, s: LocalSubscriptionRow, invoice: LocalInvoiceRow, env: Settings, now: Date): Promise<void> {
  invoice.attempt_count += 1;
  const declined = s.card_declines && invoice.amount > 0;
  if (declined) {
    invoice.status = 'open';
    invoice.next_payment_attempt =
      invoice.attempt_count < MAX_PAYMENT_ATTEMPTS ? new Date(now.getTime() + dayMs(RETRY_EVERY_DAYS, env.MEMBERSHIP_TIME_SCALE)) : null;
    s.open_invoice_id = invoice.invoice_id;
    if (s.status !== 'trialing' || invoice.amount > 0) s.status = 'past_due';
  } else {
    invoice.status = 'paid';
    invoice.paid_at = now;
    invoice.next_payment_attempt = null;
    s.open_invoice_id = null;
    if (s.status === 'past_due' || s.status === 'incomplete' || invoice.amount > 0) s.status = 'active';
  }
  await tx.execute(
    `insert into local_invoices (invoice_id, subscription_id, period_index, billing_reason, amount, currency, status, attempt_count,
       period_start, period_end, paid_at, next_payment_attempt) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     on conflict (invoice_id) do update set status = excluded.status, attempt_count = excluded.attempt_count, paid_at = excluded.paid_at,
       next_payment_attempt = excluded.next_payment_attempt, updated_at = now()`,
    [
      invoice.invoice_id,
      invoice.subscription_id,
      invoice.period_index,
      invoice.billing_reason,
      invoice.amount,
      invoice.currency,
      invoice.status,
      invoice.attempt_count,
      invoice.period_start,
      invoice.period_end,
      invoice.paid_at,
      invoice.next_payment_attempt,
    ],
    'run',
  );
  await saveSubscription(tx, s);
  const object = invoiceObject(invoice, s, env.APP_URL);
  await enqueue(tx, declined ? 'invoice.payment_failed' : 'invoice.paid', s.subscription_id, object);
  await enqueue(tx, 'customer.subscription.updated', s.subscription_id, subscriptionObject(s, invoice.invoice_id));
}

function newInvoice(s: LocalSubscriptionRow, reason: string, amount: number): LocalInvoiceRow {
  return {
    invoice_id: `in_local_${s.subscription_id.slice('sub_local_'.length, 'sub_local_'.length + 16)}_${s.period_index}`,
    subscription_id: s.subscription_id,
    period_index: s.period_index,
    billing_reason: reason,
    amount,
    currency: s.currency,
    status: 'open',
    attempt_count: 0,
    period_start: s.current_period_start!,
    period_end: s.current_period_end!,
    paid_at: null,
    next_payment_attempt: null,
  };
}

/** The checkout: a subscription waiting on its payment page (`/dev/subscribe/<id>`). */
export async function createLocalSubscriptionCheckout(em: EntityManager, env: Settings, input: SubscriptionCheckoutInput) {
  const subscriptionId = `sub_local_${hex()}`;
  const customerRef = input.customerRef ?? `cus_local_${input.customerId}`;
  await em.execute(
    `insert into local_subscriptions (subscription_id, customer_ref, email, metadata, price_id, amount, currency, trial_days, success_url, cancel_url)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      subscriptionId,
      customerRef,
      input.email,
      JSON.stringify({ customerId: String(input.customerId), planId: String(input.plan.id), membershipId: String(input.membershipId) }),
      input.plan.stripePriceId,
      input.plan.price,
      input.plan.currency,
      input.plan.trialDays,
      input.successUrl,
      input.cancelUrl,
    ],
    'run',
  );
  return { url: `${env.APP_URL}/dev/subscribe/${subscriptionId}`, sessionId: localCheckoutSessionId(subscriptionId), customerRef };
}

/**
 * The payment page's "Subscribe": the first period starts (a trial when the plan has one, its invoice at 0), its
 * invoice is paid, and Stripe's events follow: checkout.session.completed, customer.subscription.created, invoice.paid.
 * A second press finds it started and changes nothing.
 */
export async function startLocalSubscription(em: EntityManager, env: Settings, subscriptionId: string, email: string) {
  return em.fork().transactional(async (tx) => {
    const s = await lockSubscription(tx, subscriptionId);
    if (s.status !== 'incomplete') return { started: false, redirectTo: s.success_url };
    const now = new Date();
    const trial = s.trial_days > 0;
    s.email = email;
    s.status = trial ? 'trialing' : 'active';
    s.period_index = 1;
    s.current_period_start = now;
    s.current_period_end = new Date(
      now.getTime() + (trial ? dayMs(s.trial_days, env.MEMBERSHIP_TIME_SCALE) : periodMs(env.MEMBERSHIP_TIME_SCALE)),
    );
    await saveSubscription(tx, s);
    await enqueue(tx, 'checkout.session.completed', subscriptionId, {
      id: localCheckoutSessionId(subscriptionId),
      object: 'checkout.session',
      mode: 'subscription',
      status: 'complete',
      payment_status: trial ? 'no_payment_required' : 'paid',
      client_reference_id: `membership-${s.metadata.membershipId}`,
      customer: s.customer_ref,
      customer_email: email,
      subscription: subscriptionId,
      metadata: s.metadata,
    });
    await enqueue(tx, 'customer.subscription.created', subscriptionId, subscriptionObject(s, null));
    await collect(tx, s, newInvoice(s, 'subscription_create', trial ? 0 : s.amount), env, now);
    return { started: true, redirectTo: s.success_url };
  });
}

/** A period has ended: cancel (asked at period end), skip it (paused), or bill the next one. */
async function renew(tx: EntityManager, s: LocalSubscriptionRow, env: Settings, now: Date): Promise<void> {
  const end = s.current_period_end!;
  if (s.cancel_at_period_end) {
    s.status = 'canceled';
    s.canceled_at = end;
    await subscriptionChanged(tx, s, 'customer.subscription.deleted');
    return;
  }
  s.period_index += 1;
  s.current_period_start = end;
  s.current_period_end = new Date(end.getTime() + periodMs(env.MEMBERSHIP_TIME_SCALE));
  if (s.status === 'trialing') s.status = 'active';
  if (s.pause_resumes_at && s.pause_resumes_at.getTime() > end.getTime()) {
    // Paused: the period passes without an invoice (Stripe voids it).
    await subscriptionChanged(tx, s);
    return;
  }
  s.pause_resumes_at = null;
  await collect(tx, s, newInvoice(s, 'subscription_cycle', s.amount), env, now);
}

/** Renews the subscriptions whose period has ended (several processes may run this: each row is taken once). */
export async function renewDueSubscriptions(em: EntityManager, env: Settings, limit = 200): Promise<number> {
  return em.fork().transactional(async (tx) => {
    const due = await tx.execute<LocalSubscriptionRow[]>(
      `select * from local_subscriptions where status in ('trialing', 'active', 'past_due') and current_period_end <= now()
       order by current_period_end limit ? for update skip locked`,
      [limit],
      'all',
    );
    const now = new Date();
    for (const s of due) await renew(tx, subscriptionRow(s), env, now);
    return due.length;
  });
}

/** Tries again the failed payments whose next attempt is due. */
export async function retryDuePayments(em: EntityManager, env: Settings, limit = 200): Promise<number> {
  return em.fork().transactional(async (tx) => {
    const due = await tx.execute<Array<LocalInvoiceRow & { sub: LocalSubscriptionRow }>>(
      `select i.*, to_jsonb(s) as sub from local_invoices i join local_subscriptions s on s.subscription_id = i.subscription_id
       where i.status = 'open' and i.next_payment_attempt <= now() and s.status = 'past_due'
       order by i.next_payment_attempt limit ? for update of s skip locked`,
      [limit],
      'all',
    );
    const now = new Date();
    for (const row of due) {
      const { sub, ...invoice } = row;
      const s = await lockSubscription(tx, sub.subscription_id);
      await collect(tx, s, invoiceRow(invoice as LocalInvoiceRow), env, now);
    }
    return due.length;
  });
}

// The stand-in's page (/dev/subscriptions/<id>) ---------------------------------------------------------------------

/** The next renewals fail (a card that declines), or work again. */
export async function setCardDeclines(em: EntityManager, subscriptionId: string, declines: boolean): Promise<void> {
  await em.execute(
    `update local_subscriptions set card_declines = ?, updated_at = now() where subscription_id = ?`,
    [declines, subscriptionId],
    'run',
  );
}

/** "Update card" (Stripe's customer portal): the card works again and an open invoice is paid now. */
export async function updateLocalCard(em: EntityManager, env: Settings, subscriptionId: string): Promise<void> {
  await em.fork().transactional(async (tx) => {
    const s = await lockSubscription(tx, subscriptionId);
    s.card_declines = false;
    await saveSubscription(tx, s);
    if (!s.open_invoice_id || s.status === 'canceled') return;
    const rows = await tx.execute<LocalInvoiceRow[]>(`select * from local_invoices where invoice_id = ?`, [s.open_invoice_id], 'all');
    if (rows[0]?.status === 'open') await collect(tx, s, invoiceRow(rows[0]), env, new Date());
  });
}

/** Ends the current period now (the clock renews it at its next tick): a month passes at the press of a button. */
export async function endPeriodNow(em: EntityManager, subscriptionId: string): Promise<void> {
  await em.execute(
    `update local_subscriptions set current_period_end = now(), updated_at = now() where subscription_id = ? and status in ('trialing', 'active', 'past_due')`,
    [subscriptionId],
    'run',
  );
}
