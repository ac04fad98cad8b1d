import { LockMode } from '@mikro-orm/postgresql';
import { Order } from '#db/entities/order.ts';
import { User } from '#db/entities/user.ts';
import { closePaidCart } from '#server/checkout/order-number-claim.server.ts';
import type { DbDeps } from '#server/deps.server.ts';
import { PermanentError } from '#server/errors.server.ts';
import { sellStock } from '#server/catalog/stock.server.ts';
import { spendOrderPoints } from '#server/ledger/points-spending.server.ts';
import { appendOrderEvent } from './append-order-event.server.ts';
import { paidOrderSummary, type PaidOrderSummary } from './mark-order-paid.server.ts';
import { orderAccessExpiry, orderStatusPath } from './order-access.server.ts';

/**
 * An order with nothing left to pay in money (its files paid with print credits, the rest with points) is complete
 * without a payment page: paid now, its points spent, its cart closed. Idempotent: a paid order is returned as it is.
 * `statusUrl` is where the customer goes instead of the payment page.
 */
export async function completeUnpaidOrder(
  { orm, env }: DbDeps,
  { orderNumber }: { orderNumber: string },
): Promise<PaidOrderSummary & { statusUrl: string }> {
  return orm.em.fork().transactional(async (tx) => {
    const order = await tx.findOneOrFail(Order, { orderNumber }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    await tx.populate(order, ['items']);
    const statusUrl = `${env.APP_URL}${orderStatusPath(orderNumber, orderAccessExpiry(order.createdAt), env.SESSION_SECRET)}`;
    if (order.paidAt) return { ...paidOrderSummary(order, env), statusUrl };
    if (order.status !== 'pending' || order.total !== 0) {
      throw new PermanentError(`order ${orderNumber} is ${order.status} with ${order.total} to pay`, 'NotFree');
    }
    order.status = 'paid';
    order.paidAt = new Date();
    if (order.customer) {
      const customer = await tx.findOneOrFail(User, order.customer.id, { lockMode: LockMode.PESSIMISTIC_WRITE });
      customer.orderCount += 1;
      customer.lastOrderAt = order.paidAt;
    }
    if (order.cartId) await closePaidCart(tx, order.cartId, orderNumber);
    await sellStock(tx, order);
    await spendOrderPoints(tx, order);
    await tx.flush();
    await appendOrderEvent(
      tx,
      order,
      'paid',
      'Nothing left to pay in money (print credits or points): complete without a payment',
      null,
      `${orderNumber}:paid`,
    );
    return { ...paidOrderSummary(order, env), statusUrl };
  });
}
