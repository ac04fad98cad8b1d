// Promo codes end to end in local payment mode: the admin creates codes (a workflow mirrors them to
// "Stripe"), customers apply them on the local payment page, paid orders record code and discount,
// redemptions are counted once per order and limits hold when checkouts race.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type pg from 'pg';
import { ProcessGroup } from '../scripts/lib/process-group.ts';
import { startStack, type Stack } from '../scripts/lib/stack.ts';
import { database, personalisation, waitFor } from './http.ts';
import { Visitor, signIn, unique } from './sign-in.ts';
import { completedSession, sendWebhook, signedEvent } from './stripe-events.ts';

let stack: Stack;
let db: pg.Pool;
let admin: Visitor;

before(async () => {
  stack = await startStack({ name: 'promotions', payments: 'local', group: new ProcessGroup() });
  db = database(stack.databaseUrl);
  admin = new Visitor(stack.baseUrl);
  await signIn(db, admin, 'admin@example.com', '/admin');
});
after(async () => {
  await db?.end();
  await stack?.stop();
});

interface PromoRow {
  id: number;
  code: string;
  times_redeemed: number;
  stripe_promotion_code_id: string | null;
  stripe_coupon_id: string | null;
  active: boolean;
  deleted_at: Date | null;
}

async function promo(code: string): Promise<PromoRow> {
  const { rows } = await db.query<PromoRow>('select * from promo_codes where code = $1', [code]);
  return rows[0]!;
}

/** Creates a code through the admin form and waits for its sync workflow to give it its Stripe ids. */
async function createCode(fields: Record<string, string>): Promise<PromoRow> {
  const res = await admin.postAs('/admin/promo-codes/new', { kind: 'percent', currency: 'eur', ...fields });
  assert.equal(res.status, 303, await html(res));
  assert.match(res.headers.get('location') ?? '', /^\/admin\/promo-codes\/\d+\?created=1$/);
  const code = fields.code!.toUpperCase();
  return waitFor(`${code} synced`, async () => {
    const { rows } = await db.query<PromoRow & { synced_version: number; version: number }>('select * from promo_codes where code = $1', [
      code,
    ]);
    const row = rows[0];
    return row && row.synced_version >= row.version ? row : null;
  });
}

/** The page's HTML without React's text separators (`<!-- -->`), so text reads as a person sees it. */
const html = async (res: Response) => (await res.text()).replace(/<!-- -->/g, '');

async function variantId(sku: string): Promise<number> {
  const { rows } = await db.query<{ id: number }>('select id from product_variants where sku = $1', [sku]);
  return rows[0]!.id;
}

/** A guest with a 15.00 digital print in the cart, at the local payment page. */
async function buyerAtPaymentPage(quantity = 1): Promise<{ buyer: Visitor; payPath: string; orderNumber: string }> {
  const buyer = new Visitor(stack.baseUrl);
  const add = await buyer.postAs('/products/night-sky-print-digital?index', {
    variantId: await variantId('NSP-DIG-A4'),
    quantity,
    ...personalisation,
  });
  assert.equal(add.status, 303);
  const checkout = await buyer.postAs('/checkout', {});
  assert.equal(checkout.status, 303, await html(checkout));
  const payPath = new URL(checkout.headers.get('location')!).pathname;
  const { rows } = await db.query<{ order_number: string }>('select order_number from local_checkout_sessions where session_id = $1', [
    payPath.split('/').pop(),
  ]);
  return { buyer, payPath, orderNumber: rows[0]!.order_number };
}

async function paidOrder(orderNumber: string) {
  return waitFor(`${orderNumber} paid`, async () => {
    const { rows } = await db.query('select * from orders where order_number = $1 and status = $2', [orderNumber, 'paid']);
    return rows[0] as { subtotal: number; discount: number; total: number; promo_code: string | null; email: string } | undefined;
  });
}

async function redemptions(promoId: number): Promise<number> {
  const { rows } = await db.query<{ n: number }>('select count(*)::int as n from promo_redemptions where promo_code_id = $1', [promoId]);
  return rows[0]!.n;
}

describe('admin promo codes', () => {
  test('bad input is refused with a message next to the field, keeping what was typed', async () => {
    const res = await admin.postAs('/admin/promo-codes/new', {
      code: 'summer 10',
      kind: 'percent',
      percentOff: '150',
      maxRedemptions: 'lots',
      description: 'Summer sale',
    });
    assert.equal(res.status, 400);
    const page = await html(res);
    assert.match(page, /No spaces/);
    assert.match(page, /A whole percentage from 1 to 100/);
    assert.match(page, /Max redemptions must be a whole number/);
    assert.ok(page.includes('value="summer 10"'), 'the typed code is kept');
    assert.ok(page.includes('value="Summer sale"'), 'the description is kept');
    const fixed = await admin.postAs('/admin/promo-codes/new', { code: 'FIVE-OFF', kind: 'fixed', amountOff: '', currency: 'eur' });
    assert.equal(fixed.status, 400);
    assert.match(await html(fixed), /Enter the amount off/);
    const { rows } = await db.query('select count(*)::int as n from promo_codes');
    assert.equal(rows[0].n, 0, 'nothing half-written');
  });

  test('a new code goes through its sync workflow, is listed, and a code is never reused', async () => {
    const row = await createCode({ code: 'summer-10', percentOff: '10', maxRedemptions: '100', description: 'Summer sale' });
    assert.equal(row.code, 'SUMMER-10', 'stored in upper case');
    assert.equal(row.stripe_promotion_code_id, `promo_local_${row.id}`);
    assert.equal(row.stripe_coupon_id, `coupon_local_${row.id}`);
    const list = await html(await admin.get('/admin/promo-codes'));
    assert.match(list, /SUMMER-10/);
    assert.match(list, /10% off/);
    assert.match(list, /0 of 100/);
    const again = await admin.postAs('/admin/promo-codes/new', { code: 'SUMMER-10', kind: 'percent', percentOff: '5' });
    assert.equal(again.status, 400);
    assert.match(await html(again), /SUMMER-10 already exists/);
  });
});

