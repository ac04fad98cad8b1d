// What a customer and the admin see of print credits, against a real database (no web server, workers or Temporal): a
// pack bought, credits held by an order and one of them spent. /account/points' summary shows the balances and the
// history newest first with the order (within its one snapshot, beside the points), the overview and the admin page
// the balances; a customer without credits gets zeros.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { MikroORM } from '@mikro-orm/postgresql';
import { Order } from '#db/entities/order.ts';
import { User } from '#db/entities/user.ts';
import type { Env } from '#server/env.server.ts';
import { customerPoints } from '#server/ledger/admin-points.server.ts';
import { creditsBalance } from '#server/ledger/credits-views.server.ts';
import { LEDGER_HISTORY_PAGE_SIZE } from '#server/ledger/ledger-history.server.ts';
import { lockCustomerAccount, postTransfer, shopAccountId } from '#server/ledger/ledger.server.ts';
import { pointsSummary } from '#server/ledger/points-views.server.ts';
import { ledgerDatabase, type LedgerDatabase } from './ledger-database.ts';

let ledger: LedgerDatabase;
let orm: MikroORM;
let env: Env;

before(async () => {
  ledger = await ledgerDatabase('credits_views', { SHOP_CURRENCY: 'eur' });
  orm = ledger.orm;
  env = ledger.deps.env;
});
after(async () => {
  await ledger?.close();
});

async function makeUser(email: string): Promise<User> {
  const em = orm.em.fork();
  const user = new User(email);
  em.persist(user);
  await em.flush();
  return user;
}

async function makeOrder(customer: User, orderNumber: string): Promise<number> {
  const em = orm.em.fork();
  const order = new Order({ orderNumber, fulfilmentType: 'digital', currency: 'eur' });
  Object.assign(order, { customer: em.getReference(User, customer.id), email: customer.email, status: 'paid', paidAt: new Date() });
  em.persist(order);
  await em.flush();
  return order.id;
}

/** A credits transfer on the customer's account, as credits.server.ts posts them. */
async function post(customerId: number, type: 'purchase' | 'reserve' | 'spend', amount: number, orderId: number, key: string) {
  await orm.em.fork().transactional(async (tx) => {
    const account = await lockCustomerAccount(tx, 'credits', customerId);
    const mine = (bucket: 'available' | 'reserved', n: number) => ({ accountId: account.id, bucket, amount: n, customer: true });
    const shop = async (code: 'purchased' | 'spent', n: number) => ({
      accountId: await shopAccountId(tx, 'credits', code),
      bucket: 'available' as const,
      amount: n,
      customer: false,
    });
    const legs =
      type === 'purchase'
        ? [mine('available', amount), await shop('purchased', -amount)]
        : type === 'reserve'
          ? [mine('available', -amount), mine('reserved', amount)]
          : [mine('reserved', -amount), await shop('spent', amount)];
    await postTransfer(tx, { kind: 'credits', type, idempotencyKey: key, reason: `Test ${type}`, orderId, legs });
  });
}

test('bought 10, 3 held by an order and 1 of them spent: balances and history for the customer and the admin', async () => {
  const ada = await makeUser('credits-ada@example.com');
  const bought = await makeOrder(ada, 'ATL-2026-CRD00001');
  const used = await makeOrder(ada, 'ATL-2026-CRD00002');
  await post(ada.id, 'purchase', 10, bought, 'test:credits:purchase');
  await post(ada.id, 'reserve', 3, used, 'test:credits:reserve');
  await post(ada.id, 'spend', 1, used, 'test:credits:spend');

  const summary = await pointsSummary(orm.em.fork(), ada.id, env);
  assert.deepEqual(summary.credits.balance, { available: 7, reserved: 2 });
  assert.deepEqual(
    summary.credits.history.entries.map((e) => [e.type, e.available, e.reserved, e.orderNumber, e.reason]),
    [
      ['spend', 0, -1, 'ATL-2026-CRD00002', 'Test spend'],
      ['reserve', -3, 3, 'ATL-2026-CRD00002', 'Test reserve'],
      ['purchase', 10, 0, 'ATL-2026-CRD00001', 'Test purchase'],
    ],
  );
  assert.deepEqual([summary.credits.history.total, summary.credits.history.pages], [3, 1]);
  assert.equal(summary.history.total, 0, 'no points: the points history is empty');
  assert.equal(summary.balance.available, 0);

  assert.deepEqual(await creditsBalance(orm.em.fork(), ada.id), { available: 7, reserved: 2 });
  assert.deepEqual((await customerPoints(orm.em.fork(), ada.id)).credits, { available: 7, reserved: 2 });

  const beyond = await pointsSummary(orm.em.fork(), ada.id, env, { creditsPage: 2 });
  assert.deepEqual([beyond.credits.history.entries.length, beyond.credits.history.page], [0, 2]);
  assert.equal(beyond.credits.balance.available, 7);
});

test('the credits history pages like the points history', async () => {
  const bea = await makeUser('credits-bea@example.com');
  const orderId = await makeOrder(bea, 'ATL-2026-CRD00003');
  for (let i = 0; i <= LEDGER_HISTORY_PAGE_SIZE; i++) await post(bea.id, 'purchase', 1, orderId, `test:credits:bea-${i}`);
  const second = await pointsSummary(orm.em.fork(), bea.id, env, { creditsPage: 2 });
  assert.deepEqual(
    [second.credits.history.entries.length, second.credits.history.pages, second.credits.history.total],
    [1, 2, LEDGER_HISTORY_PAGE_SIZE + 1],
  );
  assert.equal(second.credits.history.entries[0]!.reason, 'Test purchase', 'the oldest on the last page');
});

test('a customer who never had a credit gets zeros', async () => {
  const cy = await makeUser('credits-cy@example.com');
  const summary = await pointsSummary(orm.em.fork(), cy.id, env);
  assert.deepEqual(summary.credits, { balance: { available: 0, reserved: 0 }, history: { entries: [], page: 1, pages: 1, total: 0 } });
  assert.deepEqual((await customerPoints(orm.em.fork(), cy.id)).credits, { available: 0, reserved: 0 });
});
