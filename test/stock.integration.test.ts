// Stock through checkout on the whole stack: fifty customers racing for five mugs get exactly five orders (the
// rest are told it is sold out, and no order is left behind); a paid order sells its reservation, an expired
// session gives it back; the variant's levels always equal the sums of its movement log. The shop refuses to add
// more to a cart than is left. See docs/decisions/055-stock-reserved-in-the-order-transaction.md.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type pg from 'pg';
import { ProcessGroup } from '../scripts/lib/process-group.ts';
import { startStack, type Stack } from '../scripts/lib/stack.ts';
import { database, errorByField, waitFor } from './http.ts';
import { Visitor, signIn } from './sign-in.ts';

let stack: Stack;
let db: pg.Pool;

before(async () => {
  stack = await startStack({ name: 'stock', payments: 'local', group: new ProcessGroup() });
  db = database(stack.databaseUrl);
});
after(async () => {
  await db?.end();
  await stack?.stop();
});

const SKU = 'MUG-MID';

async function variant() {
  const { rows } = await db.query<{ id: number; on_hand: number; reserved: number; track_inventory: boolean }>(
    'select id, on_hand, reserved, track_inventory from product_variants where sku = $1',
    [SKU],
  );
  return rows[0]!;
}

/** Sets the shelf to `count` the way an admin's count would: an `adjusted` movement by the difference. */
async function setOnHand(count: number) {
  const v = await variant();
  await db.query(
    "insert into stock_movements (created_at, updated_at, variant_id, kind, on_hand_delta, reserved_delta, actor, reason) values (now(), now(), $1, 'adjusted', $2, 0, 'test', 'stock count')",
    [v.id, count - v.on_hand],
  );
  await db.query('update product_variants set on_hand = $1 where id = $2', [count, v.id]);
}

/** The levels equal the sums of the log. */
async function assertLogMatches() {
  const v = await variant();
  const { rows } = await db.query<{ on_hand: number; reserved: number }>(
    'select coalesce(sum(on_hand_delta), 0)::int as on_hand, coalesce(sum(reserved_delta), 0)::int as reserved from stock_movements where variant_id = $1',
    [v.id],
  );
  assert.deepEqual(rows[0], { on_hand: v.on_hand, reserved: v.reserved }, 'on hand and reserved are the sums of the movement log');
  return v;
}

async function withMugInCart(): Promise<Visitor> {
  const buyer = new Visitor(stack.baseUrl);
  const res = await buyer.postAs('/products/stoneware-mug?index', { variantId: (await variant()).id, quantity: 1 });
  assert.equal(res.status, 303, await res.text());
  return buyer;
}

const ordersOfSku = async () =>
  (
    await db.query<{ order_number: string; status: string; stock_state: string | null }>(
      'select o.order_number, o.status, o.stock_state from orders o join order_items i on i.order_id = o.id where i.sku = $1 order by o.id',
      [SKU],
    )
  ).rows;

