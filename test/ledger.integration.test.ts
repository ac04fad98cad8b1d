// The points ledger against PostgreSQL, without the rest of the shop: 20 checkouts spending the same points at once,
// the reservation's life (spent, released, paid after release), refunds' exact reversal and return, expiry first in
// first out, append-only rows, and a reconciliation of every account against its entries.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { MikroORM } from '@mikro-orm/postgresql';
import { Cart, CartItem } from '#db/entities/cart.ts';
import { Order, OrderItem } from '#db/entities/order.ts';
import { Variant } from '#db/entities/product.ts';
import { Refund } from '#db/entities/refund.ts';
import { User } from '#db/entities/user.ts';
import type { ServerDeps } from '#server/deps.server.ts';
import { PermanentError } from '#server/errors.server.ts';
import { grantPurchasedCredits, settleItemCredits } from '#server/ledger/credits.server.ts';
import { lockCustomerAccount } from '#server/ledger/ledger.server.ts';
import { earnOrderPoints, makeOrderPointsAvailable, reversePointsForRefund } from '#server/ledger/points-earning.server.ts';
import { adjustPoints, expirePointsLot, remainingOfLot } from '#server/ledger/points-lots.server.ts';
import { releaseOrderPoints, spendOrderPoints } from '#server/ledger/points-spending.server.ts';
import { cancelOrder } from '#server/orders/cancel-order.server.ts';
import { completeUnpaidOrder } from '#server/orders/complete-unpaid-order.server.ts';
import { createPendingOrder } from '#server/orders/create-pending-order.server.ts';
import { seed } from '#server/seed.server.ts';
import { ledgerDatabase, type LedgerDatabase } from './ledger-database.ts';

let orm: MikroORM;
let deps: ServerDeps;
let fileVariant: Variant;

let ledger: LedgerDatabase;

before(async () => {
  ledger = await ledgerDatabase('ledger', { POINTS_EARN_RATE: '1' }, 30);
  ({ orm, deps } = ledger);
  await seed(orm.em.fork());
  fileVariant = await orm.em.fork().findOneOrFail(Variant, { sku: 'NSP-DIG-A4' });
});
after(async () => {
  await ledger?.close();
});

let made = 0;
async function customer(): Promise<number> {
  const em = orm.em.fork();
  const user = new User(`ledger-${process.pid}-${++made}@example.com`);
  em.persist(user);
  await em.flush();
  return user.id;
}

const inAYear = () => new Date(Date.now() + 365 * 86_400_000);

async function give(customerId: number, amount: number, expiresAt = inAYear()) {
  const given = await adjustPoints(deps, {
    customerId,
    amount,
    reason: 'test',
    adminId: customerId,
    requestKey: `give-${++made}`,
    expiresAt,
  });
  assert.ok(given.ok);
  return given;
}

async function balances(customerId: number) {
  const rows = await orm.em
    .fork()
    .execute<Array<{ available: number; pending: number; reserved: number }>>(
      `select available, pending, reserved from ledger_accounts where customer_id = ? and kind = 'points'`,
      [customerId],
    );
  return rows[0] ?? { available: 0, pending: 0, reserved: 0 };
}

/** A pending order of `quantity` × the variant for the customer, spending `points`, its files paid with credits or not. */
async function pendingOrderOf(
  customerId: number,
  variantId: number,
  quantity: number,
  choice: { points?: number; payWithCredits?: boolean } = {},
) {
  const em = orm.em.fork();
  const cart = new Cart();
  cart.user = em.getReference(User, customerId);
  cart.pointsToUse = choice.points ?? 0;
  cart.payWithCredits = choice.payWithCredits ?? false;
  em.persist(cart);
  cart.items.add(new CartItem(cart, em.getReference(Variant, variantId), quantity));
  await em.flush();
  const orderNumber = `ATL-LEDGER-${process.pid}-${++made}`;
  const summary = await createPendingOrder(deps, { orderNumber, cartId: cart.id, customerId, email: null });
  return { orderNumber, summary };
}

