import { WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy, type Duration } from '@temporalio/common';
import {
  condition,
  getExternalWorkflowHandle,
  log,
  ParentClosePolicy,
  patched,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  startChild,
} from '@temporalio/workflow';
import { DATABASE, EMAIL, STRIPE } from './activity-options';
import type { CheckoutActivities, RefundState } from '#worker/activities/types.ts';
import type { PointsActivities, ReversedPoints } from '#worker/activities/points-types.ts';
import { pointsLot } from './loyalty-points';
import { OrderNumberKey, cancelFulfillmentSignal, fulfillmentWorkflowId, refundUpdateSignal } from './messages';
import { orderPointsWorkflowId, pointsLotWorkflowId, pointsReversedSignal } from './points-messages';

const stripe = proxyActivities<Pick<CheckoutActivities, 'createStripeRefund' | 'fetchStripeRefund'>>(STRIPE);
const db = proxyActivities<Pick<CheckoutActivities, 'recordRefundResult' | 'revokeDownloads' | 'issueCreditNote'>>(DATABASE);
const email = proxyActivities<Pick<CheckoutActivities, 'sendOrderEmail'>>(EMAIL);
const ledger = proxyActivities<Pick<PointsActivities, 'reversePointsForRefund'>>(DATABASE);

/** Tells the order's points workflow what is still pending, and starts the life of points given back. */
async function afterPointsReversal(orderNumber: string, points: ReversedPoints): Promise<void> {
  await getExternalWorkflowHandle(orderPointsWorkflowId(orderNumber))
    .signal(pointsReversedSignal, { pendingLeft: points.pendingLeft })
    .catch(() => undefined);
  if (points.returnedLotId === null || points.customerId === null) return;
  await startChild(pointsLot, {
    workflowId: pointsLotWorkflowId(points.returnedLotId),
    args: [
      { lotId: points.returnedLotId, customerId: points.customerId, expiresAt: points.expiresAt, orderNumber, schedule: points.schedule },
    ],
    parentClosePolicy: ParentClosePolicy.ABANDON,
    workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
    typedSearchAttributes: [{ key: OrderNumberKey, value: orderNumber }],
    staticSummary: `Points given back by a refund of order ${orderNumber}`,
  }).catch((err: unknown) => {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  });
}

export interface RefundInput {
  refundId: number;
  orderNumber: string;
  /** How long to wait for Stripe's webhook before asking Stripe directly (default 10 minutes). */
  checkAfter?: Duration;
}

/**
 * refund-<refundId>: creates the refund at Stripe (idempotency key = refund id), waits for its final
 * status (webhook signals, or asking Stripe after a while), then records it on the order; on a full
 * refund revokes the downloads and cancels unshipped fulfillment; tells the customer.
 */
export async function refund({ refundId, orderNumber, checkAfter = '10 minutes' }: RefundInput): Promise<{ status: string }> {
  let state: RefundState | null = null;
  setHandler(refundUpdateSignal, (update) => {
    if (update.status !== 'pending')
      state = { status: update.status, stripeRefundId: state?.stripeRefundId ?? null, failureReason: update.failureReason };
  });

  setCurrentDetails(`creating the refund at Stripe for ${orderNumber}`);
  const created = await stripe.createStripeRefund({ refundId });
  // A webhook may already have said more than the create call did.
  const current = (): RefundState => state ?? created;
  if (created.status !== 'pending' && !state) state = created;

  while (current().status === 'pending') {
    setCurrentDetails(`waiting for Stripe to settle refund ${refundId} (webhook, or asking Stripe after ${checkAfter})`);
    const heard = await condition(() => state !== null && state.status !== 'pending', checkAfter);
    if (!heard) {
      const asked = await stripe.fetchStripeRefund({ refundId });
      if (asked.status !== 'pending') state = asked;
    }
  }

  const final = current();
  const status = final.status === 'pending' ? 'failed' : final.status;
  const recorded = await db.recordRefundResult({ refundId, status, failureReason: final.failureReason });
  if (recorded.status === 'succeeded' && recorded.full) {
    // A fully refunded order's files stop being served (docs/decisions/035-signed-expiring-download-links.md).
    if (patched('revoke-downloads')) {
      setCurrentDetails(`fully refunded: revoking the downloads of ${orderNumber}`);
      await db.revokeDownloads({ orderNumber, refundId });
    }
    // Nothing left to ship for a fully refunded order (a no-op when already shipped or none exists).
    await getExternalWorkflowHandle(fulfillmentWorkflowId(orderNumber))
      .signal(cancelFulfillmentSignal, { reason: 'the order was fully refunded' })
      .catch(() => undefined);
  }
  // The credit note reverses the refunded lines' VAT on the order's invoice, before the email that names it.
  if (recorded.status === 'succeeded' && patched('credit-note')) {
    setCurrentDetails(`issuing the credit note for refund ${refundId}`);
    // One that cannot be made is on the order's timeline; the customer is told of the refund all the same.
    await db.issueCreditNote({ refundId }).catch(() => undefined);
  }
  // Points: the order's earned points taken back in proportion, the points it spent given back (a lot that expires in
  // points-lot-<id>). Whether an admin or Stripe's Dashboard made the refund, it passes here.
  if (recorded.status === 'succeeded' && patched('points-reversal')) {
    setCurrentDetails(`taking back the points of refund ${refundId}`);
    const points = await ledger.reversePointsForRefund({ refundId }).catch((err: unknown) => {
      log.error('points not reversed', { refundId, orderNumber, error: String(err) });
      return null;
    });
    if (points) await afterPointsReversal(orderNumber, points);
  }
  if (recorded.status === 'succeeded' && recorded.hasEmail) {
    await email.sendOrderEmail({ orderNumber, template: 'order-refunded', refundId });
  }
  setCurrentDetails(`refund ${refundId} ${recorded.status}: ${recorded.amountFormatted}`);
  return { status: recorded.status };
}
