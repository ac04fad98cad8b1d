// The subscription provider on Stripe (Stripe mode): Checkout in subscription mode, the subscription's changes, and
// what Stripe says a subscription and an invoice are now. Fields that moved between API versions are read in both places.
import type Stripe from 'stripe';
import {
  SubscriptionRejectedError,
  type InvoiceSnapshot,
  type SubscriptionCheckoutInput,
  type SubscriptionProvider,
  type SubscriptionSnapshot,
} from './subscription-provider.server.ts';

const dateOf = (seconds: number | null | undefined): Date | null => (seconds == null ? null : new Date(seconds * 1000));
const idOf = (ref: string | { id: string } | null | undefined): string | null =>
  ref == null ? null : typeof ref === 'string' ? ref : ref.id;

/** The fields older API versions kept on the subscription and the invoice themselves. */
interface LegacySubscription {
  current_period_start?: number | null;
  current_period_end?: number | null;
}
interface LegacyInvoice {
  subscription?: string | { id: string } | null;
  paid_at?: number | null;
}

/** A date `months` calendar months later (UTC), on the same day or the month's last when it has fewer days. */
export function addMonths(date: Date, months: number): Date {
  const target = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(date.getUTCDate(), lastDay));
  target.setUTCHours(date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds(), date.getUTCMilliseconds());
  return target;
}

export function subscriptionSnapshot(sub: Stripe.Subscription): SubscriptionSnapshot {
  const item = sub.items?.data?.[0];
  const legacy = sub as unknown as LegacySubscription;
  const periodStart = item?.current_period_start ?? legacy.current_period_start;
  const periodEnd = item?.current_period_end ?? legacy.current_period_end;
  return {
    subscriptionId: sub.id,
    customerRef: idOf(sub.customer) ?? '',
    status: sub.status,
    pausedUntil: dateOf(sub.pause_collection?.resumes_at),
    // Newer API versions may say "cancel at the period's end" as cancel_at set to that end.
    cancelAtPeriodEnd: sub.cancel_at_period_end || (sub.cancel_at != null && periodEnd != null && sub.cancel_at === periodEnd),
    currentPeriodStart: dateOf(periodStart),
    currentPeriodEnd: dateOf(periodEnd),
    endedAt: dateOf(sub.ended_at),
    priceId: item?.price?.id ?? null,
    metadata: { ...(sub.metadata ?? {}) },
    latestInvoiceId: idOf(sub.latest_invoice),
  };
}

/**
 * The period an invoice bills: its subscription line's (the invoice's own period_start/end looks back one period for a
 * renewal), else the invoice's.
 */
function billedPeriod(invoice: Stripe.Invoice): { start: number | null; end: number | null } {
  const lines = (invoice.lines?.data ?? []).filter(
    (l) => l.period && (l.parent?.type ?? 'subscription_item_details') === 'subscription_item_details',
  );
  const latest = lines.reduce<Stripe.InvoiceLineItem | null>((best, l) => (!best || l.period.end > best.period.end ? l : best), null);
  return latest
    ? { start: latest.period.start, end: latest.period.end }
    : { start: invoice.period_start ?? null, end: invoice.period_end ?? null };
}

export function invoiceSnapshot(invoice: Stripe.Invoice): InvoiceSnapshot {
  const legacy = invoice as unknown as LegacyInvoice;
  const period = billedPeriod(invoice);
  return {
    invoiceId: invoice.id,
    subscriptionId: idOf(invoice.parent?.subscription_details?.subscription) ?? idOf(legacy.subscription),
    status: invoice.status ?? 'draft',
    amountDue: invoice.amount_due,
    amountPaid: invoice.amount_paid,
    currency: invoice.currency,
    periodStart: dateOf(period.start),
    periodEnd: dateOf(period.end),
    attemptCount: invoice.attempt_count ?? 0,
    hostedInvoiceUrl: invoice.hosted_invoice_url ?? null,
    paidAt: dateOf(invoice.status_transitions?.paid_at ?? legacy.paid_at),
    nextPaymentAttempt: dateOf(invoice.next_payment_attempt),
  };
}

