// Loyalty points through the whole shop (stripe-mock, webhooks sent by the test, a day lasting 4 s): a paid webhook
// delivered five times and out of order earns once; the points wait out the refund window, become available, are
// reminded of and expire; points spent at checkout come off the Stripe session as a coupon and are spent when paid;
// refunds made in the Stripe Dashboard take points back exactly; a worker killed while the points are being earned
// earns them once. Ends with a reconciliation of every account against its entries.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { MikroORM } from '@mikro-orm/postgresql';
import type pg from 'pg';
import { initOrm } from '#db/orm.ts';
import { getEnv } from '#server/env.server.ts';
import { adjustPoints } from '#server/ledger/points-lots.server.ts';
import { ProcessGroup } from '../scripts/lib/process-group.ts';
import { startStack, type Stack } from '../scripts/lib/stack.ts';
import { database, personalisation, waitFor } from './http.ts';
import { recordHistory } from './record-history.ts';
import { Visitor, signIn, unique } from './sign-in.ts';
import { sendWebhook, signedEvent } from './stripe-events.ts';

/** One day of points time lasts 4 s: pending 2 days (8 s), available 4 days (16 s), reminded 2 days before expiry. */
const POINTS_ENV = {
  CAMPAIGN_TIME_SCALE: String(4 / 86_400),
  POINTS_PENDING_DAYS: '2',
  POINTS_LIFETIME_DAYS: '4',
  POINTS_REMINDER_DAYS: '2',
};

let stack: Stack;
let db: pg.Pool;
let orm: MikroORM;

before(async () => {
  stack = await startStack({ name: 'points', payments: 'mock', group: new ProcessGroup(), env: POINTS_ENV });
  db = database(stack.databaseUrl);
  Object.assign(process.env, { ...stack.env, DATABASE_URL: stack.databaseUrl });
  orm = await initOrm({ url: stack.databaseUrl, poolMax: 4 });
});
after(async () => {
  await orm?.close(true);
  await (await globalThis.__atelierOrm?.catch(() => undefined))?.close(true);
  await db?.end();
  await stack?.stop();
});

const secret = () => stack.env.STRIPE_WEBHOOK_SECRET!;

async function variantId(sku: string): Promise<number> {
  const { rows } = await db.query<{ id: number }>('select id from product_variants where sku = $1', [sku]);
  return rows[0]!.id;
}

/** A checkout of `quantity` A4 files (15.00 each) by `buyer`, optionally spending points; its order and session. */
async function checkoutFiles(buyer: Visitor, quantity: number, points?: number) {
  const add = await buyer.postAs('/products/night-sky-print-digital?index', {
    variantId: await variantId('NSP-DIG-A4'),
    quantity,
    ...personalisation,
  });
  assert.equal(add.status, 303);
  const before = await db.query<{ id: number | null }>('select max(id) as id from orders');
  const res = await buyer.postAs('/checkout', points === undefined ? {} : { points });
  assert.equal(res.status, 303, await res.text());
  const { rows } = await db.query<{ order_number: string; stripe_checkout_session_id: string; total: number; discount: number }>(
    'select order_number, stripe_checkout_session_id, total, discount from orders where id > $1',
    [before.rows[0]!.id ?? 0],
  );
  return rows[0]!;
}

/** The completed, paid session Stripe would send for a files-only order. */
function paidSession(order: { order_number: string; stripe_checkout_session_id: string; total: number; discount: number }, email: string) {
  return {
    id: order.stripe_checkout_session_id,
    object: 'checkout.session',
    client_reference_id: order.order_number,
    metadata: { orderNumber: order.order_number },
    status: 'complete',
    payment_status: 'paid',
    currency: 'eur',
    amount_subtotal: order.total + order.discount,
    amount_total: order.total,
    total_details: { amount_discount: order.discount, amount_shipping: 0, amount_tax: 0 },
    customer_details: { email, name: 'Pat Points', address: { country: 'IE' } },
    payment_intent: `pi_points_${unique()}`,
  };
}

const transfers = async (key: string) =>
  (await db.query<{ n: number }>('select count(*)::int as n from ledger_transfers where idempotency_key = $1', [key])).rows[0]!.n;

async function balances(email: string) {
  const { rows } = await db.query<{ available: number; pending: number; reserved: number }>(
    `select a.available, a.pending, a.reserved from ledger_accounts a join users u on u.id = a.customer_id where u.email = $1 and a.kind = 'points'`,
    [email],
  );
  return rows[0] ?? { available: 0, pending: 0, reserved: 0 };
}