/** A pending order of `quantity` A4 files (15.00 each) for the customer, choosing to spend `points`. */
const pendingOrder = (customerId: number, points: number, quantity = 1) => pendingOrderOf(customerId, fileVariant.id, quantity, { points });

/** Marks an order paid as markOrderPaid would for the ledger (its points spent in the same transaction). */
async function pay(orderNumber: string) {
  await orm.em.fork().transactional(async (tx) => {
    const order = await tx.findOneOrFail(Order, { orderNumber });
    order.status = 'paid';
    order.paidAt = new Date();
    await spendOrderPoints(tx, order);
  });
}

async function refund(orderNumber: string, amount: number) {
  const em = orm.em.fork();
  const order = await em.findOneOrFail(Order, { orderNumber });
  const row = new Refund({ order, amount, currency: order.currency, reason: 'test', source: 'admin' });
  row.status = 'succeeded';
  order.refunded += amount;
  order.status = order.refunded >= order.total ? 'refunded' : 'partially_refunded';
  em.persist(row);
  await em.flush();
  return reversePointsForRefund(deps, { refundId: row.id });
}

describe('the points ledger', () => {
  test('20 checkouts spending the same points at once: 3 hold them, 17 are told why, nothing goes negative', async () => {
    const who = await customer();
    await give(who, 1000);
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => pendingOrder(who, 300)));
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    assert.equal(won.length, 3);
    assert.equal(lost.length, 17);
    for (const l of lost) {
      assert.ok(l.reason instanceof PermanentError, String(l.reason));
      assert.match(l.reason.message, /you chose to use 300 points but have 100 available/);
    }
    assert.deepEqual(await balances(who), { available: 100, pending: 0, reserved: 900 });
    // The winners' orders carry the discount: 15.00 − 3.00.
    for (const w of won) assert.equal(w.value.summary.total, 1200);
    // No order was left behind for the losers.
    const { count } = (await orm.em.fork().execute(`select count(*)::int as count from orders where customer_id = ?`, [who]))[0] as {
      count: number;
    };
    assert.equal(count, 3);
  });

  test('a reservation is spent once when paid, released once when cancelled, and a payment after release is taken from what is left', async () => {
    const who = await customer();
    await give(who, 500);
    const a = await pendingOrder(who, 200);
    const b = await pendingOrder(who, 200);
    await pay(a.orderNumber);
    await pay(a.orderNumber);
    assert.deepEqual(await balances(who), { available: 100, pending: 0, reserved: 200 });
    const em = orm.em.fork();
    const orderB = await em.findOneOrFail(Order, { orderNumber: b.orderNumber });
    await em.transactional((tx) => releaseOrderPoints(tx, orderB, 'expired'));
    await em.transactional((tx) => releaseOrderPoints(tx, orderB, 'expired'));
    assert.deepEqual(await balances(who), { available: 300, pending: 0, reserved: 0 });
    // Money arrives for B after all (an old tab): its 200 points come from what is available.
    await pay(b.orderNumber);
    assert.deepEqual(await balances(who), { available: 100, pending: 0, reserved: 0 });
  });

  test('a partial then a full refund take back exactly what the order earned, and give back exactly what it spent', async () => {
    const who = await customer();
    await give(who, 1000);
    // 3 files: 45.00 of goods, 7.77 paid with 777 points → 37.23 paid, 37 points earned (rounded down).
    const { orderNumber } = await pendingOrder(who, 777, 3);
    await pay(orderNumber);
    const earned = await earnOrderPoints(deps, { orderNumber });
    assert.equal(earned.points, 37);
    assert.deepEqual(await earnOrderPoints(deps, { orderNumber }).then((e) => e.points), 37, 'earning again records nothing');
    assert.deepEqual(await balances(who), { available: 223, pending: 37, reserved: 0 });
    // 10.00 of 37.23 refunded: floor(37 × 1000 / 3723) = 9 taken back, floor(777 × 1000 / 3723) = 208 given back.
    const first = await refund(orderNumber, 1000);
    assert.equal(first.reversed, 9);
    assert.equal(first.returned, 208);
    assert.equal(first.pendingLeft, 28);
    assert.deepEqual(await balances(who), { available: 431, pending: 28, reserved: 0 });
    // The rest: everything left is taken and given back.
    const rest = await refund(orderNumber, 2723);
    assert.equal(rest.reversed, 28);
    assert.equal(rest.returned, 777 - 208);
    assert.equal(rest.pendingLeft, 0);
    assert.deepEqual(await balances(who), { available: 1000, pending: 0, reserved: 0 });
    // Retried activities change nothing.
    const again = await reversePointsForRefund(deps, {
      refundId: (await orm.em.fork().findOneOrFail(Refund, { amount: 2723, order: { orderNumber } })).id,
    });
    assert.equal(again.reversed, 0);
    assert.deepEqual(await balances(who), { available: 1000, pending: 0, reserved: 0 });
  });

  test('points taken back after they were spent never make the balance negative: the rest is written off', async () => {
    const who = await customer();
    const { orderNumber } = await pendingOrder(who, 0, 2);
    await pay(orderNumber);
    await earnOrderPoints(deps, { orderNumber });
    const made = await makeOrderPointsAvailable(deps, { orderNumber, expiresAt: inAYear().toISOString() });
    assert.equal(made.points, 30);
    const other = await pendingOrder(who, 25);
    await pay(other.orderNumber);
    assert.deepEqual(await balances(who), { available: 5, pending: 0, reserved: 0 });
    const back = await refund(orderNumber, 3000);
    assert.deepEqual([back.reversed, back.writtenOff], [30, 25]);
    assert.deepEqual(await balances(who), { available: 0, pending: 0, reserved: 0 });
  });

  test('lots expire first in, first out: what was spent comes out of the lot that expires first', async () => {
    const who = await customer();
    const soon = await give(who, 100, new Date(Date.now() + 86_400_000));
    const later = await give(who, 100, new Date(Date.now() + 2 * 86_400_000));
    const spent = await pendingOrder(who, 150);
    await pay(spent.orderNumber);
    const em = orm.em.fork();
    assert.equal(await remainingOfLot(em, (soon as { lotId: number }).lotId), 0);
    assert.equal(await remainingOfLot(em, (later as { lotId: number }).lotId), 50);
    assert.deepEqual(await expirePointsLot(deps, { lotId: (soon as { lotId: number }).lotId }), { expired: 0 });
    assert.deepEqual(await expirePointsLot(deps, { lotId: (later as { lotId: number }).lotId }), { expired: 50 });
    assert.deepEqual(await expirePointsLot(deps, { lotId: (later as { lotId: number }).lotId }), { expired: 50 }, 'once');
    assert.deepEqual(await balances(who), { available: 0, pending: 0, reserved: 0 });
  });

  test('print credits: a pack grants once when paid; files paid with credits cost nothing, hold them, and spend or give them back per file', async () => {
    const who = await customer();
    const credits = async () =>
      (
        await orm.em
          .fork()
          .execute<Array<{ available: number; reserved: number }>>(
            `select available, reserved from ledger_accounts where customer_id = ? and kind = 'credits'`,
            [who],
          )
      )[0] ?? { available: 0, reserved: 0 };
    // Two packs of 5, paid: 10 credits, granted once however often the step runs.
    const pack = await orm.em.fork().findOneOrFail(Variant, { sku: 'CREDITS-5' });
    const packOrder = await pendingOrderOf(who, pack.id, 2, { payWithCredits: true });
    assert.equal(packOrder.summary.total, 2 * pack.price, 'a pack is never paid with credits');
    await pay(packOrder.orderNumber);
    assert.deepEqual(await grantPurchasedCredits(deps, { orderNumber: packOrder.orderNumber }), { credits: 10 });
    assert.deepEqual(await grantPurchasedCredits(deps, { orderNumber: packOrder.orderNumber }), { credits: 0 });
    assert.deepEqual(await credits(), { available: 10, reserved: 0 });
    // Three files with credits: nothing to pay in money, 3 credits held, the order complete without a payment page.
    const files = await pendingOrderOf(who, fileVariant.id, 3, { payWithCredits: true });
    assert.equal(files.summary.total, 0);
    assert.deepEqual(await credits(), { available: 7, reserved: 3 });
    const done = await completeUnpaidOrder(deps, { orderNumber: files.orderNumber });
    assert.equal(done.hasDigital, true);
    assert.match(done.statusUrl, /\/checkout\/success\?order=/);
    const [item] = await orm.em.fork().find(OrderItem, { order: { orderNumber: files.orderNumber } });
    assert.equal(item!.creditsUsed, 3);
    assert.deepEqual(await settleItemCredits(deps, { orderNumber: files.orderNumber, itemId: item!.id, outcome: 'spend' }), { credits: 3 });
    assert.deepEqual(await settleItemCredits(deps, { orderNumber: files.orderNumber, itemId: item!.id, outcome: 'release' }), {
      credits: 0,
    });
    assert.deepEqual(await credits(), { available: 7, reserved: 0 });
    // More files than credits: told how many there are, nothing held, no order.
    await assert.rejects(
      pendingOrderOf(who, fileVariant.id, 8, { payWithCredits: true }),
      /your files need 8 print credits and you have 7/,
    );
    assert.deepEqual(await credits(), { available: 7, reserved: 0 });
    // A render that failed for good gives its credits back; so does a cancelled order.
    const failed = await pendingOrderOf(who, fileVariant.id, 2, { payWithCredits: true });
    await completeUnpaidOrder(deps, { orderNumber: failed.orderNumber });
    const [failedItem] = await orm.em.fork().find(OrderItem, { order: { orderNumber: failed.orderNumber } });
    assert.deepEqual(await settleItemCredits(deps, { orderNumber: failed.orderNumber, itemId: failedItem!.id, outcome: 'release' }), {
      credits: 2,
    });
    const cancelled = await pendingOrderOf(who, fileVariant.id, 4, { payWithCredits: true });
    assert.deepEqual(await credits(), { available: 3, reserved: 4 });
    await cancelOrder(deps, { orderNumber: cancelled.orderNumber, reason: 'expired' });
    await cancelOrder(deps, { orderNumber: cancelled.orderNumber, reason: 'expired' });
    assert.deepEqual(await credits(), { available: 7, reserved: 0 });
  });

  test('entries and transfers cannot be changed or deleted, and a balance cannot go below zero', async () => {
    const em = orm.em.fork();
    await assert.rejects(em.execute(`update ledger_entries set amount = amount + 1`), /append-only/);
    await assert.rejects(em.execute(`delete from ledger_transfers`), /append-only/);
    const who = await customer();
    await em.transactional(async (tx) => {
      await lockCustomerAccount(tx, 'points', who);
    });
    await assert.rejects(em.execute(`update ledger_accounts set available = -1 where customer_id = ?`, [who]), /not_negative/);
  });

  test('reconciliation: every account’s stored balances equal the sums of its entries, and every transfer sums to zero', async () => {
    const em = orm.em.fork();
    const drift = await em.execute(`
      select a.id, a.available, a.pending, a.reserved,
        coalesce(sum(e.amount) filter (where e.bucket = 'available'), 0)::int as sum_available,
        coalesce(sum(e.amount) filter (where e.bucket = 'pending'), 0)::int as sum_pending,
        coalesce(sum(e.amount) filter (where e.bucket = 'reserved'), 0)::int as sum_reserved
      from ledger_accounts a left join ledger_entries e on e.account_id = a.id
      where a.customer_id is not null
      group by a.id
      having a.available <> coalesce(sum(e.amount) filter (where e.bucket = 'available'), 0)
          or a.pending <> coalesce(sum(e.amount) filter (where e.bucket = 'pending'), 0)
          or a.reserved <> coalesce(sum(e.amount) filter (where e.bucket = 'reserved'), 0)`);
    assert.deepEqual(drift, []);
    const unbalanced = await em.execute(`select transfer_id from ledger_entries group by transfer_id having sum(amount) <> 0`);
    assert.deepEqual(unbalanced, []);
    const accounts = (await em.execute(`select count(*)::int as n from ledger_accounts where customer_id is not null`))[0] as { n: number };
    assert.ok(accounts.n >= 6);
  });
});
