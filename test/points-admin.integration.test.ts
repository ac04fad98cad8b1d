// The admin side of loyalty points against a real database (no web server, workers or Temporal: the functions the
// admin pages call, called directly, the lot workflow's start recorded). An adjustment adds a lot and starts its
// workflow; taking away more than is available, or more than an admin's limit, is refused; the same form key twice is
// one transfer, also for a taking-away the second submit would find too big; a start Temporal refused is made by
// sending the form again. The points report's totals, counter-accounts, expiring points (what remainingOfLot says is
// left of each lot) and reconciliation follow a few orders, lots, an expiry and a reservation; a corrupted stored
// balance and an unbalanced transfer are reported.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { MikroORM } from '@mikro-orm/postgresql';
import { Order, OrderItem } from '#db/entities/order.ts';
import { User } from '#db/entities/user.ts';
import type { ServerDeps } from '#server/deps.server.ts';
import type { Env } from '#server/env.server.ts';
import { adjustCustomerPoints, customerPoints, type PointsAdjustment } from '#server/ledger/admin-points.server.ts';
import { earnOrderPoints, makeOrderPointsAvailable } from '#server/ledger/points-earning.server.ts';
import { adjustPoints, expirePointsLot, remainingOfLot } from '#server/ledger/points-lots.server.ts';
import { EXPIRING_DAYS, pointsReport, reconcilePoints } from '#server/ledger/points-report.server.ts';
import { reservePoints } from '#server/ledger/points-spending.server.ts';
import { ledgerDatabase, type LedgerDatabase } from './ledger-database.ts';

const YEAR = new Date().getUTCFullYear();
const DAY = 86_400_000;
const LIMIT = 5000;

let orm: MikroORM;
let env: Env;
let deps: ServerDeps;

let ledger: LedgerDatabase;

before(async () => {
  ledger = await ledgerDatabase('points_admin', {
    POINTS_EARN_RATE: '1',
    POINT_VALUE: '2',
    POINTS_LIFETIME_DAYS: '365',
    POINTS_ADJUST_LIMIT: String(LIMIT),
    CAMPAIGN_TIME_SCALE: '1',
    SHOP_CURRENCY: 'eur',
  });
  ({ orm, deps } = ledger);
  env = deps.env;
});
after(async () => {
  await ledger?.close();
});

let users = 0;
async function makeUser(role: User['role'] = 'customer', props: Partial<User> = {}): Promise<User> {
  const em = orm.em.fork();
  const user = new User(`points-admin${++users}@example.com`, role);
  Object.assign(user, props);
  em.persist(user);
  await em.flush();
  return user;
}

let orders = 0;
async function makeOrder(customerId: number, subtotal: number, status: 'paid' | 'pending' = 'paid'): Promise<string> {
  const em = orm.em.fork();
  const order = new Order({
    orderNumber: `ATL-${YEAR}-PAD${String(++orders).padStart(5, '0')}`,
    fulfilmentType: 'digital',
    currency: 'eur',
  });
  Object.assign(order, {
    customer: em.getReference(User, customerId),
    status,
    email: `points-admin-order${orders}@example.com`,
    subtotal,
    total: subtotal,
    paidAt: status === 'paid' ? new Date(Date.now() - 20 * DAY) : null,
  });
  const item = new OrderItem({
    order,
    sku: 'SKU-1',
    productTitle: 'Night Sky',
    variantTitle: 'Digital file',
    format: 'digital',
    unitPrice: subtotal,
    quantity: 1,
  });
  em.persist([order, item]);
  await em.flush();
  return order.orderNumber;
}

interface Started {
  lotId: number;
  customerId: number;
  expiresAt: string;
}
const started: Started[] = [];
const recordStart = async (input: Started) => {
  started.push(input);
};
const refuseStart = async () => {
  throw new Error('connect ECONNREFUSED 127.0.0.1:7233');
};

const key = (name: string) => `test-key-${name}-0123456789`;
const balances = async (customerId: number) => {
  const p = await customerPoints(orm.em.fork(), customerId);
  return { available: p.available, pending: p.pending, reserved: p.reserved };
};
const transfersWithKey = async (customerId: number, name: string) =>
  (
    await orm.em
      .fork()
      .execute<Array<{ n: number }>>(`select count(*)::int as n from ledger_transfers where idempotency_key = ?`, [
        `points:adjust:customer-${customerId}:${key(name)}`,
      ])
  )[0]!.n;

/** Every adjustment the tests made, summed: the `adjusted` counter-account holds minus this. */
let adjustedTotal = 0;

let admin: User;
let superadmin: User;
let alice: User;
let bob: User;

