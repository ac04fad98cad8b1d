// Refunds: create at Stripe (idempotency key = refund id), ask Stripe for the status, record the result.
import { ApplicationFailure } from '@temporalio/activity';
import { LockMode, type MikroORM } from '@mikro-orm/postgresql';
import type Stripe from 'stripe';
import { formatMoney } from '#core/money.ts';
import { Download } from '#db/entities/download.ts';
import { Order, OrderItem } from '#db/entities/order.ts';
import { Refund } from '#db/entities/refund.ts';
import { User } from '#db/entities/user.ts';
import type { Env } from '#app/utils/env.server.ts';
import { createLocalRefund, localRefundId, retrieveLocalRefund } from '#app/utils/local-stripe.server.ts';
import { appendOrderEvent } from './orders';
import type { CheckoutActivities, RefundState } from './types';

export interface RefundDeps {
  orm: MikroORM;
  env: Env;
  /** null: local payment mode (the shop's stand-in for Stripe performs the refund). */
  stripe: Stripe | null;
}

const stateOf = (r: Pick<Stripe.Refund, 'id' | 'status'> & { failure_reason?: string | null }): RefundState => ({
  status: r.status === 'succeeded' ? 'succeeded' : r.status === 'failed' ? 'failed' : r.status === 'canceled' ? 'canceled' : 'pending',
  stripeRefundId: r.id,
  failureReason: r.failure_reason ?? null,
});

export function createRefundActivities({ orm, stripe }: RefundDeps): Pick<
  CheckoutActivities,
  'createStripeRefund' | 'fetchStripeRefund' | 'recordRefundResult' | 'revokeDownloads'
