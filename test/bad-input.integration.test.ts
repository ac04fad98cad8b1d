// Hostile and careless input through the real forms and endpoints: overlong, empty, control
// characters, Unicode, HTML/script and SQL-looking values, oversized bodies (declared or chunked),
// malformed and mistimed webhooks, forged origins, impossible admin filters. Each gets a
// clear 4xx with the message next to the field and the input kept (escaped), nothing half-written;
// markup typed into a personalisation is text in every page and email it reaches.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type pg from 'pg';
import Stripe from 'stripe';
import { ProcessGroup } from '../scripts/lib/process-group.ts';
import { TEST_WEBHOOK_SECRET, startStack, type Stack } from '../scripts/lib/stack.ts';
import { database, personalisation, waitFor } from './http.ts';
import { Visitor, signIn } from './sign-in.ts';
import { sendWebhook, signedEvent } from './stripe-events.ts';

let stack: Stack;
let db: pg.Pool;
let variantId: number;

before(async () => {
  stack = await startStack({ name: 'bad-input', payments: 'local', group: new ProcessGroup() });
  db = database(stack.databaseUrl);
  variantId = (await db.query<{ id: number }>("select id from product_variants where sku = 'NSP-DIG-A4'")).rows[0]!.id;
});
after(async () => {
  await db?.end();
  await stack?.stop();
});

/** The page's HTML without React's text separators, so text reads as a person sees it. */
const html = async (res: Response) => (await res.text()).replace(/<!-- -->/g, '');
const count = async (sql: string) => (await db.query<{ n: number }>(sql)).rows[0]!.n;

const MARKUP = `<script>alert(1)</script><svg onload=alert(2)>`;
const SQLISH = `'; drop table orders; --`;