describe('the local payment page applies codes as Stripe would', () => {
  test('a code is applied, the discount comes off the subtotal, and the paid order records it once', async () => {
    const code = await promo('SUMMER-10');
    const { buyer, payPath, orderNumber } = await buyerAtPaymentPage(2);
    const email = `summer-${unique()}@example.com`;

    const bad = await buyer.postAs(payPath, { intent: 'apply-code', promoCode: 'NOPE-NOPE', email, name: 'Ada' });
    assert.equal(bad.status, 400);
    const badHtml = await html(bad);
    assert.match(badHtml, /This code is not valid/);
    assert.ok(badHtml.includes(`value="${email}"`), 'the typed email is kept');

    const applied = await buyer.postAs(payPath, { intent: 'apply-code', promoCode: ' summer-10 ', email, name: 'Ada' });
    assert.equal(applied.status, 200);
    const page = await html(applied);
    assert.match(page, /SUMMER-10 applied/);
    assert.match(page, /€27\.00/, '2 × 15.00 − 10% = 27.00');

    const pay = await buyer.postAs(payPath, { intent: 'pay', email, name: 'Ada', country: 'IE' });
    assert.equal(pay.status, 303, await html(pay));
    const order = await paidOrder(orderNumber);
    assert.deepEqual([order.subtotal, order.discount, order.total, order.promo_code], [3000, 300, 2700, 'SUMMER-10']);
    assert.equal((await promo('SUMMER-10')).times_redeemed, code.times_redeemed + 1);
    assert.equal(await redemptions(code.id), 1);

    // The usage page lists the order with revenue and discount given.
    const usage = await html(await admin.get(`/admin/promo-codes/${code.id}`));
    assert.ok(usage.includes(orderNumber));
    assert.match(usage, /€3\.00/);
    assert.match(usage, /€27\.00/);
  });

  test('pressing Enter in the code field applies the code instead of paying', async () => {
    const { buyer, payPath, orderNumber } = await buyerAtPaymentPage();
    const res = await buyer.postAs(payPath, { intent: 'pay', promoCode: 'SUMMER-10', email: `enter-${unique()}@example.com`, name: 'Ada' });
    assert.equal(res.status, 200);
    assert.match(await html(res), /SUMMER-10 applied/);
    const { rows } = await db.query('select status, discount from local_checkout_sessions where order_number = $1', [orderNumber]);
    assert.deepEqual(rows[0], { status: 'open', discount: 150 });
  });

  test('repeated webhooks (Stripe retries, a second event for the session) count the redemption once', async () => {
    const code = await promo('SUMMER-10');
    const before = code.times_redeemed;
    // The events as Stripe sends them (the promotion code's id in `discounts`), for a session paid with the code: the
    // payment page's record says so, as it would had the buyer paid there (the checkout checks events against it).
    const { orderNumber } = await buyerAtPaymentPage();
    await db.query(
      "update local_checkout_sessions set status = 'complete', completed_at = now(), promo_code = $2, discount = 150 where order_number = $1",
      [orderNumber, code.code],
    );
    const { rows } = await db.query<{ stripe_checkout_session_id: string }>(
      'select stripe_checkout_session_id from orders where order_number = $1',
      [orderNumber],
    );
    const session = {
      ...completedSession(orderNumber, rows[0]!.stripe_checkout_session_id, 1500, `repeat-${unique()}@example.com`),
      amount_total: 1350,
      total_details: { amount_discount: 150, amount_shipping: 0, amount_tax: 0 },
      discounts: [{ coupon: code.stripe_coupon_id, promotion_code: code.stripe_promotion_code_id }],
    };
    const secret = stack.env.STRIPE_WEBHOOK_SECRET!;
    const first = signedEvent('checkout.session.completed', session, { secret });
    const second = signedEvent('checkout.session.async_payment_succeeded', session, { secret });
    const results = await Promise.all([
      sendWebhook(stack.baseUrl, first),
      sendWebhook(stack.baseUrl, first),
      sendWebhook(stack.baseUrl, second),
    ]);
    assert.deepEqual(
      results.map((r) => r.status),
      [200, 200, 200],
    );
    const order = await paidOrder(orderNumber);
    assert.deepEqual([order.discount, order.total, order.promo_code], [150, 1350, 'SUMMER-10']);
    assert.equal((await sendWebhook(stack.baseUrl, first)).status, 200);
    await new Promise((r) => setTimeout(r, 500));
    assert.equal((await promo('SUMMER-10')).times_redeemed, before + 1);
    const { rows: red } = await db.query('select discount from promo_redemptions where order_number = $1', [orderNumber]);
    assert.deepEqual(red, [{ discount: 150 }]);
  });

  test('two customers racing for the last redemption: one gets it, the other is told and pays full price', async () => {
    const code = await createCode({ code: `LAST-${unique()}`, kind: 'fixed', amountOff: '20.00', maxRedemptions: '1' });
    const a = await buyerAtPaymentPage();
    const b = await buyerAtPaymentPage();
    for (const s of [a, b]) {
      const applied = await s.buyer.postAs(s.payPath, { intent: 'apply-code', promoCode: code.code });
      assert.equal(applied.status, 200, 'both can apply it while one is left');
      // A fixed 20.00 on a 15.00 subtotal takes 15.00 off: never below zero.
      assert.match(await html(applied), /€0\.00/);
    }
    const [ra, rb] = await Promise.all([
      a.buyer.postAs(a.payPath, { intent: 'pay', email: `a-${unique()}@example.com`, name: 'A', country: 'IE' }),
      b.buyer.postAs(b.payPath, { intent: 'pay', email: `b-${unique()}@example.com`, name: 'B', country: 'IE' }),
    ]);
    const statuses = [ra.status, rb.status].sort();
    assert.deepEqual(statuses, [303, 409], 'one payment goes through, one is refused');
    const loser = ra.status === 409 ? { ...a, res: ra } : { ...b, res: rb };
    const winner = ra.status === 409 ? b : a;
    assert.match(await html(loser.res), /reached its redemption limit[\s\S]*removed from your order/);
    const row = await promo(code.code);
    assert.equal(row.times_redeemed, 1);
    assert.equal(await redemptions(code.id), 1);
    const won = await paidOrder(winner.orderNumber);
    assert.deepEqual([won.discount, won.total], [1500, 0]);
    // The code is gone from the loser's session: paying again charges the full price.
    const again = await loser.buyer.postAs(loser.payPath, {
      intent: 'pay',
      email: `loser-${unique()}@example.com`,
      name: 'L',
      country: 'IE',
    });
    assert.equal(again.status, 303);
    const lost = await paidOrder(loser.orderNumber);
    assert.deepEqual([lost.discount, lost.total, lost.promo_code], [0, 1500, null]);
  });

  test('a per-customer limit is held by email', async () => {
    const code = await createCode({ code: `ONCE-${unique()}`, percentOff: '20', maxPerCustomer: '1' });
    const email = `once-${unique()}@example.com`;
    const first = await buyerAtPaymentPage();
    assert.equal((await first.buyer.postAs(first.payPath, { intent: 'apply-code', promoCode: code.code, email })).status, 200);
    assert.equal((await first.buyer.postAs(first.payPath, { intent: 'pay', email, name: 'Once', country: 'IE' })).status, 303);
    await paidOrder(first.orderNumber);
    const second = await buyerAtPaymentPage();
    const refused = await second.buyer.postAs(second.payPath, { intent: 'apply-code', promoCode: code.code, email: email.toUpperCase() });
    assert.equal(refused.status, 400);
    assert.match(await html(refused), /You have already used this code/);
  });

  test('deactivated and deleted codes stop working; a deleted code keeps its history', async () => {
    const code = await createCode({ code: `TOGGLE-${unique()}`, percentOff: '5' });
    const page = `/admin/promo-codes/${code.id}`;
    assert.equal((await admin.postAs(page, { intent: 'deactivate' })).status, 200);
    const s = await buyerAtPaymentPage();
    const refused = await s.buyer.postAs(s.payPath, { intent: 'apply-code', promoCode: code.code });
    assert.equal(refused.status, 400);
    assert.match(await html(refused), /This code is not valid/);
    assert.equal((await admin.postAs(page, { intent: 'activate' })).status, 200);
    assert.equal((await s.buyer.postAs(s.payPath, { intent: 'apply-code', promoCode: code.code })).status, 200);
    assert.equal((await admin.postAs(page, { intent: 'delete' })).status, 200);
    const row = await promo(code.code);
    assert.ok(row.deleted_at);
    assert.ok(!(await html(await admin.get('/admin/promo-codes'))).includes(code.code), 'hidden from the list');
    assert.ok((await html(await admin.get('/admin/promo-codes?deleted=1'))).includes(code.code), 'shown with deleted codes');
    // Applied before the delete: refused at payment, nothing charged, the code is removed.
    const pay = await s.buyer.postAs(s.payPath, { intent: 'pay', email: `late-${unique()}@example.com`, name: 'Late', country: 'IE' });
    assert.equal(pay.status, 409);
    assert.match(await html(pay), /not valid/);
  });
});