> {
  return {
    async createStripeRefund({ refundId }) {
      const em = orm.em.fork();
      const refund = await em.findOneOrFail(Refund, refundId, { populate: ['order'] });
      // Made in the Dashboard, or already final: nothing to create.
      if (refund.source === 'stripe_dashboard' || ['succeeded', 'failed', 'canceled'].includes(refund.status)) {
        return { status: refund.status === 'requested' ? 'pending' : (refund.status as RefundState['status']), stripeRefundId: refund.stripeRefundId, failureReason: refund.failureReason };
      }
      let state: RefundState;
      if (stripe) {
        const paymentIntent = refund.order.stripePaymentIntentId;
        if (!paymentIntent) throw ApplicationFailure.nonRetryable(`order ${refund.order.orderNumber} has no payment to refund`, 'NoPayment');
        try {
          const created = await stripe.refunds.create(
            { payment_intent: paymentIntent, amount: refund.amount, metadata: { refundId: String(refund.id), orderNumber: refund.order.orderNumber } },
            { idempotencyKey: `refund-${refund.id}` },
          );
          state = stateOf(created);
        } catch (error) {
          const e = error as { type?: string; message?: string };
          // Stripe refusing the refund (e.g. more than the charge) is final; network trouble is retried.
          if (e.type === 'StripeInvalidRequestError' || e.type === 'StripeCardError') {
            state = { status: 'failed', stripeRefundId: null, failureReason: e.message ?? 'refused by Stripe' };
          } else {
            throw error;
          }
        }
      } else {
        // Local payment mode: the stand-in answers `pending`, then settles it and delivers the webhooks, signed.
        state = stateOf(
          createLocalRefund({
            refundId: refund.id,
            orderNumber: refund.order.orderNumber,
            paymentIntent: refund.order.stripePaymentIntentId ?? `pi_local_${refund.order.orderNumber}`,
            amount: refund.amount,
            currency: refund.currency,
            chargeAmount: refund.order.total,
            amountRefunded: refund.order.refunded + refund.amount,
          }),
        );
      }
      // Conditional writes, not the row as read before the call: a webhook may have recorded the refund's id while Stripe
      // was being asked (its answer lost, the SDK retrying), and what the webhook wrote stands.
      const updatedAt = new Date();
      if (state.stripeRefundId) await em.nativeUpdate(Refund, { id: refund.id, stripeRefundId: null }, { stripeRefundId: state.stripeRefundId, updatedAt });
      await em.nativeUpdate(Refund, { id: refund.id, status: 'requested' }, { status: 'pending', updatedAt });
      return state;
    },

    async fetchStripeRefund({ refundId }) {
      const em = orm.em.fork();
      const refund = await em.findOneOrFail(Refund, refundId);
      if (!stripe || !refund.stripeRefundId || refund.stripeRefundId === localRefundId(refund.id)) {
        // The stand-in's answer to "retrieve refund" (a lost webhook): a refund it was asked to make has succeeded.
        return stateOf(retrieveLocalRefund(refund.stripeRefundId ?? localRefundId(refund.id)));
      }
      return stateOf(await stripe.refunds.retrieve(refund.stripeRefundId));
    },

    async recordRefundResult({ refundId, status, failureReason }) {
      const em = orm.em.fork();
      return em.transactional(async (tx) => {
        const refund = await tx.findOneOrFail(Refund, refundId, { populate: ['order'] });
        const order = refund.order;
        await tx.lock(order, LockMode.PESSIMISTIC_WRITE);
        const amountFormatted = formatMoney(refund.amount, refund.currency);
        const alreadyFinal = ['succeeded', 'failed', 'canceled'].includes(refund.status);
        if (!alreadyFinal) {
          refund.status = status;
          refund.failureReason = failureReason;
          refund.completedAt = new Date();
          if (status === 'succeeded') {
            order.refunded += refund.amount;
            for (const line of refund.lines ?? []) {
              const item = await tx.findOne(OrderItem, { id: line.orderItemId, order: order.id });
              if (item) item.refundedQuantity = Math.min(item.quantity, item.refundedQuantity + line.quantity);
            }
            const full = order.refunded >= order.total;
            order.status = full ? 'refunded' : 'partially_refunded';
            if (order.customer) {
              const customer = await tx.findOneOrFail(User, order.customer.id, { lockMode: LockMode.PESSIMISTIC_WRITE });
              // Lifetime value is net of refunds; a fully refunded order no longer counts as an order.
              customer.totalSpent = Math.max(0, customer.totalSpent - refund.amount);
              if (full) customer.orderCount = Math.max(0, customer.orderCount - 1);
            }
          }
          await tx.flush();
        }
        const full = order.refunded >= order.total;
        const message =
          refund.status === 'succeeded'
            ? `Refunded ${amountFormatted}${refund.source === 'stripe_dashboard' ? ' (from the Stripe Dashboard)' : ''}: ${refund.reason}`
            : `Refund of ${amountFormatted} ${refund.status}: ${refund.failureReason ?? 'no reason given'}`;
        await appendOrderEvent(tx, order, refund.status === 'succeeded' ? 'refunded' : 'refund_failed', message, { refundId, amount: refund.amount }, `${order.orderNumber}:refund:${refundId}`);
        return { orderNumber: order.orderNumber, amountFormatted, full, status: refund.status as 'succeeded' | 'failed' | 'canceled', hasEmail: !!order.email };
      });
    },

    /** A fully refunded order's files are never served again (the download route refuses revoked rows). Idempotent. */
    async revokeDownloads({ orderNumber, refundId }) {
      const em = orm.em.fork();
      const order = await em.findOneOrFail(Order, { orderNumber });
      const revoked = await em.nativeUpdate(Download, { order: order.id, status: { $ne: 'revoked' } }, { status: 'revoked', revokedAt: new Date() });
      if (revoked > 0) {
        await appendOrderEvent(em, order, 'downloads_revoked', `Downloads revoked (${revoked} file${revoked === 1 ? '' : 's'}): the order was fully refunded`, { refundId, revoked }, `${orderNumber}:downloads_revoked`);
      }
      return { revoked };
    },
  };
}
