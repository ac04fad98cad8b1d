// Points an order earns: pending when paid, available when its refund window has passed, taken back by refunds.
// Each step is one transaction under the customer's account lock and one transfer keyed by the order (or refund),
// so a retried activity, a replayed webhook or a reset workflow records nothing twice.
import type { EntityManager } from '@mikro-orm/postgresql';
import { lotExpiry, pointsEarned, proportionalShare } from '#core/ledger.ts';
import { paidForShipping } from '#core/refund-amounts.ts';
import { Order } from '#db/entities/order.ts';
import type { DbDeps } from '#server/deps.server.ts';
import { PermanentError } from '#server/errors.server.ts';
import { lockCustomerAccount, maybeOne, orderBucketSum, postTransfer, shopAccountId, type AccountRow } from './ledger.server.ts';
import { createLot, lotOfTransfer } from './points-lots.server.ts';
import { pointsRules, pointsSchedule, type PointsSchedule } from './points-settings.server.ts';

export interface EarnedPoints {
  orderNumber: string;
  points: number;
  customerId: number | null;
  /** Something ships: the points wait for delivery before the refund window starts. */
  waitsForDelivery: boolean;
  delivered: boolean;
  schedule: PointsSchedule;
}

/** Goods after discounts, as paid (shipping excluded). */
const goodsOf = (order: Order): number => Math.max(0, order.subtotal - order.discount);

interface RefundedSoFar {
  money: number;
  goods: number;
}

async function refundedSoFar(tx: EntityManager, order: Order): Promise<RefundedSoFar> {
  const rows = await tx.execute<Array<{ amount: number; includes_shipping: boolean }>>(
    `select amount, includes_shipping from refunds where order_id = ? and status = 'succeeded'`,
    [order.id],
    'all',
  );
  const shipping = paidForShipping(order);
  const money = rows.reduce((s, r) => s + r.amount, 0);
  const goods = rows.reduce((s, r) => s + Math.max(0, r.amount - (r.includes_shipping ? shipping : 0)), 0);
  return { money, goods };
}

/**
 * The order's points, pending: `POINTS_EARN_RATE` per whole currency unit of goods after discounts, for a paid order
 * with a customer account. Refunds that succeeded before this ran are taken back at once.
 */
export async function earnOrderPoints({ orm, env }: DbDeps, { orderNumber }: { orderNumber: string }): Promise<EarnedPoints> {
  const em = orm.em.fork();
  return em.transactional(async (tx) => {
    const order = await tx.findOneOrFail(Order, { orderNumber }, { populate: ['items'] });
    const formats = order.items.getItems().map((i) => i.format);
    const base = {
      orderNumber,
      customerId: order.customer?.id ?? null,
      waitsForDelivery: formats.some((f) => f !== 'digital'),
      delivered: order.deliveredAt !== null,
      schedule: pointsSchedule(env),
    };
    if (!order.paidAt) throw new PermanentError(`order ${orderNumber} is not paid`, 'NotPaid');
    const points = pointsEarned(goodsOf(order), pointsRules(env));
    if (!order.customer || points === 0) return { ...base, points: 0 };
    const account = await lockCustomerAccount(tx, 'points', order.customer.id);
    const earned = await postTransfer(tx, {
      kind: 'points',
      type: 'earn',
      idempotencyKey: `points:earn:${orderNumber}`,
      reason: `Earned for order ${orderNumber}`,
      orderId: order.id,
      legs: [
        { accountId: account.id, bucket: 'pending', amount: points, customer: true },
        { accountId: await shopAccountId(tx, 'points', 'earned'), bucket: 'available', amount: -points, customer: false },
      ],
    });
    // Refunds that succeeded before the points were earned take their share back at once.
    const refunded = await refundedSoFar(tx, order);
    if (refunded.money > 0) {
      const now = { ...account, pending: account.pending + (earned.created ? points : 0) };
      await reverseForRefunds(tx, order, now, refunded, `points:reverse:${orderNumber}:before-earning`);
    }
    return { ...base, points };
  });
}

/** The order's points still pending, now available as one lot expiring at `expiresAt`. Once per order. */
export async function makeOrderPointsAvailable(
  { orm }: Pick<DbDeps, 'orm'>,
  { orderNumber, expiresAt }: { orderNumber: string; expiresAt: string },
): Promise<{ lotId: number | null; points: number }> {
  const em = orm.em.fork();
  return em.transactional(async (tx) => {
    const order = await tx.findOneOrFail(Order, { orderNumber });
    if (!order.customer) return { lotId: null, points: 0 };
    const account = await lockCustomerAccount(tx, 'points', order.customer.id);
    const key = `points:available:${orderNumber}`;
    const done = await lotOfTransfer(tx, key);
    if (done) return { lotId: done.id, points: done.amount };
    const pending = Math.min(
      await orderBucketSum(tx, account.id, order.id, 'pending', ['earn', 'make_available', 'reverse']),
      account.pending,
    );
    if (pending <= 0) return { lotId: null, points: 0 };
    const transfer = await postTransfer(tx, {
      kind: 'points',
      type: 'make_available',
      idempotencyKey: key,
      reason: `Available: the refund window of order ${orderNumber} has passed`,
      orderId: order.id,
      legs: [
        { accountId: account.id, bucket: 'pending', amount: -pending, customer: true },
        { accountId: account.id, bucket: 'available', amount: pending, customer: true },
      ],
    });
    const lotId = await createLot(tx, { accountId: account.id, transferId: transfer.id, amount: pending, expiresAt: new Date(expiresAt) });
    return { lotId, points: pending };
  });
}