describe('bad input', () => {
  test('personalisation: overlong, empty, control characters and impossible dates are refused next to the field, input kept, nothing added', async () => {
    const v = new Visitor(stack.baseUrl);
    const before = await count('select count(*)::int as n from cart_items');
    const cases: Array<[Record<string, string>, RegExp]> = [
      [{ title: 'x'.repeat(41) }, /Title must be at most 40 characters/],
      [{ title: '   ' }, /Title is required/],
      [{ title: 'Line\u0007bell' }, /Title contains characters that cannot be printed/],
      [{ date: '2024-02-30' }, /Date is not a real calendar date/],
      [{ date: "1' or '1'='1" }, /Date must look like 2025-06-14/],
      [{ theme: '<b>' }, /Choose one of the colour themes/],
    ];
    for (const [fields, message] of cases) {
      const res = await v.postAs('/products/night-sky-print-digital?index', { variantId, quantity: 1, ...personalisation, ...fields });
      assert.equal(res.status, 400, JSON.stringify(fields));
      const page = await html(res);
      assert.match(page, message);
      if (fields.title === 'x'.repeat(41)) assert.ok(page.includes(`value="${fields.title}"`), 'the typed title is kept');
    }
    const overQuantity = await v.postAs('/products/night-sky-print-digital?index', { variantId, quantity: 'lots', ...personalisation });
    assert.equal(overQuantity.status, 400);
    const otherVariant = await v.postAs('/products/night-sky-print-digital?index', { variantId: '1 or 1=1', quantity: 1, ...personalisation });
    assert.equal(otherVariant.status, 400);
    assert.equal(await count('select count(*)::int as n from cart_items'), before, 'no cart line was added');
  });

  test('markup, SQL-looking and Unicode personalisations are kept as text: escaped in the cart, the preview and the confirmation email', async () => {
    const v = new Visitor(stack.baseUrl);
    const title = 'Nuit ☾ 夜 مساء 🌙';
    const add = await v.postAs('/products/night-sky-print-digital?index', { variantId, quantity: 1, ...personalisation, title: MARKUP.slice(0, 40), subtitle: SQLISH, place: title });
    assert.equal(add.status, 303);
    const cart = await html(await v.get('/cart'));
    assert.ok(!cart.includes('<script>alert(1)'), 'no live script');
    assert.ok(!/<svg onload/i.test(cart), 'no live svg handler');
    assert.ok(cart.includes('&lt;script&gt;alert(1)&lt;/script&gt;'), 'shown as text');
    assert.ok(cart.includes(title), 'Unicode kept');
    assert.ok(cart.includes('&#x27;; drop table orders; --') || cart.includes("'; drop table orders; --"), 'SQL-looking text kept as text');
    assert.ok((await count("select count(*)::int as n from information_schema.tables where table_name = 'orders'")) === 1, 'still there');

    const checkout = await v.postAs('/checkout', {});
    assert.equal(checkout.status, 303);
    const payPath = new URL(checkout.headers.get('location')!).pathname;
    const { rows } = await db.query<{ order_number: string }>('select order_number from local_checkout_sessions where session_id = $1', [payPath.split('/').pop()]);
    const orderNumber = rows[0]!.order_number;
    assert.ok((await v.postAs(payPath, { intent: 'pay', email: 'markup@example.com', name: '<i>Ada</i>' })).status < 400);
    const mail = await waitFor('the confirmation', async () => {
      const r = await db.query<{ html: string; text: string }>("select html, text from emails where order_number = $1 and template = 'order-confirmation'", [orderNumber]);
      return r.rows[0];
    });
    assert.ok(!mail.html.includes('<script>alert(1)'), 'no live script in the email');
    assert.ok(mail.html.includes('&lt;script&gt;'), 'the markup is text in the email');
  });

  test('sign-in and order lookup: overlong, malformed and script-bearing addresses get a message, the value escaped', async () => {
    const v = new Visitor(stack.baseUrl);
    const long = await v.postAs('/login', { email: `${'a'.repeat(300)}@example.com` });
    assert.equal(long.status, 400);
    assert.match(await html(long), /too long/i);
    const scripted = await v.postAs('/login', { email: '<img src=x onerror=alert(1)>@x.com' });
    assert.equal(scripted.status, 400);
    const page = await html(scripted);
    assert.ok(!page.includes('<img src=x onerror'), 'not echoed as markup');
    assert.ok(page.includes('&lt;img src=x onerror=alert(1)&gt;@x.com'), 'echoed as text');
    const empty = await v.postAs('/login', { email: '' });
    assert.equal(empty.status, 400);
    const lookup = await v.postAs('/orders/lookup', { orderNumber: SQLISH, email: 'a@example.com' });
    assert.equal(lookup.status, 400);
    assert.match(await html(lookup), /order number/i);
    assert.equal(await count("select count(*)::int as n from login_tokens where email like '%onerror%'"), 0);
  });

  test('oversized bodies are refused with 413 before anything reads them', async () => {
    const big = 'x'.repeat(300 * 1024);
    const form = await fetch(`${stack.baseUrl}/login`, {
      method: 'POST',
      body: new URLSearchParams({ email: big }),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: stack.baseUrl },
    });
    assert.equal(form.status, 413);
    const hook = await fetch(`${stack.baseUrl}/webhooks/stripe`, { method: 'POST', body: 'x'.repeat(2 * 1024 * 1024), headers: { 'Content-Type': 'application/json', 'Stripe-Signature': 't=1,v1=x' } });
    assert.equal(hook.status, 413);
  });

  test('chunked bodies past the limit are answered 413 while they are still being sent, and nothing reads them', async () => {
    const before = await count('select (select count(*) from webhook_events) + (select count(*) from login_tokens) + (select count(*) from emails)::int as n');
    const hook = await chunkedUpload('/webhooks/stripe', { 'Content-Type': 'application/json', 'Stripe-Signature': 't=1,v1=x' }, '{"id":"evt_chunked","type":"checkout.session.completed","data":{"object":{"x":"');
    assert.equal(hook.status, 413);
    assert.ok(hook.sentWhenAnswered < THREE_MB, `answered after ${hook.sentWhenAnswered} of 3 MB`);
    const form = await chunkedUpload('/login', { 'Content-Type': 'application/x-www-form-urlencoded', Origin: stack.baseUrl }, `email=chunked-${Date.now()}%40example.com&redirectTo=`);
    assert.equal(form.status, 413);
    assert.ok(form.sentWhenAnswered < THREE_MB, `answered after ${form.sentWhenAnswered} of 3 MB`);
    assert.ok(form.sentWhenAnswered < hook.sentWhenAnswered, 'forms have the smaller limit');
    assert.equal(await count('select (select count(*) from webhook_events) + (select count(*) from login_tokens) + (select count(*) from emails)::int as n'), before, 'nothing stored');
  });

  test('a webhook signed an hour ahead is refused, and not recorded', async () => {
    const future = signedEvent('checkout.session.completed', { id: 'cs_future', object: 'checkout.session' }, { secret: TEST_WEBHOOK_SECRET, timestamp: Math.floor(Date.now() / 1000) + 3600 });
    const res = await sendWebhook(stack.baseUrl, future);
    assert.equal(res.status, 400);
    assert.match(await res.text(), /in the future/);
    assert.equal((await db.query('select 1 from webhook_events where event_id = $1', [future.event.id])).rowCount, 0);
  });

  test('an Origin that is the shop under another name, or null, is refused with 403, not a 500, and the cart is unchanged', async () => {
    const v = new Visitor(stack.baseUrl);
    assert.equal((await v.postAs('/products/night-sky-print-digital?index', { variantId, quantity: 1, ...personalisation })).status, 303);
    const item = (await db.query<{ id: number; quantity: number }>('select i.id, i.quantity from cart_items i join carts c on c.id = i.cart_id order by i.id desc limit 1')).rows[0]!;
    const update = { intent: 'update', itemId: item.id, quantity: 3 };
    const forged: Record<string, string>[] = [{ Origin: `http://localhost:${stack.port}` }, { Origin: `http://[::1]:${stack.port}` }, { Origin: 'null', Referer: `${stack.baseUrl}/cart` }];
    for (const headers of forged) {
      const res = await v.post('/cart', update, { origin: null, headers: { ...headers, 'X-Forwarded-For': v.ip } });
      assert.equal(res.status, 403, JSON.stringify(headers));
    }
    // The webhooks' exemption goes by route: an escaped detour from /webhooks/ to the cart is the cart, checked.
    const detour = await v.post('/webhooks/%2e%2e/cart', update, { origin: null, headers: { 'X-Forwarded-For': v.ip } });
    assert.equal(detour.status, 403);
    assert.equal((await db.query<{ quantity: number }>('select quantity from cart_items where id = $1', [item.id])).rows[0]!.quantity, item.quantity);
  });

  test('impossible admin filters and pages fall back instead of failing', async () => {
    const admin = new Visitor(stack.baseUrl);
    assert.equal((await signIn(db, admin, 'admin@example.com', '/admin')).status, 303);
    for (const path of [
      '/admin/orders?from=2026-02-31',
      '/admin/orders?to=0000-01-01&page=1e20',
      '/admin/orders?q=%00',
      '/admin/orders.csv?from=2026-02-31',
      '/admin/customers?page=1e20',
      '/admin/customers?q=%00',
      '/admin/promo-codes?page=1e20',
    ]) {
      const res = await admin.get(path);
      assert.equal(res.status, 200, path);
      await res.arrayBuffer();
    }
  });

  test('malformed webhook JSON with a valid signature is a 400 with a reason; a GET is a 405', async () => {
    const payload = '{"id": "evt_broken", "type": "checkout.session.completed", "data": ';
    const header = new Stripe('sk_test_unused').webhooks.generateTestHeaderString({ payload, secret: TEST_WEBHOOK_SECRET });
    const res = await sendWebhook(stack.baseUrl, { payload, header });
    assert.equal(res.status, 400);
    assert.ok((await res.text()).length > 0, 'with a reason');
    assert.equal((await fetch(`${stack.baseUrl}/webhooks/stripe`)).status, 405);
  });

  test('state never changes over GET: the action-only URLs answer GET without side effects', async () => {
    const before = await count('select (select count(*) from orders) + (select count(*) from carts) + (select count(*) from login_tokens)::int as n');
    for (const path of ['/logout', '/checkout', '/webhooks/stripe', '/cart?intent=remove&itemId=1']) {
      const res = await new Visitor(stack.baseUrl).get(path);
      assert.ok(res.status < 500, `${path} answered ${res.status}`);
    }
    assert.equal(await count('select (select count(*) from orders) + (select count(*) from carts) + (select count(*) from login_tokens)::int as n'), before);
  });
});

const THREE_MB = 3 * 1024 * 1024;

/**
 * Streams `prefix` and then up to 3 MB in 64 KB chunks without a Content-Length (chunked), a little at a
 * time, and stops as soon as the answer's head arrives: its status, and how much had been sent by then.
 */
async function chunkedUpload(path: string, headers: Record<string, string>, prefix: string): Promise<{ status: number; sentWhenAnswered: number }> {
  let sent = 0;
  let answered = false;
  const chunk = new Uint8Array(64 * 1024).fill(0x78);
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode(prefix));
    },
    async pull(controller) {
      if (answered || sent >= THREE_MB) return controller.close();
      await new Promise((r) => setTimeout(r, 10));
      controller.enqueue(chunk);
      sent += chunk.byteLength;
    },
  });
  const res = await fetch(new URL(path, stack.baseUrl), { method: 'POST', body, headers, duplex: 'half' } as RequestInit);
  answered = true;
  const sentWhenAnswered = sent;
  await res.arrayBuffer().catch(() => undefined);
  return { status: res.status, sentWhenAnswered };
}
