// Refunds at Stripe (idempotency key = refund id), or at the local stand-in in local payment mode.
import type Stripe from 'stripe';
import { Refund } from '#db/entities/refund.ts';
import type { ServerDeps } from '#server/deps.server.ts';
import { PermanentError } from '#server/errors.server.ts';
import { createLocalRefund, localRefundId, retrieveLocalRefund } from '#server/payments/local-stripe.server.ts';

export interface RefundState {
  status: 'pending' | 'succeeded' | 'failed' | 'canceled';
  stripeRefundId: string | null;
  failureReason: string | null;
}

const stateOf = (r: Pick<Stripe.Refund, 'id' | 'status'> & { failure_reason?: string | null }): RefundState => ({
  status: r.status === 'succeeded' ? 'succeeded' : r.status === 'failed' ? 'failed' : r.status === 'canceled' ? 'canceled' : 'pending',
  stripeRefundId: r.id,
  failureReason: r.failure_reason ?? null,
});

/** Asks Stripe for the refund once; a refusal is a failed refund, not an error. Made in the Dashboard or final already: nothing to do. */
export async function createStripeRefund(
  { orm, stripe }: Pick<ServerDeps, 'orm' | 'stripe'>,
  { refundId }: { refundId: number },
): Promise<RefundState> {
  const em = orm.em.fork();
  const refund = await em.findOneOrFail(Refund, refundId, { populate: ['order'] });
  // Made in the Dashboard, or already final: nothing to create.
  if (refund.source === 'stripe_dashboard' || ['succeeded', 'failed', 'canceled'].includes(refund.status)) {
    return {
      status: refund.status === 'requested' ? 'pending' : (refund.status as RefundState['status']),
      stripeRefundId: refund.stripeRefundId,
      failureReason: refund.failureReason,
    };
  }
  let state: RefundState;
  if (stripe) {
    const paymentIntent = refund.order.stripePaymentIntentId;
    if (!paymentIntent) throw new PermanentError(`order ${refund.order.orderNumber} has no payment to refund`, 'NoPayment');
    try {
      const created = await stripe.refunds.create(
        {
          payment_intent: paymentIntent,
          amount: refund.amount,
          metadata: { refundId: String(refund.id), orderNumber: refund.order.orderNumber },
        },
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
  if (state.stripeRefundId)
    await em.nativeUpdate(Refund, { id: refund.id, stripeRefundId: null }, { stripeRefundId: state.stripeRefundId, updatedAt });
  await em.nativeUpdate(Refund, { id: refund.id, status: 'requested' }, { status: 'pending', updatedAt });
  return state;
}

/** What Stripe (or the stand-in) says the refund is now: for a refund whose webhook is late. */
export async function fetchStripeRefund(
  { orm, stripe }: Pick<ServerDeps, 'orm' | 'stripe'>,
  { refundId }: { refundId: number },
): Promise<RefundState> {
  const em = orm.em.fork();
  const refund = await em.findOneOrFail(Refund, refundId);
  if (!stripe || !refund.stripeRefundId || refund.stripeRefundId === localRefundId(refund.id)) {
    // The stand-in's answer to "retrieve refund" (a lost webhook): a refund it was asked to make has succeeded.
    return stateOf(retrieveLocalRefund(refund.stripeRefundId ?? localRefundId(refund.id)));
  }
  return stateOf(await stripe.refunds.retrieve(refund.stripeRefundId));
}
