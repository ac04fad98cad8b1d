// The local stand-in for Stripe Billing as the membership code's SubscriptionProvider: the same calls Stripe answers in
// Stripe mode, each a change of the stand-in's subscription (and the events it causes) in one transaction.
import type { EntityManager } from '@mikro-orm/postgresql';
import { periodMs } from '#core/memberships.ts';
import {
  amountOfLocalPrice,
  findLocalSubscription,
  invoiceRow,
  type LocalInvoiceRow,
  type LocalSubscriptionRow,
} from './local-subscription-records.server.ts';
import {
  createLocalSubscriptionCheckout,
  latestInvoiceId,
  lockSubscription,
  subscriptionChanged,
  type Settings,
} from './local-subscriptions.server.ts';
import {
  SubscriptionRejectedError,
  type InvoiceSnapshot,
  type SubscriptionProvider,
  type SubscriptionSnapshot,
} from './subscription-provider.server.ts';

function snapshotOf(s: LocalSubscriptionRow, latest: string | null): SubscriptionSnapshot {
  return {
    subscriptionId: s.subscription_id,
    customerRef: s.customer_ref,
    status: s.status,
    pausedUntil: s.pause_resumes_at,
    cancelAtPeriodEnd: s.cancel_at_period_end,
    currentPeriodStart: s.current_period_start,
    currentPeriodEnd: s.current_period_end,
    endedAt: s.status === 'canceled' ? s.canceled_at : null,
    priceId: s.price_id,
    metadata: s.metadata,
    latestInvoiceId: latest,
  };
}

/** The stand-in as the membership code's SubscriptionProvider (the same calls Stripe answers in Stripe mode). */
export function localSubscriptions(em: EntityManager, env: Settings): SubscriptionProvider {
  const change = async (subscriptionId: string, apply: (s: LocalSubscriptionRow) => string | null): Promise<SubscriptionSnapshot> =>
    em.fork().transactional(async (tx) => {
      const s = await lockSubscription(tx, subscriptionId);
      if (s.status === 'canceled') throw new SubscriptionRejectedError(`The subscription ${subscriptionId} is canceled`);
      const type = apply(s);
      if (type) await subscriptionChanged(tx, s, type);
      return snapshotOf(s, await latestInvoiceId(tx, subscriptionId));
    });
  return {
    createCheckout: (input) => createLocalSubscriptionCheckout(em.fork(), env, input),
    async retrieveSubscription(subscriptionId) {
      const s = await findLocalSubscription(em.fork(), subscriptionId);
      if (!s) throw new SubscriptionRejectedError(`No such subscription: '${subscriptionId}'`);
      return snapshotOf(s, await latestInvoiceId(em.fork(), subscriptionId));
    },
    async retrieveInvoice(invoiceId): Promise<InvoiceSnapshot> {
      const rows = await em.fork().execute<LocalInvoiceRow[]>(`select * from local_invoices where invoice_id = ?`, [invoiceId], 'all');
      const i = rows[0] && invoiceRow(rows[0]);
      if (!i) throw new SubscriptionRejectedError(`No such invoice: '${invoiceId}'`);
      return {
        invoiceId: i.invoice_id,
        subscriptionId: i.subscription_id,
        status: i.status,
        amountDue: i.amount,
        amountPaid: i.status === 'paid' ? i.amount : 0,
        currency: i.currency,
        periodStart: i.period_start,
        periodEnd: i.period_end,
        attemptCount: i.attempt_count,
        hostedInvoiceUrl: `${env.APP_URL}/dev/subscriptions/${i.subscription_id}#${i.invoice_id}`,
        paidAt: i.paid_at,
        nextPaymentAttempt: i.next_payment_attempt,
      };
    },
    pause: (subscriptionId, periods) =>
      change(subscriptionId, (s) => {
        const from = s.current_period_end ?? new Date();
        s.pause_resumes_at = new Date(from.getTime() + periods * periodMs(env.MEMBERSHIP_TIME_SCALE));
        return 'customer.subscription.updated';
      }),
    resume: (subscriptionId) =>
      change(subscriptionId, (s) => {
        if (!s.pause_resumes_at) return null;
        s.pause_resumes_at = null;
        return 'customer.subscription.updated';
      }),
    setCancelAtPeriodEnd: (subscriptionId, cancel) =>
      change(subscriptionId, (s) => {
        if (s.cancel_at_period_end === cancel) return null;
        s.cancel_at_period_end = cancel;
        return 'customer.subscription.updated';
      }),
    cancelNow: async (subscriptionId) => {
      const s = await findLocalSubscription(em.fork(), subscriptionId);
      if (s?.status === 'canceled') return snapshotOf(s, await latestInvoiceId(em.fork(), subscriptionId));
      return change(subscriptionId, (row) => {
        row.status = 'canceled';
        row.canceled_at = new Date();
        return 'customer.subscription.deleted';
      });
    },
    changePrice: (subscriptionId, priceId) =>
      change(subscriptionId, (s) => {
        const amount = amountOfLocalPrice(priceId);
        if (amount == null) throw new SubscriptionRejectedError(`No such price: '${priceId}'`);
        if (s.price_id === priceId) return null;
        s.price_id = priceId;
        s.amount = amount;
        return 'customer.subscription.updated';
      }),
    cardUpdateUrl: ({ subscriptionId }) => Promise.resolve(`${env.APP_URL}/dev/subscriptions/${subscriptionId}`),
  };
}
