// The customer's view of their loyalty points and the points emails, against a real database (no web server, workers or
// Temporal: the functions the workflows call, called directly). Orders earn points, one becomes available, an admin
// adds and takes away; the summary's balances, pending dates, lots (equal to remainingOfLot, soonest first) and history
// follow. A points email is sent once however often it is asked for, with the one-click unsubscribe, and not at all to
// a customer who opted out of tips and reminders, a suppressed address or a deleted account.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { MikroORM } from '@mikro-orm/postgresql';
import { EmailSuppression } from '#db/entities/campaign.ts';
import { Email } from '#db/entities/email.ts';
import { Order, OrderItem } from '#db/entities/order.ts';
import { User } from '#db/entities/user.ts';
import type { ServerDeps } from '#server/deps.server.ts';
import type { Env } from '#server/env.server.ts';
import { lockCustomerAccount, postTransfer } from '#server/ledger/ledger.server.ts';
import { earnOrderPoints } from '#server/ledger/points-earning.server.ts';
import { sendPointsEmail } from '#server/ledger/points-emails.server.ts';
import { adjustPoints, createLot, remainingOfLot } from '#server/ledger/points-lots.server.ts';
import { pointsBalance, pointsSummary } from '#server/ledger/points-views.server.ts';
import { ledgerDatabase, type LedgerDatabase } from './ledger-database.ts';

const YEAR = new Date().getUTCFullYear();
const DAY = 86_400_000;

let orm: MikroORM;
let env: Env;
let deps: ServerDeps;

let ledger: LedgerDatabase;