/** A signed-in customer the shop gave `points` (available for an hour). */
async function customerWithPoints(prefix: string, points: number) {
  const email = `${prefix}-${unique()}@example.com`;
  const buyer = new Visitor(stack.baseUrl);
  await signIn(db, buyer, email);
  const { rows } = await db.query<{ id: number }>('select id from users where email = $1', [email]);
  const customerId = rows[0]!.id;
  const expiresAt = new Date(Date.now() + 3600_000);
  const given = await adjustPoints(
    { orm },
    { customerId, amount: points, reason: 'a gift', adminId: customerId, requestKey: unique(), expiresAt },
  );
  assert.ok(given.ok);
  return { email, buyer, customerId };
}

const paid = (orderNumber: string) =>
  waitFor(
    `${orderNumber} paid`,
    async () => (await db.query("select 1 from orders where order_number = $1 and status = 'paid'", [orderNumber])).rows[0],
  );

describe('loyalty points through the shop', () => {
  test('a paid webhook delivered five times and out of order earns once; pending, available, reminded, expired', async () => {
    const email = `points-${unique()}@example.com`;
    const buyer = new Visitor(stack.baseUrl);
    const order = await checkoutFiles(buyer, 1);
    const session = paidSession(order, email);
    const completed = signedEvent('checkout.session.completed', session, { secret: secret() });
    const failedEarlier = signedEvent(
      'payment_intent.payment_failed',
      { id: session.payment_intent, object: 'payment_intent', metadata: { orderNumber: order.order_number } },
      { secret: secret(), created: Math.floor(Date.now() / 1000) - 60 },
    );
    // Five deliveries of the same event at once, and an older failure arriving after them.
    const answers = await Promise.all(Array.from({ length: 5 }, () => sendWebhook(stack.baseUrl, completed)));
    assert.deepEqual(
      answers.map((a) => a.status),
      [200, 200, 200, 200, 200],
    );
    assert.equal((await sendWebhook(stack.baseUrl, failedEarlier)).status, 200);
    await paid(order.order_number);
    await waitFor('points pending', async () => (await balances(email)).pending === 15);
    assert.equal(await transfers(`points:earn:${order.order_number}`), 1);
    // The refund window (8 s) passes: available as one lot, the customer emailed.
    await waitFor('points available', async () => (await balances(email)).available === 15, 30_000);
    assert.deepEqual(await balances(email), { available: 15, pending: 0, reserved: 0 });
    await waitFor(
      'points-available email',
      async () => (await db.query('select 1 from emails where "to" = $1 and template = \'points-available\'', [email])).rows[0],
    );
    // Reminded 2 days (8 s) before the expiry, then expired.
    await waitFor(
      'points-expiring email',
      async () => (await db.query('select 1 from emails where "to" = $1 and template = \'points-expiring\'', [email])).rows[0],
      30_000,
    );
    await waitFor('points expired', async () => (await balances(email)).available === 0, 30_000);
    assert.equal(await transfers(`points:earn:${order.order_number}`), 1);
    const { rows } = await db.query<{ amount: number }>(
      `select l.expired_amount as amount from points_lots l join ledger_transfers t on t.id = l.transfer_id where t.idempotency_key = $1`,
      [`points:available:${order.order_number}`],
    );
    assert.deepEqual(rows, [{ amount: 15 }]);
    await recordHistory(stack.temporal.address, `points-${order.order_number}`, 'points-order-expired.json');
    await recordHistory(stack.temporal.address, `checkout-${order.order_number}`, 'checkout-paid-points.json');
  });

  test('points spent at checkout: a coupon on the Stripe session, held, then spent when paid; the Dashboard refund gives them back', async () => {
    const { email, buyer } = await customerWithPoints('spender', 1000);
    // Asking for more than there is: told why, nothing held.
    const greedy = await buyer.postAs('/products/night-sky-print-digital?index', {
      variantId: await variantId('NSP-DIG-A4'),
      quantity: 2,
      ...personalisation,
    });
    assert.equal(greedy.status, 303);
    const refused = await buyer.postAs('/checkout', { points: 1001 });
    assert.equal(refused.status, 400);
    assert.match(await refused.text(), /You have 1,000 points available/);
    // Two files (30.00) with 700 points: 23.00 to pay.
    const res = await buyer.postAs('/checkout', { points: 700 });
    assert.equal(res.status, 303, await res.text());
    const { rows } = await db.query<{
      order_number: string;
      stripe_checkout_session_id: string;
      total: number;
      discount: number;
      points_used: number;
    }>(
      "select order_number, stripe_checkout_session_id, total, discount, points_used from orders o join users u on u.id = o.customer_id where u.email = $1 and o.status = 'pending'",
      [email],
    );
    const order = rows[0]!;
    assert.deepEqual([order.total, order.discount, order.points_used], [2300, 700, 700]);
    assert.deepEqual(await balances(email), { available: 300, pending: 0, reserved: 700 });
    const session = paidSession(order, email);
    assert.equal((await sendWebhook(stack.baseUrl, signedEvent('checkout.session.completed', session, { secret: secret() }))).status, 200);
    await paid(order.order_number);
    // 23.00 after the points discount: 23 points pending.
    await waitFor('spent and earned', async () => {
      const b = await balances(email);
      return b.reserved === 0 && b.pending === 23 && b.available === 300;
    });
    // Refunded in the Stripe Dashboard: 11.50 of 23.00, then the rest.
    const refundOnce = (refunds: Array<{ id: string; amount: number }>) =>
      signedEvent(
        'charge.refunded',
        {
          id: `ch_${unique()}`,
          object: 'charge',
          payment_intent: session.payment_intent,
          refunds: {
            data: refunds.map((r) => ({
              ...r,
              object: 'refund',
              currency: 'eur',
              status: 'succeeded',
              payment_intent: session.payment_intent,
            })),
          },
        },
        { secret: secret() },
      );
    const half = { id: `re_half_${unique()}`, amount: 1150 };
    assert.equal((await sendWebhook(stack.baseUrl, refundOnce([half]))).status, 200);
    // floor(23 × 1150 / 2300) = 11 taken back; floor(700 × 1150 / 2300) = 350 given back.
    await waitFor('half reversed', async () => {
      const b = await balances(email);
      return b.pending === 12 && b.available === 650;
    });
    const rest = { id: `re_rest_${unique()}`, amount: 1150 };
    assert.equal((await sendWebhook(stack.baseUrl, refundOnce([half, rest]))).status, 200);
    await waitFor('all reversed', async () => {
      const b = await balances(email);
      return b.pending === 0 && b.available === 1000;
    });
    assert.deepEqual(await balances(email), { available: 1000, pending: 0, reserved: 0 });
    await waitFor('the points workflow ended', async () => {
      const { rows: lots } = await db.query('select 1 from ledger_transfers where idempotency_key = $1', [
        `points:available:${order.order_number}`,
      ]);
      return lots.length === 0;
    });
    const { rows: refunds } = await db.query<{ id: number }>(
      'select r.id from refunds r join orders o on o.id = r.order_id where o.order_number = $1 order by r.id',
      [order.order_number],
    );
    await recordHistory(stack.temporal.address, `refund-${refunds[1]!.id}`, 'refund-dashboard-points.json');
  });

  test('the worker killed while the points are being earned: earned once after it restarts', async () => {
    // One point opens the customer's points account, whose row the test holds.
    const { email, buyer, customerId } = await customerWithPoints('crash', 1);
    const order = await checkoutFiles(buyer, 1);
    // Hold the customer's account row: the earning step waits on it, inside its transaction, when the worker dies.
    const holder = await db.connect();
    try {
      await holder.query('begin');
      await holder.query(`select 1 from ledger_accounts where customer_id = $1 and kind = 'points' for update`, [customerId]);
      assert.equal(
        (await sendWebhook(stack.baseUrl, signedEvent('checkout.session.completed', paidSession(order, email), { secret: secret() })))
          .status,
        200,
      );
      await paid(order.order_number);
      await waitFor('the earning step waits for the account', async () => {
        const { rows } = await db.query(
          "select 1 from pg_stat_activity where wait_event_type = 'Lock' and query like '%ledger_accounts%' and query like '%for update%'",
        );
        return rows.length > 0;
      });
      await stack.killWorker();
    } finally {
      await holder.query('rollback');
      holder.release();
    }
    assert.equal(await transfers(`points:earn:${order.order_number}`), 0, 'nothing was earned before the worker died');
    stack.startWorker();
    await waitFor('earned after the restart', async () => (await transfers(`points:earn:${order.order_number}`)) === 1, 90_000);
    await waitFor('pending', async () => (await balances(email)).pending === 15);
    assert.equal(await transfers(`points:earn:${order.order_number}`), 1);
  });

  test('print credits: a pack bought grants them; files paid with them need no payment page and spend them as they are made', async () => {
    const { email, buyer, customerId } = await customerWithPoints('credits', 1);
    const credits = async () =>
      (
        await db.query<{ available: number; reserved: number }>(
          `select available, reserved from ledger_accounts where customer_id = $1 and kind = 'credits'`,
          [customerId],
        )
      ).rows[0] ?? { available: 0, reserved: 0 };
    const add = await buyer.postAs('/products/print-credits?index', { variantId: await variantId('CREDITS-5'), quantity: 1 });
    assert.equal(add.status, 303, await add.text());
    const before = await db.query<{ id: number | null }>('select max(id) as id from orders');
    assert.equal((await buyer.postAs('/checkout', {})).status, 303);
    const { rows } = await db.query<{ order_number: string; stripe_checkout_session_id: string; total: number; discount: number }>(
      'select order_number, stripe_checkout_session_id, total, discount from orders where id > $1',
      [before.rows[0]!.id ?? 0],
    );
    const pack = rows[0]!;
    assert.equal(pack.total, 4000);
    const paidPack = signedEvent('checkout.session.completed', paidSession(pack, email), { secret: secret() });
    assert.equal((await sendWebhook(stack.baseUrl, paidPack)).status, 200);
    assert.equal((await sendWebhook(stack.baseUrl, paidPack)).status, 200);
    await waitFor('credits granted', async () => (await credits()).available === 5);
    assert.equal(await transfers(`credits:purchase:${pack.order_number}`), 1);
    // Two files with credits: straight to the order's page, no payment, the credits spent as the files are made.
    const files = await buyer.postAs('/products/night-sky-print-digital?index', {
      variantId: await variantId('NSP-DIG-A4'),
      quantity: 2,
      ...personalisation,
    });
    assert.equal(files.status, 303);
    const res = await buyer.postAs('/checkout', { creditsOffered: 1, credits: 'on' });
    assert.equal(res.status, 303, await res.text());
    assert.match(res.headers.get('location')!, /\/checkout\/success\?order=/);
    const orderNumber = new URL(res.headers.get('location')!).searchParams.get('order')!;
    await paid(orderNumber);
    const { rows: order } = await db.query<{ total: number }>('select total from orders where order_number = $1', [orderNumber]);
    assert.equal(order[0]!.total, 0);
    await waitFor(
      'credits spent when the files are made',
      async () => {
        const c = await credits();
        return c.available === 3 && c.reserved === 0 && (await transfers(`credits:release:${orderNumber}`)) === 0;
      },
      120_000,
    );
    const { rows: spent } = await db.query<{ n: number }>(
      "select count(*)::int as n from ledger_transfers where type = 'spend' and kind = 'credits' and idempotency_key like $1",
      [`credits:spend:${orderNumber}:%`],
    );
    assert.equal(spent[0]!.n, 1);
    await recordHistory(stack.temporal.address, `checkout-${pack.order_number}`, 'checkout-paid-credit-pack.json');
    await recordHistory(stack.temporal.address, `checkout-${orderNumber}`, 'checkout-paid-with-credits.json');
    await recordHistory(stack.temporal.address, `render-${orderNumber}`, 'render-credits-spent.json');
  });

  test('reconciliation: every account’s stored balances equal the sums of its entries, and every transfer sums to zero', async () => {
    const { rows: drift } = await db.query(`
      select a.id from ledger_accounts a left join ledger_entries e on e.account_id = a.id
      where a.customer_id is not null group by a.id
      having a.available <> coalesce(sum(e.amount) filter (where e.bucket = 'available'), 0)
          or a.pending <> coalesce(sum(e.amount) filter (where e.bucket = 'pending'), 0)
          or a.reserved <> coalesce(sum(e.amount) filter (where e.bucket = 'reserved'), 0)`);
    assert.deepEqual(drift, []);
    const { rows: unbalanced } = await db.query('select transfer_id from ledger_entries group by transfer_id having sum(amount) <> 0');
    assert.deepEqual(unbalanced, []);
    const { rows: counted } = await db.query<{ n: number }>('select count(*)::int as n from ledger_transfers');
    assert.ok(counted[0]!.n >= 10);
    assert.ok(getEnv().POINT_VALUE > 0);
  });
});