function adjustment(customer: User, points: number, name: string, by: User = admin): PointsAdjustment {
  return {
    admin: { id: by.id, email: by.email, role: by.role },
    customer: { id: customer.id, deleted: customer.deletedAt !== null },
    points,
    reason: `Test adjustment ${name}`,
    requestKey: key(name),
  };
}

describe('adjusting a customer’s points', () => {
  before(async () => {
    admin = await makeUser('admin');
    superadmin = await makeUser('superadmin');
    alice = await makeUser();
    bob = await makeUser();
  });

  test('adding points forms a lot expiring after POINTS_LIFETIME_DAYS and starts its workflow', async () => {
    const before = Date.now();
    const answer = await adjustCustomerPoints(deps, adjustment(alice, 200, 'add'), recordStart);
    assert.deepEqual(answer.ok, true);
    adjustedTotal += 200;
    assert.deepEqual(await balances(alice.id), { available: 200, pending: 0, reserved: 0 });
    assert.equal(started.length, 1);
    const lot = await orm.em
      .fork()
      .execute<{ id: number; amount: number; expires_at: Date }>(
        `select id, amount, expires_at from points_lots where id = ?`,
        [started[0]!.lotId],
        'get',
      );
    assert.equal(lot.amount, 200);
    assert.equal(started[0]!.customerId, alice.id);
    assert.equal(started[0]!.expiresAt, new Date(lot.expires_at).toISOString());
    const expires = new Date(lot.expires_at).getTime();
    assert.ok(expires >= before + 365 * DAY - 1000 && expires <= Date.now() + 365 * DAY + 1000, 'a year from now');
  });

  test('the same form key twice records one transfer (the second finds the first)', async () => {
    const again = await adjustCustomerPoints(deps, adjustment(alice, 200, 'add'), recordStart);
    assert.ok(again.ok);
    assert.match(again.message, /already recorded/);
    assert.equal(await transfersWithKey(alice.id, 'add'), 1);
    assert.deepEqual(await balances(alice.id), { available: 200, pending: 0, reserved: 0 });
    assert.equal(started.length, 2);
    assert.equal(started[1]!.lotId, started[0]!.lotId, 'the same lot: its workflow is found, not started twice');
    // The key belongs to the customer's page: the same key on another customer is another adjustment.
    assert.ok((await adjustCustomerPoints(deps, adjustment(bob, 1, 'add'), recordStart)).ok);
    adjustedTotal += 1;
    assert.equal(await transfersWithKey(bob.id, 'add'), 1);
  });

  test('taking away more than is available is refused by the points field, nothing recorded', async () => {
    const answer = await adjustCustomerPoints(deps, adjustment(alice, -500, 'too-much'), recordStart);
    assert.deepEqual(answer, {
      ok: false,
      field: 'points',
      message: 'The customer has 200 points available; 500 cannot be taken away.',
      status: 409,
    });
    assert.equal(await transfersWithKey(alice.id, 'too-much'), 0);
    assert.deepEqual(await balances(alice.id), { available: 200, pending: 0, reserved: 0 });
  });

  test('taking away: no lot, no workflow; sent twice it is recorded once even when the second finds too little left', async () => {
    const startsBefore = started.length;
    const answer = await adjustCustomerPoints(deps, adjustment(alice, -120, 'take'), recordStart);
    assert.deepEqual(answer, { ok: true, message: 'Took away 120 points.' });
    adjustedTotal -= 120;
    assert.equal(started.length, startsBefore);
    const again = await adjustCustomerPoints(deps, adjustment(alice, -120, 'take'), recordStart);
    assert.ok(again.ok, 'not refused for the 80 points left');
    assert.match(again.message, /already recorded/);
    assert.equal(await transfersWithKey(alice.id, 'take'), 1);
    assert.deepEqual(await balances(alice.id), { available: 80, pending: 0, reserved: 0 });
  });

  test('beyond POINTS_ADJUST_LIMIT only a superadmin adjusts', async () => {
    const refused = await adjustCustomerPoints(deps, adjustment(alice, LIMIT + 1, 'big'), recordStart);
    assert.equal(refused.ok, false);
    assert.ok(!refused.ok && refused.field === 'points' && refused.status === 403);
    assert.match(!refused.ok ? refused.message : '', /at most 5,000 points at a time; 5,001 points needs a superadmin/);
    const takeBig = await adjustCustomerPoints(deps, adjustment(alice, -(LIMIT + 1), 'big-take'), recordStart);
    assert.ok(!takeBig.ok && takeBig.status === 403, 'the limit is on the absolute value');
    assert.equal(await transfersWithKey(alice.id, 'big'), 0);
    const allowed = await adjustCustomerPoints(deps, adjustment(alice, LIMIT + 1, 'big', superadmin), recordStart);
    assert.ok(allowed.ok);
    adjustedTotal += LIMIT + 1;
    assert.equal((await balances(alice.id)).available, 80 + LIMIT + 1);
    const atLimit = await adjustCustomerPoints(deps, adjustment(alice, -LIMIT, 'at-limit'), recordStart);
    assert.ok(atLimit.ok, 'an admin may adjust exactly the limit');
    adjustedTotal -= LIMIT;
    assert.equal((await balances(alice.id)).available, 81);
  });

  test('a deleted account’s points do not change', async () => {
    const gone = await makeUser('customer', { deletedAt: new Date() });
    const answer = await adjustCustomerPoints(deps, adjustment(gone, 10, 'gone'), recordStart);
    assert.ok(!answer.ok && answer.status === 409);
    assert.equal(await transfersWithKey(gone.id, 'gone'), 0);
  });

  test('a workflow start Temporal refused is made when the form is sent again, without a second adjustment', async () => {
    const failed = await adjustCustomerPoints(deps, adjustment(bob, 9, 'no-temporal'), refuseStart);
    assert.ok(!failed.ok && failed.status === 503);
    assert.match(!failed.ok ? failed.message : '', /were added, but their expiry could not be scheduled/);
    adjustedTotal += 9;
    const startsBefore = started.length;
    const retried = await adjustCustomerPoints(deps, adjustment(bob, 9, 'no-temporal'), recordStart);
    assert.ok(retried.ok);
    assert.equal(started.length, startsBefore + 1);
    assert.equal(await transfersWithKey(bob.id, 'no-temporal'), 1);
    assert.deepEqual(await balances(bob.id), { available: 10, pending: 0, reserved: 0 });
  });

  test('the customer page lists the entries newest first, with the admin and the order', async () => {
    const page = await customerPoints(orm.em.fork(), alice.id);
    assert.equal(page.entryCount, 4);
    assert.deepEqual(
      page.entries.map((e) => [e.type, e.bucket, e.amount, e.reason, e.adminEmail, e.orderNumber]),
      [
        ['adjust', 'available', -LIMIT, 'Test adjustment at-limit', admin.email, null],
        ['adjust', 'available', LIMIT + 1, 'Test adjustment big', superadmin.email, null],
        ['adjust', 'available', -120, 'Test adjustment take', admin.email, null],
        ['adjust', 'available', 200, 'Test adjustment add', admin.email, null],
      ],
    );
  });
});