before(async () => {
  ledger = await ledgerDatabase('points_views', {
    POINTS_EARN_RATE: '1',
    POINT_VALUE: '1',
    POINTS_PENDING_DAYS: '14',
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
async function makeUser(props: Partial<User> = {}): Promise<User> {
  const em = orm.em.fork();
  const user = new User(`points${++users}@example.com`);
  Object.assign(user, { name: 'Jane', ...props });
  em.persist(user);
  await em.flush();
  return user;
}

let orders = 0;
async function makeOrder(
  customerId: number,
  opts: { format: 'digital' | 'physical'; subtotal: number; paidAt: Date; deliveredAt?: Date | null },
): Promise<string> {
  const em = orm.em.fork();
  const order = new Order({
    orderNumber: `ATL-${YEAR}-PTS${String(++orders).padStart(5, '0')}`,
    fulfilmentType: opts.format === 'digital' ? 'digital' : 'physical',
    currency: 'eur',
  });
  Object.assign(order, {
    customer: em.getReference(User, customerId),
    status: 'paid',
    email: `points-order${orders}@example.com`,
    subtotal: opts.subtotal,
    total: opts.subtotal,
    paidAt: opts.paidAt,
    deliveredAt: opts.deliveredAt ?? null,
  });
  const item = new OrderItem({
    order,
    sku: 'SKU-1',
    productTitle: 'Night Sky',
    variantTitle: opts.format === 'digital' ? 'Digital file' : 'A3',
    format: opts.format,
    unitPrice: opts.subtotal,
    quantity: 1,
  });
  em.persist([order, item]);
  await em.flush();
  return order.orderNumber;
}

/** An order's pending points made available as one lot, as the order's points workflow does it. */
async function makeAvailable(customerId: number, orderNumber: string, points: number, expiresAt: Date): Promise<number> {
  return orm.em.fork().transactional(async (tx) => {
    const order = await tx.findOneOrFail(Order, { orderNumber });
    const account = await lockCustomerAccount(tx, 'points', customerId);
    const transfer = await postTransfer(tx, {
      kind: 'points',
      type: 'make_available',
      idempotencyKey: `points:available:${orderNumber}`,
      reason: `Available: the refund window of order ${orderNumber} has passed`,
      orderId: order.id,
      legs: [
        { accountId: account.id, bucket: 'pending', amount: -points, customer: true },
        { accountId: account.id, bucket: 'available', amount: points, customer: true },
      ],
    });
    return createLot(tx, { accountId: account.id, transferId: transfer.id, amount: points, expiresAt });
  });
}

const outboxRows = (key: string) => orm.em.fork().find(Email, { idempotencyKey: key });

describe('the points summary', () => {
  let customer: User;
  let files: string;
  let parcel: string;
  let delivered: string;
  let orderLot: number;
  let adjustLot: number;
  const paidAt = new Date(Date.now() - 20 * DAY);
  const deliveredAt = new Date(Date.now() - 2 * DAY);

  before(async () => {
    customer = await makeUser();
    files = await makeOrder(customer.id, { format: 'digital', subtotal: 2550, paidAt });
    parcel = await makeOrder(customer.id, { format: 'physical', subtotal: 4000, paidAt });
    delivered = await makeOrder(customer.id, { format: 'physical', subtotal: 1200, paidAt, deliveredAt });
    for (const orderNumber of [files, parcel, delivered]) await earnOrderPoints(deps, { orderNumber });
    orderLot = await makeAvailable(customer.id, files, 25, new Date(Date.now() + 300 * DAY));
    const added = await adjustPoints(deps, {
      customerId: customer.id,
      amount: 100,
      reason: 'Sorry for the late parcel',
      adminId: customer.id,
      requestKey: 'views-add',
      expiresAt: new Date(Date.now() + 30 * DAY),
    });
    assert.ok(added.ok);
    adjustLot = added.lotId!;
    const taken = await adjustPoints(deps, {
      customerId: customer.id,
      amount: -30,
      reason: 'Correction',
      adminId: customer.id,
      requestKey: 'views-take',
      expiresAt: new Date(Date.now() + 30 * DAY),
    });
    assert.ok(taken.ok);
  });

  test('balances, and what the available points are worth', async () => {
    const summary = await pointsSummary(orm.em.fork(), customer.id, env);
    assert.deepEqual(summary.balance, { available: 25 + 100 - 30, pending: 40 + 12, reserved: 0, availableValue: 95, currency: 'eur' });
    assert.deepEqual(await pointsBalance(orm.em.fork(), customer.id, env), summary.balance);
    assert.deepEqual(summary.rules, {
      earnRate: 1,
      pointValue: 1,
      pendingDays: 14,
      lifetimeDays: env.POINTS_LIFETIME_DAYS,
      currency: 'eur',
    });
  });

  test('pending per order: a date after delivery for what ships, none before it', async () => {
    const { pending } = await pointsSummary(orm.em.fork(), customer.id, env);
    assert.deepEqual(
      pending.map((p) => [p.orderNumber, p.points, p.availableAt, p.note]),
      [
        [parcel, 40, null, '14 days after delivery'],
        [delivered, 12, new Date(deliveredAt.getTime() + 14 * DAY).toISOString(), null],
      ],
    );
  });

  test('lots with points left, soonest to expire first, as remainingOfLot counts them', async () => {
    const { lots } = await pointsSummary(orm.em.fork(), customer.id, env);
    assert.deepEqual(
      lots.map((l) => [l.id, l.remaining, l.amount, l.source, l.orderNumber]),
      [
        [adjustLot, 70, 100, 'adjust', null],
        [orderLot, 25, 25, 'make_available', files],
      ],
    );
    const em = orm.em.fork();
    for (const lot of lots) assert.equal(lot.remaining, await remainingOfLot(em, lot.id), `lot ${lot.id}`);
  });

  test('the history: every transfer, newest first, its amount per bucket and its order', async () => {
    const { history } = await pointsSummary(orm.em.fork(), customer.id, env);
    assert.equal(history.total, 6);
    assert.equal(history.pages, 1);
    assert.deepEqual(
      history.entries.map((e) => [e.type, e.available, e.pending, e.reserved, e.orderNumber]),
      [
        ['adjust', -30, 0, 0, null],
        ['adjust', 100, 0, 0, null],
        ['make_available', 25, -25, 0, files],
        ['earn', 0, 12, 0, delivered],
        ['earn', 0, 40, 0, parcel],
        ['earn', 0, 25, 0, files],
      ],
    );
    assert.equal(history.entries[1]!.reason, 'Sorry for the late parcel');
    const beyond = await pointsSummary(orm.em.fork(), customer.id, env, { page: 2 });
    assert.deepEqual([beyond.history.entries.length, beyond.history.total, beyond.history.page], [0, 6, 2]);
  });

  test('a customer without points gets zeros', async () => {
    const nobody = await makeUser();
    const summary = await pointsSummary(orm.em.fork(), nobody.id, env);
    assert.deepEqual(summary.balance, { available: 0, pending: 0, reserved: 0, availableValue: 0, currency: 'eur' });
    assert.deepEqual([summary.pending, summary.lots, summary.history.entries, summary.history.total], [[], [], [], 0]);
  });
});

describe('the points emails', () => {
  const expiresAt = new Date(Date.UTC(2027, 2, 14, 12)).toISOString();

  test('sent once, with the one-click unsubscribe, however often it is asked for', async () => {
    const customer = await makeUser();
    const input = {
      template: 'points-available' as const,
      customerId: customer.id,
      points: 250,
      lotId: 9001,
      expiresAt,
      orderNumber: null,
    };
    assert.deepEqual(await sendPointsEmail(deps, input), { sent: true });
    assert.deepEqual(await sendPointsEmail(deps, input), { sent: true, reason: 'already sent' });
    const rows = await outboxRows('points-available:lot-9001');
    assert.equal(rows.length, 1);
    const email = rows[0]!;
    assert.equal(email.to, customer.email);
    assert.equal(email.template, 'points-available');
    assert.equal(email.status, 'stored');
    assert.equal(email.subject, '250 points ready to spend at Atelier');
    assert.match(email.text, /€2\.50/);
    assert.match(email.text, /14 March 2027/);
    assert.match(email.headers?.['List-Unsubscribe'] ?? '', /^<http.*\/unsubscribe\?token=\d+\./);
    assert.equal(email.headers?.['List-Unsubscribe-Post'], 'List-Unsubscribe=One-Click');

    const reminder = { ...input, template: 'points-expiring' as const, points: 180 };
    assert.deepEqual(await sendPointsEmail(deps, reminder), { sent: true });
    const [expiring] = await outboxRows('points-expiring:lot-9001');
    assert.equal(expiring?.subject, 'Use your 180 points before 14 March 2027');
  });

  test('not sent to who opted out, a suppressed address or a deleted account', async () => {
    const optedOut = await makeUser({ campaignEmails: false });
    const suppressed = await makeUser();
    const em = orm.em.fork();
    em.persist(new EmailSuppression(suppressed.email, 'bounced'));
    await em.flush();
    const deleted = await makeUser({ deletedAt: new Date(), campaignEmails: false });
    const cases: Array<[number, number, string]> = [
      [optedOut.id, 9101, 'opted out'],
      [suppressed.id, 9102, 'suppressed'],
      [deleted.id, 9103, 'account deleted'],
      [999_999, 9104, 'no such customer'],
    ];
    for (const [customerId, lotId, reason] of cases) {
      const input = { template: 'points-expiring' as const, customerId, points: 10, lotId, expiresAt, orderNumber: null };
      assert.deepEqual(await sendPointsEmail(deps, input), { sent: false, reason });
      assert.equal((await outboxRows(`points-expiring:lot-${lotId}`)).length, 0);
    }
  });
});