/** Stripe refusing the request (bad parameters, no such subscription) is final; anything else is thrown as it is. */
async function asked<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    const e = err as { type?: string; message?: string };
    if (e.type === 'StripeInvalidRequestError') throw new SubscriptionRejectedError(`${what}: ${e.message ?? 'refused by Stripe'}`);
    throw err;
  }
}

export function stripeSubscriptions(stripe: Stripe): SubscriptionProvider {
  const retrieve = (subscriptionId: string) => asked('retrieve subscription', () => stripe.subscriptions.retrieve(subscriptionId));
  const update = async (subscriptionId: string, params: Stripe.SubscriptionUpdateParams, idempotencyKey: string) =>
    subscriptionSnapshot(
      await asked(`update subscription ${subscriptionId}`, () => stripe.subscriptions.update(subscriptionId, params, { idempotencyKey })),
    );

  return {
    async createCheckout(input: SubscriptionCheckoutInput) {
      const customer =
        input.customerRef ??
        (
          await asked('create customer', () =>
            stripe.customers.create(
              { email: input.email, metadata: { customerId: String(input.customerId) } },
              { idempotencyKey: `membership-customer:${input.customerId}` },
            ),
          )
        ).id;
      const metadata = { customerId: String(input.customerId), planId: String(input.plan.id), membershipId: String(input.membershipId) };
      const session = await asked('create checkout session', () =>
        stripe.checkout.sessions.create(
          {
            mode: 'subscription',
            customer,
            line_items: [{ price: input.plan.stripePriceId, quantity: 1 }],
            subscription_data: { metadata, ...(input.plan.trialDays > 0 ? { trial_period_days: input.plan.trialDays } : {}) },
            metadata,
            client_reference_id: `membership-${input.membershipId}`,
            success_url: input.successUrl,
            cancel_url: input.cancelUrl,
          },
          { idempotencyKey: `membership-checkout:${input.membershipId}:${input.plan.id}` },
        ),
      );
      if (!session.url) throw new SubscriptionRejectedError(`checkout session ${session.id} has no URL`);
      return { url: session.url, sessionId: session.id, customerRef: customer };
    },

    async retrieveSubscription(subscriptionId) {
      return subscriptionSnapshot(await retrieve(subscriptionId));
    },

    async retrieveInvoice(invoiceId) {
      return invoiceSnapshot(await asked('retrieve invoice', () => stripe.invoices.retrieve(invoiceId)));
    },

    async pause(subscriptionId, periods, idempotencyKey) {
      const current = subscriptionSnapshot(await retrieve(subscriptionId));
      const from = current.currentPeriodEnd ?? new Date();
      const resumesAt = Math.floor(addMonths(from, periods).getTime() / 1000);
      return update(subscriptionId, { pause_collection: { behavior: 'void', resumes_at: resumesAt } }, idempotencyKey);
    },

    resume(subscriptionId, idempotencyKey) {
      return update(subscriptionId, { pause_collection: '' }, idempotencyKey);
    },

    setCancelAtPeriodEnd(subscriptionId, cancel, idempotencyKey) {
      return update(subscriptionId, { cancel_at_period_end: cancel }, idempotencyKey);
    },

    async cancelNow(subscriptionId, idempotencyKey) {
      return subscriptionSnapshot(
        await asked(`cancel subscription ${subscriptionId}`, () => stripe.subscriptions.cancel(subscriptionId, {}, { idempotencyKey })),
      );
    },

    async changePrice(subscriptionId, priceId, idempotencyKey) {
      const item = (await retrieve(subscriptionId)).items?.data?.[0];
      if (!item) throw new SubscriptionRejectedError(`subscription ${subscriptionId} has no item to change`);
      return update(subscriptionId, { items: [{ id: item.id, price: priceId }], proration_behavior: 'create_prorations' }, idempotencyKey);
    },

    async cardUpdateUrl({ customerRef, returnUrl }) {
      const session = await asked('create billing portal session', () =>
        stripe.billingPortal.sessions.create({ customer: customerRef, return_url: returnUrl }),
      );
      return session.url;
    },
  };
}
