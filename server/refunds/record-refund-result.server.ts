import { LockMode } from '@mikro-orm/postgresql';
import { formatMoney } from '#core/money.ts';
import type { OrderStatus } from '#core/order-status.ts';
import { OrderItem } from '#db/entities/order.ts';
import { Refund } from '#db/entities/refund.ts';
import { User } from '#db/entities/user.ts';
import type { ServerDeps } from '#server/deps.server.ts';
import { returnToStock } from '#server/catalog/stock.server.ts';
import { appendOrderEvent } from '#server/orders/append-order-event.server.ts';

export interface RecordedRefund {
  orderNumber: string;
  amountFormatted: string;
  /** Everything paid is now refunded. */
  full: boolean;
  status: 'succeeded' | 'failed' | 'canceled';
  hasEmail: boolean;
  /** The order's status after this refund (for the OrderStatus search attribute); absent in older histories. */
  orderStatus?: OrderStatus;
  email?: string | null;
}

/**
 * The refund's final status on the refund and its order, under the order's row lock, once: amounts, refunded
 * quantities, the order's status and the customer's stats, and the timeline entry.
 */
export async function recordRefundResult(
  { orm }: Pick<ServerDeps, 'orm'>,
  { refundId, status, failureReason }: { refundId: number; status: 'succeeded' | 'failed' | 'canceled'; failureReason: string | null },
): Promise<RecordedRefund> {
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
          if (item?.variantId && line.restock) {
            await returnToStock(tx, {
              orderItemId: item.id,
              variantId: item.variantId,
              quantity: line.quantity,
              orderNumber: order.orderNumber,
              refundId: refund.id,
            });
          }
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
    await appendOrderEvent(
      tx,
      order,
      refund.status === 'succeeded' ? 'refunded' : 'refund_failed',
      message,
      { refundId, amount: refund.amount },
      `${order.orderNumber}:refund:${refundId}`,
    );
    return {
      orderNumber: order.orderNumber,
      amountFormatted,
      full,
      status: refund.status as 'succeeded' | 'failed' | 'canceled',
      hasEmail: !!order.email,
    };
  });
}
