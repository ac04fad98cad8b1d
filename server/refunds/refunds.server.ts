// Starting refunds. What may be refunded is checked and the refund row written in ONE transaction that
// holds the order's row lock: two admins at once, or a double-submitted form, can never refund more
// than was paid. The refund-<id> workflow then does the rest.
import { paidForShipping, paidForUnits } from '#core/refund-amounts.ts';
import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import { formatMoney } from '#core/money.ts';
import { refundQuantityField, type RefundRequest } from '#core/schemas/admin-order.ts';
import { Order } from '#db/entities/order.ts';
import { REFUND_IN_FLIGHT, Refund, type RefundLine } from '#db/entities/refund.ts';
import { OrderNumberKey, TASK_QUEUES, refundWorkflowId } from '#workflows/messages.ts';
import { isLiveOrderStatus } from '#core/order-display.ts';
import { getEnv } from '#server/env.server.ts';
import { getTemporalClient } from '#server/temporal/client.server.ts';
import { logger } from '#server/log.server.ts';

/** A refusal names the form field it is about (`qty-<itemId>`, `amount`, `shipping`), or null for the whole form. */
export type RefundAnswer = { ok: true; refundId: number; message: string } | { ok: false; field: string | null; message: string };

/** Refundable: paid − refunded − refunds in flight, and per item: bought − refunded − in flight. */
async function refundable(em: EntityManager, order: Order) {
  const inFlight = await em.find(Refund, { order: order.id, status: { $in: [...REFUND_IN_FLIGHT] } });
  const inFlightAmount = inFlight.reduce((n, r) => n + r.amount, 0);
  const inFlightQty = new Map<number, number>();
  let shippingInFlight = false;
  const done = await em.find(Refund, { order: order.id, status: 'succeeded', includesShipping: true });
  for (const r of inFlight) {
    for (const l of r.lines ?? []) inFlightQty.set(l.orderItemId, (inFlightQty.get(l.orderItemId) ?? 0) + l.quantity);
    if (r.includesShipping) shippingInFlight = true;
  }
  return { remaining: order.total - order.refunded - inFlightAmount, inFlightQty, shippingTaken: shippingInFlight || done.length > 0 };
}

/** Records a refund the admin's form asked for (checked by refundSchema) if that much is left to refund, then starts its workflow. */
export async function requestRefund(
  em: EntityManager,
  orderNumber: string,
  admin: { id: number },
  request: RefundRequest,
): Promise<RefundAnswer> {
  const { reason } = request;
  const outcome = await em.transactional(async (tx): Promise<RefundAnswer> => {
    const order = await tx.findOne(Order, { orderNumber }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!order) return { ok: false, field: null, message: 'No such order' };
    if (!isLiveOrderStatus(order.status) || !order.paidAt)
      return { ok: false, field: null, message: `A ${order.status.replace('_', ' ')} order cannot be refunded` };
    await tx.populate(order, ['items']);
    const { remaining, inFlightQty, shippingTaken } = await refundable(tx, order);
    const most = `at most ${formatMoney(Math.max(0, remaining), order.currency)} can be refunded`;

    let amount: number;
    let lines: RefundLine[] | null = null;
    let includesShipping = false;
    if (request.kind === 'items') {
      lines = [];
      amount = 0;
      for (const item of order.items.getItems()) {
        const quantity = request.quantities[item.id] ?? 0;
        if (!Number.isInteger(quantity) || quantity < 0)
          return { ok: false, field: refundQuantityField(item.id), message: 'Enter a whole number' };
        if (quantity === 0) continue;
        const left = item.quantity - item.refundedQuantity - (inFlightQty.get(item.id) ?? 0);
        if (quantity > left)
          return { ok: false, field: refundQuantityField(item.id), message: `At most ${left} of ${item.productTitle} can be refunded` };
        lines.push({
          orderItemId: item.id,
          quantity,
          ...(request.restock.includes(item.id) && item.format !== 'digital' ? { restock: true } : {}),
        });
        amount += paidForUnits(item, item.refundedQuantity + (inFlightQty.get(item.id) ?? 0), quantity);
      }
      if (request.shipping) {
        if (shippingTaken || order.shipping === 0)
          return { ok: false, field: 'shipping', message: 'Shipping was already refunded, or there was none' };
        includesShipping = true;
        amount += paidForShipping(order);
      }
      if (amount === 0) return { ok: false, field: null, message: 'Choose what to refund' };
      // A discounted order never refunds more than was paid for it.
      amount = Math.min(amount, remaining);
    } else {
      if (!Number.isInteger(request.amount) || request.amount <= 0)
        return { ok: false, field: 'amount', message: 'Enter an amount such as 12.50' };
      amount = request.amount;
    }
    if (amount > remaining) return { ok: false, field: request.kind === 'amount' ? 'amount' : null, message: `Too much: ${most}` };

    const refund = new Refund({ order, amount, currency: order.currency, reason, source: 'admin' });
    refund.lines = lines;
    refund.includesShipping = includesShipping;
    refund.requestedBy = admin.id;
    tx.persist(refund);
    await tx.flush();
    return { ok: true, refundId: refund.id, message: `Refund of ${formatMoney(amount, order.currency)} started` };
  });
  if (!outcome.ok) return outcome;
  try {
    await startRefundWorkflow(outcome.refundId, orderNumber);
  } catch {
    return {
      ok: false,
      field: null,
      message:
        'The refund was recorded but Temporal did not answer, so it has not started. It is listed below as requested: press “Start again”.',
    };
  }
  return outcome;
}