describe('stock', () => {
  test('the plain goods start tracked with their opening stock, recorded as received', async () => {
    const v = await assertLogMatches();
    assert.equal(v.track_inventory, true);
    assert.equal(v.on_hand, 500);
    const poster = await db.query("select track_inventory from product_variants where sku = 'NSP-PHY-A4'");
    assert.equal(poster.rows[0].track_inventory, false, 'posters are printed to order');
  });

  test('fifty checkouts race for five: exactly five orders hold them, forty-five are told it is sold out, nothing is left behind', async () => {
    await setOnHand(5);
    const buyers: Visitor[] = [];
    for (let i = 0; i < 50; i++) buyers.push(await withMugInCart());
    const answers = await Promise.all(buyers.map(async (b) => ({ b, res: await b.postAs('/checkout', {}) })));
    const started = answers.filter((a) => a.res.status === 303);
    const refused = answers.filter((a) => a.res.status === 409);
    assert.equal(started.length, 5, `statuses: ${answers.map((a) => a.res.status).join(' ')}`);
    assert.equal(refused.length, 45);
    for (const { res } of refused) assert.match(await res.text(), /Stoneware Mug \(Midnight blue\) is sold out/);

    const orders = await ordersOfSku();
    assert.equal(orders.filter((o) => o.status === 'pending').length, 5, 'five pending orders');
    assert.ok(
      orders.every((o) => o.status !== 'pending' || o.stock_state === 'reserved'),
      'each holds its mug',
    );
    assert.equal(orders.length, 5, 'no order for a refused checkout');
    const v = await assertLogMatches();
    assert.deepEqual({ onHand: v.on_hand, reserved: v.reserved }, { onHand: 5, reserved: 5 });

    // A refused cart is kept, and a sixth mug cannot even be added now.
    const cart = await (await refused[0]!.b.get('/cart')).text();
    assert.match(cart, /Stoneware Mug/);
    const late = new Visitor(stack.baseUrl);
    const add = await late.postAs('/products/stoneware-mug?index', { variantId: v.id, quantity: 1 });
    assert.equal(add.status, 400);
    assert.match(await add.text(), /Midnight blue is sold out/);

    // One pays: its mug is sold. One lets the session expire: its mug goes back on the shelf.
    const [payer, expirer] = started;
    const payPath = new URL(payer!.res.headers.get('location')!).pathname;
    const paid = await payer!.b.postAs(payPath, {
      intent: 'pay',
      email: 'racer@example.com',
      name: 'Ada',
      line1: '1 Main St',
      city: 'Dublin',
      postal_code: 'D01',
      country: 'IE',
    });
    assert.equal(paid.status, 303, await paid.text());
    const expirePath = new URL(expirer!.res.headers.get('location')!).pathname;
    assert.equal((await expirer!.b.postAs(expirePath, { intent: 'expire' })).status, 303);
    await waitFor('one sold, one released', async () => {
      const states = (await ordersOfSku()).map((o) => o.stock_state);
      return states.includes('sold') && states.includes('released');
    });
    const after = await assertLogMatches();
    assert.deepEqual({ onHand: after.on_hand, reserved: after.reserved }, { onHand: 4, reserved: 3 });
    const kinds = await db.query<{ kind: string; n: number }>(
      "select kind, count(*)::int as n from stock_movements where variant_id = $1 and kind in ('reserved', 'released', 'sold') group by kind order by kind",
      [after.id],
    );
    assert.deepEqual(kinds.rows, [
      { kind: 'released', n: 1 },
      { kind: 'reserved', n: 5 },
      { kind: 'sold', n: 1 },
    ]);

    // The freed mug can be bought again.
    const again = await withMugInCart();
    assert.equal((await again.postAs('/checkout', {})).status, 303);
  });

  test('a cart asks for no more than is left, and the product page says how many are', async () => {
    await setOnHand((await variant()).reserved + 2);
    const v = await variant();
    const buyer = new Visitor(stack.baseUrl);
    const tooMany = await buyer.postAs('/products/stoneware-mug?index', { variantId: v.id, quantity: 3 });
    assert.equal(tooMany.status, 400);
    assert.equal(errorByField(await tooMany.text(), 'quantity'), 'Only 2 left');
    // The page reads a cached catalog (seconds old): it says so once the cache has moved on.
    await waitFor('"Only 2 left" on the product page', async () =>
      (await (await buyer.get('/products/stoneware-mug')).text()).includes('Only 2 left'),
    );
  });

  test('the admin records goods received and a count of the shelf, each a movement with who and why; bad input changes nothing', async () => {
    const admin = new Visitor(stack.baseUrl);
    await signIn(db, admin, 'admin@example.com', '/admin/stock');
    const v = await variant();
    const page = await (await admin.get('/admin/stock')).text();
    assert.match(page, new RegExp(`data-sku="${SKU}"`));

    const received = await admin.postAs('/admin/stock', { intent: 'stock', variantId: v.id, change: 'receive', quantity: 10 });
    assert.equal(received.status, 200, await received.text());
    assert.equal((await variant()).on_hand, v.on_hand + 10);
    const counted = await admin.postAs('/admin/stock', {
      intent: 'stock',
      variantId: v.id,
      change: 'count',
      quantity: 3,
      reason: 'stocktake',
    });
    assert.equal(counted.status, 200);
    const after = await assertLogMatches();
    assert.equal(after.on_hand, 3);
    const last = await db.query<{ kind: string; on_hand_delta: number; actor: string; reason: string | null }>(
      'select kind, on_hand_delta, actor, reason from stock_movements where variant_id = $1 order by id desc limit 2',
      [v.id],
    );
    assert.deepEqual(last.rows, [
      { kind: 'adjusted', on_hand_delta: 3 - (v.on_hand + 10), actor: 'admin@example.com', reason: 'stocktake' },
      { kind: 'received', on_hand_delta: 10, actor: 'admin@example.com', reason: null },
    ]);

    // Three left is at the threshold: the dashboard lists it under low stock.
    const dashboard = await (await admin.get('/admin')).text();
    assert.match(dashboard, new RegExp(`data-testid="low-stock"[\\s\\S]*?${SKU}`));
    // A count needs a reason (shown by the field, the number kept); a customer may not change stock at all.
    const noReason = await admin.postAs('/admin/stock', { intent: 'stock', variantId: v.id, change: 'count', quantity: 7 });
    assert.equal(noReason.status, 400);
    const html = await noReason.text();
    assert.match(errorByField(html, 'reason') ?? '', /Say why the count changes/);
    assert.match(html, /name="quantity"[^>]*value="7"|value="7"[^>]*name="quantity"/);
    const customer = new Visitor(stack.baseUrl);
    await signIn(db, customer, `shopper-${Date.now()}@example.com`);
    assert.equal((await customer.postAs('/admin/stock', { intent: 'stock', variantId: v.id, change: 'receive', quantity: 5 })).status, 403);
    assert.equal((await assertLogMatches()).on_hand, 3, 'nothing changed');
  });

  test('a refunded mug ticked "back to stock" returns to the shelf once the refund succeeds; one not ticked does not', async () => {
    await setOnHand((await variant()).reserved + 20);
    const buyer = new Visitor(stack.baseUrl);
    const v = await variant();
    assert.equal((await buyer.postAs('/products/stoneware-mug?index', { variantId: v.id, quantity: 2 })).status, 303);
    const checkout = await buyer.postAs('/checkout', {});
    const payPath = new URL(checkout.headers.get('location')!).pathname;
    const email = `restock-${Date.now()}@example.com`;
    const pay = { intent: 'pay', email, name: 'Ada', line1: '1 Main St', city: 'Dublin', postal_code: 'D01', country: 'IE' };
    assert.equal((await buyer.postAs(payPath, pay)).status, 303);
    const orderNumber = await waitFor('the paid order', async () => {
      const r = await db.query<{ order_number: string }>("select order_number from orders where email = $1 and stock_state = 'sold'", [
        email,
      ]);
      return r.rows[0]?.order_number;
    });
    const sold = await assertLogMatches();
    const item = (
      await db.query<{ id: number }>('select i.id from order_items i join orders o on o.id = i.order_id where o.order_number = $1', [
        orderNumber,
      ])
    ).rows[0]!;

    const admin = new Visitor(stack.baseUrl);
    await signIn(db, admin, 'admin@example.com', '/admin');
    const page = await (await admin.get(`/admin/orders/${orderNumber}`)).text();
    assert.match(page, new RegExp(`name="restock-${item.id}"`), 'the refund form offers "back to stock" for the mug');
    const refund = (form: Record<string, string | number>) =>
      admin.postAs(`/admin/orders/${orderNumber}`, { intent: 'refund', kind: 'items', reason: 'returned', ...form });
    assert.equal((await refund({ [`qty-${item.id}`]: 1, [`restock-${item.id}`]: 'on' })).status, 200);
    await waitFor('one back on the shelf', async () => (await variant()).on_hand === sold.on_hand + 1);
    assert.equal((await refund({ [`qty-${item.id}`]: 1 })).status, 200);
    await waitFor('both refunds done', async () => {
      const r = await db.query<{ n: number }>(
        "select count(*)::int as n from refunds r join orders o on o.id = r.order_id where o.order_number = $1 and r.status = 'succeeded'",
        [orderNumber],
      );
      return r.rows[0]!.n === 2;
    });
    const after = await assertLogMatches();
    assert.equal(after.on_hand, sold.on_hand + 1, 'the second, not ticked, stays off the shelf');
    const returned = await db.query<{ n: number }>(
      "select count(*)::int as n from stock_movements where order_number = $1 and kind = 'returned' and on_hand_delta = 1",
      [orderNumber],
    );
    assert.equal(returned.rows[0]!.n, 1);
  });
});
