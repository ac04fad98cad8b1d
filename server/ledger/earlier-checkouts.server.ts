// A cart has one checkout at a time: when a new one starts (its content or its choice changed), what its earlier, still
// pending orders hold in points and credits comes back before the new order takes its own.
import type { EntityManager } from '@mikro-orm/postgresql';
import { Order } from '#db/entities/order.ts';
import { releaseOrderCredits } from './credits.server.ts';
import { releaseOrderPoints } from './points-spending.server.ts';

/**
 * What the cart's earlier, still pending checkouts hold (points and credits) comes back: a cart has one checkout at a
 * time, and its content changed since. Whether there were any.
 */
export async function releaseEarlierCheckouts(tx: EntityManager, order: Order): Promise<boolean> {
  if (!order.cartId) return false;
  const earlier = await tx.find(Order, { cartId: order.cartId, status: 'pending', orderNumber: { $ne: order.orderNumber } });
  for (const o of earlier) {
    await releaseOrderPoints(tx, o, 'the cart started a new checkout');
    await releaseOrderCredits(tx, o, 'the cart started a new checkout');
  }
  return earlier.length > 0;
}
