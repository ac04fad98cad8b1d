// Points spent at checkout: reserved with the pending order, spent when it is paid, released when it is cancelled.
// Each runs inside the order's own transaction (create, mark paid, cancel), so the order and its points move together.
import type { EntityManager } from '@mikro-orm/postgresql';
import { pointsToSpend } from '#core/ledger.ts';
import { Order } from '#db/entities/order.ts';
import { PermanentError } from '#server/errors.server.ts';
import { lockCustomerAccount, postTransfer, shopAccountId, existingTransfers } from './ledger.server.ts';

const keys = (orderNumber: string) => ({
  reserve: `points:reserve:${orderNumber}`,
  spend: `points:spend:${orderNumber}`,
  release: `points:release:${orderNumber}`,
});

/**
 * Holds `requested` points for a new order under the customer's account lock and prices them into its discount
 * (never more than its goods are worth). Fewer available than asked is a PermanentError that rolls the order back.
 */
export async function reservePoints(
  tx: EntityManager,
  order: Order,
  { customerId, requested, pointValue }: { customerId: number | null; requested: number; pointValue: number },
): Promise<void> {
  if (requested <= 0) return;
  if (!customerId) throw new PermanentError('sign in to use your points', 'PointsNeedAccount');
  const account = await lockCustomerAccount(tx, 'points', customerId);
  if (account.available < requested) {
    throw new PermanentError(
      `you chose to use ${requested} points but have ${account.available} available (another checkout may have used them)`,
      'NotEnoughPoints',
    );
  }
  const use = pointsToSpend(requested, account.available, order.subtotal, pointValue);
  if (use <= 0) return;
  await postTransfer(tx, {
    kind: 'points',
    type: 'reserve',
    idempotencyKey: keys(order.orderNumber).reserve,
    reason: `Held for order ${order.orderNumber} until it is paid`,
    orderId: order.id,
    legs: [
      { accountId: account.id, bucket: 'available', amount: -use, customer: true },
      { accountId: account.id, bucket: 'reserved', amount: use, customer: true },
    ],
  });
  order.pointsUsed = use;
  order.pointsDiscount = use * pointValue;
  order.discount = order.pointsDiscount;
  order.total = order.subtotal + order.shipping - order.pointsDiscount;
}

async function releaseHeld(tx: EntityManager, accountId: number, orderId: number, orderNumber: string, points: number, why: string) {
  const k = keys(orderNumber);
  const done = await existingTransfers(tx, k.reserve, k.spend);
  if (!done.has(k.reserve) || done.has(k.spend)) return 0;
  const posted = await postTransfer(tx, {
    kind: 'points',
    type: 'release',
    idempotencyKey: k.release,
    reason: `Released: ${why} (order ${orderNumber})`,
    orderId,
    legs: [
      { accountId, bucket: 'reserved', amount: -points, customer: true },
      { accountId, bucket: 'available', amount: points, customer: true },
    ],
  });
  return posted.created ? points : 0;
}

/** The order was cancelled (expired, payment failed): its held points are available again. */
export async function releaseOrderPoints(tx: EntityManager, order: Order, why: string): Promise<void> {
  if (order.pointsUsed <= 0 || !order.customer) return;
  const account = await lockCustomerAccount(tx, 'points', order.customer.id);
  await releaseHeld(tx, account.id, order.id, order.orderNumber, order.pointsUsed, why);
}

/**
 * The order is paid: its held points are spent. Paid after all once released (money for a cancelled order, an old
 * tab's session): taken from what is available, and what the customer no longer has is written off.
 */
export async function spendOrderPoints(tx: EntityManager, order: Order): Promise<void> {
  if (order.pointsUsed <= 0 || !order.customer) return;
  const k = keys(order.orderNumber);
  const account = await lockCustomerAccount(tx, 'points', order.customer.id);
  const done = await existingTransfers(tx, k.spend, k.release);
  if (done.has(k.spend)) return;
  const released = done.has(k.release);
  const fromAvailable = released ? Math.min(order.pointsUsed, account.available) : 0;
  const writtenOff = released ? order.pointsUsed - fromAvailable : 0;
  await postTransfer(tx, {
    kind: 'points',
    type: 'spend',
    idempotencyKey: k.spend,
    reason: `Spent on order ${order.orderNumber}${writtenOff ? ` (${writtenOff} no longer available, written off)` : ''}`,
    orderId: order.id,
    legs: [
      { accountId: account.id, bucket: 'reserved', amount: released ? 0 : -order.pointsUsed, customer: true },
      { accountId: account.id, bucket: 'available', amount: -fromAvailable, customer: true },
      { accountId: await shopAccountId(tx, 'points', 'redeemed'), bucket: 'available', amount: order.pointsUsed, customer: false },
      ...(writtenOff
        ? [
            {
              accountId: await shopAccountId(tx, 'points', 'written_off'),
              bucket: 'available' as const,
              amount: -writtenOff,
              customer: false,
            },
          ]
        : []),
    ],
  });
}
