import { LockMode } from '@mikro-orm/postgresql';
import { Order } from '#db/entities/order.ts';
import { releaseStock } from '#server/catalog/stock.server.ts';
import { releaseOrderCredits } from '#server/ledger/credits.server.ts';
import { releaseOrderPoints } from '#server/ledger/points-spending.server.ts';
import { releaseOrderNumber } from '#server/checkout/order-number-claim.server.ts';
import type { DbDeps } from '#server/deps.server.ts';
import { appendOrderEvent } from './append-order-event.server.ts';

/** Cancels a pending order (a paid or already cancelled one is left as it is), giving back its stock; its cart may check out again. */
export async function cancelOrder(
  { orm }: Pick<DbDeps, 'orm'>,
  { orderNumber, reason }: { orderNumber: string; reason: string },
): Promise<{ cancelled: boolean; email: string | null }> {
  const em = orm.em.fork();
  return em.transactional(async (tx) => {
    const order = await tx.findOneOrFail(Order, { orderNumber }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (order.status !== 'pending') return { cancelled: order.status === 'cancelled', email: order.email };
    order.status = 'cancelled';
    order.cancelledAt = new Date();
    order.cancelReason = reason;
    await releaseStock(tx, order);
    await releaseOrderPoints(tx, order, reason);
    await releaseOrderCredits(tx, order, reason);
    if (order.cartId) {
      // The cart stays the customer's: the next checkout starts a new order.
      await releaseOrderNumber(tx, order.cartId, orderNumber);
    }
    await tx.flush();
    await appendOrderEvent(tx, order, 'cancelled', `Cancelled: ${reason}`, null, `${orderNumber}:cancelled`);
    return { cancelled: true, email: order.email };
  });
}