/** Starts (or finds) refund-<id>. A failure leaves the row 'requested': the page shows it and starting again is safe. */
export async function startRefundWorkflow(refundId: number, orderNumber: string): Promise<void> {
  try {
    await getTemporalClient().workflow.start('refund', {
      workflowId: refundWorkflowId(refundId),
      taskQueue: TASK_QUEUES.commerce,
      // A refund whose webhook never comes (lost, or the local stand-in's worker died) is asked about after this.
      args: [{ refundId, orderNumber, checkAfter: `${getEnv().REFUND_CHECK_AFTER_SECONDS} seconds` }],
      workflowIdConflictPolicy: 'USE_EXISTING',
      typedSearchAttributes: [{ key: OrderNumberKey, value: orderNumber }],
      staticSummary: `Refund ${refundId} of order ${orderNumber}`,
    });
  } catch (error) {
    logger.error({ err: error, refundId }, `refund ${refundId}: the workflow could not be started`);
    throw error;
  }
}

/** A Stripe refund object as webhooks carry it (charge.refund.updated, or inside charge.refunded). */
export interface StripeRefundLike {
  id: string;
  amount?: number;
  currency?: string;
  status?: string | null;
  failure_reason?: string | null;
  payment_intent?: string | { id: string } | null;
  metadata?: Record<string, string> | null;
}

/**
 * The refund row a Stripe refund belongs to: by Stripe id, by our metadata, or — a refund made in the
 * Stripe Dashboard — a new row (source stripe_dashboard) whose workflow reconciles it like any other.
 */
export async function refundForStripe(em: EntityManager, r: StripeRefundLike): Promise<{ refundId: number; orderNumber: string } | null> {
  const byId = await em.findOne(Refund, { stripeRefundId: r.id }, { populate: ['order'] });
  if (byId) return { refundId: byId.id, orderNumber: byId.order.orderNumber };
  const metaId = Number(r.metadata?.refundId);
  if (Number.isInteger(metaId) && metaId > 0) {
    const byMeta = await em.findOne(Refund, { id: metaId }, { populate: ['order'] });
    if (byMeta) {
      byMeta.stripeRefundId ??= r.id;
      await em.flush();
      return { refundId: byMeta.id, orderNumber: byMeta.order.orderNumber };
    }
  }
  const pi = typeof r.payment_intent === 'string' ? r.payment_intent : (r.payment_intent?.id ?? null);
  const order = pi ? await em.findOne(Order, { stripePaymentIntentId: pi }) : null;
  if (!order || !r.amount) return null;
  await em
    .createQueryBuilder(Refund)
    .insert({
      order: order.id,
      amount: r.amount,
      currency: r.currency ?? order.currency,
      reason: 'Refunded in the Stripe Dashboard',
      status: 'pending',
      stripeRefundId: r.id,
      source: 'stripe_dashboard',
      includesShipping: false,
      createdAt: new Date(),
      updatedAt: new Date(),
    })
    .onConflict('stripe_refund_id')
    .ignore()
    .execute();
  const row = await em.findOneOrFail(Refund, { stripeRefundId: r.id });
  await startRefundWorkflow(row.id, order.orderNumber);
  return { refundId: row.id, orderNumber: order.orderNumber };
}