describe('the points report', () => {
  let carol: User;
  let earnedOrder: string;
  const lots: Record<string, number> = {};

  before(async () => {
    carol = await makeUser();
    earnedOrder = await makeOrder(carol.id, 4000);
    const second = await makeOrder(carol.id, 2550);
    for (const orderNumber of [earnedOrder, second]) await earnOrderPoints(deps, { orderNumber });
    const made = await makeOrderPointsAvailable(deps, {
      orderNumber: earnedOrder,
      expiresAt: new Date(Date.now() + 300 * DAY).toISOString(),
    });
    lots.order = made.lotId!;
    const add = async (name: string, amount: number, inDays: number) => {
      const r = await adjustPoints(deps, {
        customerId: carol.id,
        amount,
        reason: name,
        adminId: admin.id,
        requestKey: `report-${name}`,
        expiresAt: new Date(Date.now() + inDays * DAY),
      });
      assert.ok(r.ok);
      adjustedTotal += amount;
      lots[name] = r.lotId!;
    };
    await add('overdue', 5, -2);
    await add('expiring', 10, -1);
    await add('in10', 100, 10);
    await add('in20', 50, 20);
    await add('in60', 70, 60);
    assert.deepEqual(await expirePointsLot(deps, { lotId: lots.expiring! }), { expired: 10 });
    const pendingOrder = await makeOrder(carol.id, 5000, 'pending');
    await orm.em.fork().transactional(async (tx) => {
      const order = await tx.findOneOrFail(Order, { orderNumber: pendingOrder });
      await reservePoints(tx, order, { customerId: carol.id, requested: 30, pointValue: env.POINT_VALUE });
    });
  });

  test('carol: 40 + 5 + 10 + 100 + 50 + 70 made available, 10 expired, 30 reserved, 25 pending', async () => {
    assert.deepEqual(await balances(carol.id), { available: 235, pending: 25, reserved: 30 });
    const page = await customerPoints(orm.em.fork(), carol.id);
    const earn = page.entries.filter((e) => e.type === 'earn').map((e) => e.orderNumber);
    assert.ok(earn.includes(earnedOrder));
  });

  test('totals over every customer, and the liability in money', async () => {
    const report = await pointsReport(orm.em.fork(), env.POINT_VALUE);
    const each = await Promise.all([alice, bob, carol].map((u) => balances(u.id)));
    const sum = (k: 'available' | 'pending' | 'reserved') => each.reduce((s, b) => s + b[k], 0);
    assert.equal(report.outstanding.available, sum('available'));
    assert.equal(report.outstanding.available, 81 + 10 + 235);
    assert.equal(report.outstanding.pending, 25);
    assert.equal(report.outstanding.reserved, 30);
    assert.equal(report.outstanding.holders, 3);
    assert.equal(report.outstanding.liability, (81 + 10 + 235 + 25 + 30) * 2);
  });

  test('the counter-accounts are the sums of their entries, and with the customers’ balances they sum to zero', async () => {
    const { shop, ledgerSum } = await pointsReport(orm.em.fork(), env.POINT_VALUE);
    assert.deepEqual(shop, {
      earned: -(40 + 25),
      redeemed: 0,
      reversed: 0,
      expired: 10,
      adjusted: -adjustedTotal,
      returned: 0,
      written_off: 0,
    });
    assert.equal(ledgerSum, 0);
  });

  test('expiring within 30 days: what remainingOfLot says is left of each unexpired lot due by then', async () => {
    const { expiring } = await pointsReport(orm.em.fork(), env.POINT_VALUE);
    // First in first out by expiry: the reservation (30) and the expiry (10) used the overdue lot (5) and 35 of the next.
    const em = orm.em.fork();
    const due = await em.execute<Array<{ id: number }>>(
      `select id from points_lots where expired_at is null and expires_at <= now() + make_interval(days => ?)`,
      [EXPIRING_DAYS],
    );
    assert.deepEqual(
      due.map((l) => l.id).sort((a, b) => a - b),
      [lots.overdue, lots.in10, lots.in20].sort((a, b) => a! - b!),
    );
    let remaining = 0;
    for (const lot of due) remaining += await remainingOfLot(em, lot.id);
    assert.equal(remaining, 0 + 75 + 50);
    assert.deepEqual(expiring, { points: remaining, lots: 2, customers: 1 });
  });

  test('every account reconciles and every transfer balances; the top holders come first', async () => {
    const { reconciliation, top } = await pointsReport(orm.em.fork(), env.POINT_VALUE);
    assert.equal(reconciliation.unreconciledCount, 0);
    assert.deepEqual(reconciliation.unreconciled, []);
    assert.equal(reconciliation.accounts, 3, 'alice, bob and carol (the refusals opened no account)');
    assert.equal(reconciliation.unbalancedCount, 0);
    assert.ok(reconciliation.transfers > 10);
    assert.deepEqual(
      top.map((t) => [t.customerId, t.available]),
      [
        [carol.id, 235],
        [alice.id, 81],
        [bob.id, 10],
      ],
    );
  });

  test('a stored balance that no longer matches its entries is reported', async () => {
    const em = orm.em.fork();
    await em.execute(`update ledger_accounts set available = available + 1 where customer_id = ? and kind = 'points'`, [carol.id]);
    try {
      const r = await reconcilePoints(orm.em.fork());
      assert.equal(r.unreconciledCount, 1);
      assert.deepEqual(r.unreconciled, [
        {
          customerId: carol.id,
          email: carol.email,
          stored: { available: 236, pending: 25, reserved: 30 },
          summed: { available: 235, pending: 25, reserved: 30 },
        },
      ]);
      assert.equal((await pointsReport(orm.em.fork(), env.POINT_VALUE)).ledgerSum, 1);
    } finally {
      await em.execute(`update ledger_accounts set available = available - 1 where customer_id = ? and kind = 'points'`, [carol.id]);
    }
    assert.equal((await reconcilePoints(orm.em.fork())).unreconciledCount, 0);
  });

  test('a transfer whose entries do not sum to zero is reported (entries are append-only: this one stays)', async () => {
    const em = orm.em.fork();
    const transfer = await em.execute<{ id: number; account_id: number }>(
      `select t.id, e.account_id from ledger_transfers t join ledger_entries e on e.transfer_id = t.id
        where t.idempotency_key = 'points:adjust:report-in60' and e.amount < 0`,
      [],
      'get',
    );
    await em.execute(`insert into ledger_entries (transfer_id, account_id, bucket, amount) values (?, ?, 'available', 7)`, [
      transfer.id,
      transfer.account_id,
    ]);
    const r = await reconcilePoints(orm.em.fork());
    assert.equal(r.unbalancedCount, 1);
    assert.deepEqual(r.unbalanced, [{ id: transfer.id, type: 'adjust', idempotencyKey: 'points:adjust:report-in60', sum: 7 }]);
  });
});