export interface ReversedPoints {
  /** Earned points taken back by this refund (from pending first, then available). */
  reversed: number;
  /** Of those, what the customer no longer had (spent already): written off, never a negative balance. */
  writtenOff: number;
  /** Points the order spent that this refund gives back, as a new lot. */
  returned: number;
  returnedLotId: number | null;
  /** What is still pending for the order afterwards (0: nothing left to make available). */
  pendingLeft: number;
  customerId: number | null;
  /** When the returned lot expires, and the clock its workflow keeps. */
  expiresAt: string;
  schedule: PointsSchedule;
}

/**
 * A succeeded refund's effect on points, whether an admin or Stripe's Dashboard made it: the order's earned points
 * are taken back in proportion to the goods refunded, and the points it spent are given back in proportion to the
 * money refunded (both rounded down per order, cumulatively, and wholly on a full refund; core/ledger.ts).
 */
export async function reversePointsForRefund({ orm, env }: DbDeps, { refundId }: { refundId: number }): Promise<ReversedPoints> {
  const em = orm.em.fork();
  const schedule = pointsSchedule(env);
  const expiresAt = lotExpiry(Date.now(), schedule).toISOString();
  return em.transactional(async (tx) => {
    const row = await maybeOne<{ order_id: number }>(tx, `select order_id from refunds where id = ?`, [refundId]);
    if (!row) throw new PermanentError(`refund ${refundId} does not exist`, 'RefundMissing');
    const order = await tx.findOneOrFail(Order, { id: row.order_id });
    const none: ReversedPoints = {
      reversed: 0,
      writtenOff: 0,
      returned: 0,
      returnedLotId: null,
      pendingLeft: 0,
      customerId: null,
      expiresAt,
      schedule,
    };
    if (!order.customer) return none;
    const account = await lockCustomerAccount(tx, 'points', order.customer.id);
    const refunded = await refundedSoFar(tx, order);
    const reversed = await reverseForRefunds(
      tx,
      order,
      account,
      refunded,
      `points:reverse:${order.orderNumber}:refund-${refundId}`,
      refundId,
    );
    const returned = await returnSpentPoints(tx, order, account.id, refunded, refundId, new Date(expiresAt));
    const pendingLeft = Math.max(0, await orderBucketSum(tx, account.id, order.id, 'pending', ['earn', 'make_available', 'reverse']));
    return { ...reversed, ...returned, pendingLeft, customerId: order.customer.id, expiresAt, schedule };
  });
}

/** Takes back the order's earned points down to their share of what is refunded; `account` is the customer's, locked. */
async function reverseForRefunds(
  tx: EntityManager,
  order: Order,
  account: AccountRow,
  refunded: RefundedSoFar,
  key: string,
  refundId: number | null = null,
) {
  const earned = await orderBucketSum(tx, account.id, order.id, 'pending', ['earn']);
  if (earned <= 0) return { reversed: 0, writtenOff: 0 };
  const reversedAccount = await shopAccountId(tx, 'points', 'reversed');
  const already = await orderBucketSum(tx, reversedAccount, order.id, 'available', ['reverse']);
  const target = proportionalShare(earned, refunded.goods, goodsOf(order), refunded.money >= order.total);
  const due = target - already;
  if (due <= 0) return { reversed: 0, writtenOff: 0 };
  const pendingOfOrder = await orderBucketSum(tx, account.id, order.id, 'pending', ['earn', 'make_available', 'reverse']);
  const fromPending = Math.max(0, Math.min(due, pendingOfOrder, account.pending));
  const fromAvailable = Math.min(due - fromPending, account.available);
  const writtenOff = due - fromPending - fromAvailable;
  const posted = await postTransfer(tx, {
    kind: 'points',
    type: 'reverse',
    idempotencyKey: key,
    reason: `Taken back: order ${order.orderNumber} was refunded${writtenOff ? ` (${writtenOff} already spent, written off)` : ''}`,
    orderId: order.id,
    refundId,
    legs: [
      { accountId: account.id, bucket: 'pending', amount: -fromPending, customer: true },
      { accountId: account.id, bucket: 'available', amount: -fromAvailable, customer: true },
      { accountId: reversedAccount, bucket: 'available', amount: due, customer: false },
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
  return posted.created ? { reversed: due, writtenOff } : { reversed: 0, writtenOff: 0 };
}

/** Gives back the points the order spent, up to their share of the money refunded, as a lot of the (locked) account. */
async function returnSpentPoints(
  tx: EntityManager,
  order: Order,
  accountId: number,
  refunded: RefundedSoFar,
  refundId: number,
  expiresAt: Date,
) {
  const none = { returned: 0, returnedLotId: null };
  if (order.pointsUsed <= 0) return none;
  const key = `points:return:${order.orderNumber}:refund-${refundId}`;
  const done = await lotOfTransfer(tx, key);
  if (done) return { returned: done.amount, returnedLotId: done.id };
  const returnedAccount = await shopAccountId(tx, 'points', 'returned');
  const spent = await orderBucketSum(tx, await shopAccountId(tx, 'points', 'redeemed'), order.id, 'available', ['spend']);
  const already = -(await orderBucketSum(tx, returnedAccount, order.id, 'available', ['return']));
  const due = proportionalShare(spent, refunded.money, order.total, refunded.money >= order.total) - already;
  if (due <= 0) return none;
  const transfer = await postTransfer(tx, {
    kind: 'points',
    type: 'return',
    idempotencyKey: key,
    reason: `Given back: order ${order.orderNumber}, paid partly with points, was refunded`,
    orderId: order.id,
    refundId,
    legs: [
      { accountId, bucket: 'available', amount: due, customer: true },
      { accountId: returnedAccount, bucket: 'available', amount: -due, customer: false },
    ],
  });
  const lotId = await createLot(tx, { accountId, transferId: transfer.id, amount: due, expiresAt });
  return { returned: due, returnedLotId: lotId };
}
