// Hostile and careless input through the real forms and endpoints: overlong, empty, control
// characters, Unicode, HTML/script and SQL-looking values, oversized bodies (declared or chunked),
// malformed and mistimed webhooks, forged origins, impossible admin filters. Each gets a
// clear 4xx with the message next to the field and the input kept (escaped), nothing half-written;
// markup typed into a personalisation is text in every page and email it reaches.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type pg from 'pg';
import Stripe from 'stripe';
import { makeUnsubscribeToken } from '#core/unsubscribe.ts';
import { ProcessGroup } from '../scripts/lib/process-group.ts';
import { TEST_SESSION_SECRET, TEST_WEBHOOK_SECRET, startStack, type Stack } from '../scripts/lib/stack.ts';
import { database, personalisation, waitFor } from './http.ts';
import { Visitor, signIn, unique } from './sign-in.ts';
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

/** The attributes of the first `<input>` or `<select>` named `name` (and with `value`, when given). */
function control(page: string, name: string, value?: string): Record<string, string> | undefined {
  for (const [tag] of page.matchAll(/<(?:input|select)\b[^>]*>/g)) {
    const attrs = Object.fromEntries([...tag.matchAll(/([\w-]+)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
    if (attrs.name === name && (value === undefined || attrs.value === value)) return attrs;
  }
  return undefined;
}

/** The text a field's `aria-describedby` points at: what a screen reader says with it ("next to the field"). */
function description(page: string, attrs: Record<string, string> | undefined): string {
  const ids = attrs?.['aria-describedby']?.split(' ') ?? [];
  return ids
    .map((id) => new RegExp(`<(\\w+)[^>]*\\sid="${id}"[^>]*>([\\s\\S]*?)</\\1>`).exec(page)?.[2] ?? '')
    .join(' ')
    .trim();
}

/** A refused field: invalid, described by the message, and (when given) still holding what was typed. */
function assertRefusedField(page: string, name: string, message: RegExp, typed?: string) {
  const attrs = control(page, name, typed);
  assert.ok(attrs, `a field ${name}${typed === undefined ? '' : ` still holding ${JSON.stringify(typed)}`}`);
  assert.equal(attrs['aria-invalid'], 'true', `${name} is marked invalid`);
  assert.match(description(page, attrs), message, `${name} is described by its message`);
}

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
    const otherVariant = await v.postAs('/products/night-sky-print-digital?index', {
      variantId: '1 or 1=1',
      quantity: 1,
      ...personalisation,
    });
    assert.equal(otherVariant.status, 400);
    assert.equal(await count('select count(*)::int as n from cart_items'), before, 'no cart line was added');
  });

  test('markup, SQL-looking and Unicode personalisations are kept as text: escaped in the cart, the preview and the confirmation email', async () => {
    const v = new Visitor(stack.baseUrl);
    const title = 'Nuit ☾ 夜 مساء 🌙';
    const add = await v.postAs('/products/night-sky-print-digital?index', {
      variantId,
      quantity: 1,
      ...personalisation,
      title: MARKUP.slice(0, 40),
      subtitle: SQLISH,
      place: title,
    });
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
    const { rows } = await db.query<{ order_number: string }>('select order_number from local_checkout_sessions where session_id = $1', [
      payPath.split('/').pop(),
    ]);
    const orderNumber = rows[0]!.order_number;
    assert.ok((await v.postAs(payPath, { intent: 'pay', email: 'markup@example.com', name: '<i>Ada</i>', country: 'IE' })).status < 400);
    const mail = await waitFor('the confirmation', async () => {
      const r = await db.query<{ html: string; text: string }>(
        "select html, text from emails where order_number = $1 and template = 'order-confirmation'",
        [orderNumber],
      );
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
    assertRefusedField(page, 'email', /Enter a valid email address/);
    const empty = await v.postAs('/login', { email: '' });
    assert.equal(empty.status, 400);
    const lookup = await v.postAs('/orders/lookup', { orderNumber: SQLISH, email: 'a@example.com' });
    assert.equal(lookup.status, 400);
    const lookupPage = await html(lookup);
    assertRefusedField(lookupPage, 'orderNumber', /Order numbers look like ATL-2026-7K3M9Q2B/);
    assert.ok(control(lookupPage, 'email', 'a@example.com'), 'the typed email is kept');
    assert.equal(await count("select count(*)::int as n from login_tokens where email like '%onerror%'"), 0);
  });

  test('cart quantities outside 1..99 are refused next to the line’s field, the typed value kept, the cart unchanged', async () => {
    const v = new Visitor(stack.baseUrl);
    const title = `Quantity ${unique()}`;
    assert.equal(
      (await v.postAs('/products/night-sky-print-digital?index', { variantId, quantity: 2, ...personalisation, title })).status,
      303,
    );
    const { rows } = await db.query<{ id: number; quantity: number }>(
      "select id, quantity from cart_items where personalisation->>'title' = $1",
      [title],
    );
    const line = rows[0]!;
    for (const [typed, message] of [
      ['100', /Quantity must be between 1 and 99/],
      ['0', /Quantity must be between 1 and 99/],
      ['lots', /Quantity must be a number/],
      ['1.5', /Quantity must be a whole number/],
    ] as const) {
      const res = await v.postAs('/cart', { intent: 'update', itemId: line.id, quantity: typed });
      assert.equal(res.status, 400, typed);
      assertRefusedField(await html(res), 'quantity', message, typed);
    }
    const stale = await v.postAs('/cart', { intent: 'update', itemId: 2_000_000_000, quantity: 3 });
    assert.equal(stale.status, 400);
    assert.match(await html(stale), /That item is no longer in your cart/);
    const after = await db.query<{ quantity: number }>('select quantity from cart_items where id = $1', [line.id]);
    assert.equal(after.rows[0]!.quantity, line.quantity, 'the quantity is as it was');
    assert.equal((await v.postAs('/cart', { intent: 'remove', itemId: 'x' })).status, 400);
    assert.equal((await v.postAs('/cart', { intent: 'nonsense' })).status, 400);
    assert.equal(await count(`select count(*)::int as n from cart_items where id = ${line.id}`), 1, 'still in the cart');
  });

  test('the account’s name and email preferences: refused with the message, what was typed kept, nothing saved', async () => {
    const v = new Visitor(stack.baseUrl);
    const email = `prefs-${unique()}@example.com`;
    assert.equal((await signIn(db, v, email)).status, 303);
    const long = `${MARKUP}${'x'.repeat(120)}`;
    const name = await v.postAs('/account?index', { name: long });
    assert.equal(name.status, 400);
    const page = await html(name);
    assertRefusedField(page, 'name', /Your name must be at most 120 characters/);
    assert.ok(page.includes('value="&lt;script&gt;alert(1)&lt;/script&gt;'), 'the typed name is kept, as text');
    const prefs = await v.postAs('/account/emails', { marketingEmails: 'yes please', campaignEmails: 'on' });
    assert.equal(prefs.status, 400);
    assert.match(await html(prefs), /role="alert"[^>]*>Those preferences could not be read/);
    const { rows } = await db.query('select name, marketing_emails, campaign_emails from users where email = $1', [email]);
    assert.deepEqual(rows[0], { name: null, marketing_emails: true, campaign_emails: true }, 'nothing was saved');
  });

  test('deleting one’s account without ticking the box: refused next to the checkbox, nothing deleted, still signed in', async () => {
    const v = new Visitor(stack.baseUrl);
    const email = `privacy-${unique()}@example.com`;
    assert.equal((await signIn(db, v, email)).status, 303);
    for (const form of [{}, { confirm: 'yes' }, { confirm: MARKUP }] as Record<string, string>[]) {
      const res = await v.postAs('/account/privacy', form);
      assert.equal(res.status, 400, JSON.stringify(form));
      const page = await html(res);
      assertRefusedField(page, 'confirm', /Tick the box to confirm that your account should be deleted/);
      assert.ok(!page.includes('<script>alert(1)'), 'not echoed as markup');
      assert.match(page, /<h1>Your data<\/h1>/, 'still the privacy page');
    }
    const { rows } = await db.query('select blocked, deleted_at from users where email = $1', [email]);
    assert.deepEqual(rows[0], { blocked: false, deleted_at: null }, 'the account is as it was');
    const deletions = await db.query('select 1 from account_deletions d join users u on u.id = d.user_id where u.email = $1', [email]);
    assert.equal(deletions.rowCount, 0, 'no deletion was started');
    assert.equal((await v.getAs('/account')).status, 200, 'still signed in');
  });

  test('an admin deleting an account without saying how the request came: refused next to that field, what was typed kept, nothing deleted', async () => {
    const email = `erase-${unique()}@example.com`;
    assert.equal((await signIn(db, new Visitor(stack.baseUrl), email)).status, 303);
    const id = (await db.query<{ id: number }>('select id from users where email = $1', [email])).rows[0]!.id;
    const admin = new Visitor(stack.baseUrl);
    assert.equal((await signIn(db, admin, 'admin@example.com', '/admin')).status, 303);
    for (const request of ['', '   ']) {
      const res = await admin.postAs(`/admin/customers/${id}`, { intent: 'delete-account', request, confirm: 'on' });
      assert.equal(res.status, 400, JSON.stringify(request));
      const page = await html(res);
      assertRefusedField(page, 'request', /Say how the request reached you/, request || undefined);
      assert.ok(control(page, 'confirm', 'on')?.checked !== undefined, 'the ticked box stays ticked');
    }
    const long = `${MARKUP}${'x'.repeat(500)}`;
    const tooLong = await admin.postAs(`/admin/customers/${id}`, { intent: 'delete-account', request: long });
    assert.equal(tooLong.status, 400);
    const page = await html(tooLong);
    assertRefusedField(page, 'request', /At most 500 characters/);
    assert.ok(page.includes('value="&lt;script&gt;alert(1)&lt;/script&gt;'), 'the typed text is kept, as text');
    assert.ok(!page.includes('<script>alert(1)'), 'not echoed as markup');
    const { rows } = await db.query('select blocked, deleted_at, email from users where id = $1', [id]);
    assert.deepEqual(rows[0], { blocked: false, deleted_at: null, email }, 'the account is as it was');
    assert.equal(await count(`select count(*)::int as n from account_deletions where user_id = ${id}`), 0);
  });

  test('sign-in and unsubscribe links that are malformed or forged are refused with a message and change nothing', async () => {
    const v = new Visitor(stack.baseUrl);
    const verify = await v.postAs('/auth/verify', { token: MARKUP });
    assert.equal(verify.status, 400);
    const verifyPage = await html(verify);
    assert.match(verifyPage, /This sign-in link is not valid/);
    assert.ok(!verifyPage.includes('<script>alert(1)'), 'not echoed as markup');
    assert.equal(v.cookie(/atelier_session/), undefined, 'not signed in');

    const email = `unsub-${unique()}@example.com`;
    assert.equal((await signIn(db, new Visitor(stack.baseUrl), email)).status, 303);
    const { rows } = await db.query<{ id: number }>('select id from users where email = $1', [email]);
    const token = makeUnsubscribeToken(rows[0]!.id, TEST_SESSION_SECRET);
    const forged = `${rows[0]!.id}.${'A'.repeat(32)}`;
    for (const bad of [forged, MARKUP, '']) {
      const res = await v.postAs(`/unsubscribe?token=${encodeURIComponent(bad)}`, { token });
      assert.equal(res.status, 400, JSON.stringify(bad));
      assert.match(await html(res), /This unsubscribe link is not valid/);
    }
    const prefs = await db.query('select marketing_emails, campaign_emails from users where id = $1', [rows[0]!.id]);
    assert.deepEqual(prefs.rows[0], { marketing_emails: true, campaign_emails: true }, 'still subscribed');
  });

  test('the local payment page: missing and malformed payer details next to their fields, typed values kept, nothing paid', async () => {
    const v = new Visitor(stack.baseUrl);
    const poster = (await db.query<{ id: number }>("select id from product_variants where sku = 'NSP-PHY-A3'")).rows[0]!.id;
    assert.equal((await v.postAs('/products/night-sky-poster?index', { variantId: poster, quantity: 1, ...personalisation })).status, 303);
    const checkout = await v.postAs('/checkout', {});
    assert.equal(checkout.status, 303);
    const payPath = new URL(checkout.headers.get('location')!).pathname;
    const sessionId = decodeURIComponent(payPath.split('/').pop()!);

    const res = await v.postAs(payPath, {
      intent: 'pay',
      email: `${MARKUP}@x`,
      name: '',
      line1: '12 Quay Street',
      city: '',
      postal_code: 'H91',
      country: 'Atlantis',
    });
    assert.equal(res.status, 400);
    const page = await html(res);
    assertRefusedField(page, 'email', /Enter a valid email address/);
    assert.ok(page.includes('value="&lt;script&gt;alert(1)&lt;/script&gt;'), 'the typed email is kept, as text');
    assertRefusedField(page, 'name', /Enter the name on the card/);
    assertRefusedField(page, 'city', /Enter the city/);
    assertRefusedField(page, 'country', /Choose a country/);
    assert.ok(control(page, 'line1', '12 Quay Street'), 'the typed street is kept');
    assert.ok(control(page, 'postal_code', 'H91'), 'the typed postal code is kept');

    const noCode = await v.postAs(payPath, { intent: 'apply-code', promoCode: '', email: 'ada@example.com', name: 'Ada' });
    assert.equal(noCode.status, 400);
    const noCodePage = await html(noCode);
    assertRefusedField(noCodePage, 'promoCode', /Enter a code/);
    assert.ok(control(noCodePage, 'email', 'ada@example.com'), 'the typed email is kept');
    const unknownCode = await v.postAs(payPath, { intent: 'apply-code', promoCode: SQLISH.slice(0, 30), email: 'ada@example.com' });
    assert.equal(unknownCode.status, 400);
    assertRefusedField(await html(unknownCode), 'promoCode', /This code is not valid/);
    assert.equal((await v.postAs(payPath, { intent: 'refund-me' })).status, 400);

    const { rows } = await db.query('select status, promo_code, discount from local_checkout_sessions where session_id = $1', [sessionId]);
    assert.deepEqual(rows[0], { status: 'open', promo_code: null, discount: 0 }, 'the session is as it was');
    const orders = await db.query(
      'select count(*)::int as n from orders o join local_checkout_sessions s on s.order_number = o.order_number where s.session_id = $1 and o.paid_at is not null',
      [sessionId],
    );
    assert.equal(orders.rows[0].n, 0, 'nothing was paid');
  });

  test('oversized bodies are refused with 413 before anything reads them', async () => {
    const big = 'x'.repeat(300 * 1024);
    const form = await fetch(`${stack.baseUrl}/login`, {
      method: 'POST',
      body: new URLSearchParams({ email: big }),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: stack.baseUrl },
    });
    assert.equal(form.status, 413);
    const hook = await fetch(`${stack.baseUrl}/webhooks/stripe`, {
      method: 'POST',
      body: 'x'.repeat(2 * 1024 * 1024),
      headers: { 'Content-Type': 'application/json', 'Stripe-Signature': 't=1,v1=x' },
    });
    assert.equal(hook.status, 413);
  });

  test('chunked bodies past the limit are answered 413 while they are still being sent, and nothing reads them', async () => {
    const before = await count(
      'select (select count(*) from webhook_events) + (select count(*) from login_tokens) + (select count(*) from emails)::int as n',
    );
    const hook = await chunkedUpload(
      '/webhooks/stripe',
      { 'Content-Type': 'application/json', 'Stripe-Signature': 't=1,v1=x' },
      '{"id":"evt_chunked","type":"checkout.session.completed","data":{"object":{"x":"',
    );
    assert.equal(hook.status, 413);
    assert.ok(hook.sentWhenAnswered < UPLOAD_MAX, `answered after ${hook.sentWhenAnswered} of 6 MB`);
    const form = await chunkedUpload(
      '/login',
      { 'Content-Type': 'application/x-www-form-urlencoded', Origin: stack.baseUrl },
      `email=chunked-${Date.now()}%40example.com&redirectTo=`,
    );
    assert.equal(form.status, 413);
    assert.ok(form.sentWhenAnswered < UPLOAD_MAX, `answered after ${form.sentWhenAnswered} of 6 MB`);
    assert.ok(form.sentWhenAnswered < hook.sentWhenAnswered, 'forms have the smaller limit');
    assert.equal(
      await count(
        'select (select count(*) from webhook_events) + (select count(*) from login_tokens) + (select count(*) from emails)::int as n',
      ),
      before,
      'nothing stored',
    );
  });

  test('a webhook signed an hour ahead is refused, and not recorded', async () => {
    const future = signedEvent(
      'checkout.session.completed',
      { id: 'cs_future', object: 'checkout.session' },
      { secret: TEST_WEBHOOK_SECRET, timestamp: Math.floor(Date.now() / 1000) + 3600 },
    );
    const res = await sendWebhook(stack.baseUrl, future);
    assert.equal(res.status, 400);
    assert.match(await res.text(), /in the future/);
    assert.equal((await db.query('select 1 from webhook_events where event_id = $1', [future.event.id])).rowCount, 0);
  });

  test('an Origin that is the shop under another name, or null, is refused with 403, not a 500, and the cart is unchanged', async () => {
    const v = new Visitor(stack.baseUrl);
    assert.equal((await v.postAs('/products/night-sky-print-digital?index', { variantId, quantity: 1, ...personalisation })).status, 303);
    const item = (
      await db.query<{ id: number; quantity: number }>(
        'select i.id, i.quantity from cart_items i join carts c on c.id = i.cart_id order by i.id desc limit 1',
      )
    ).rows[0]!;
    const update = { intent: 'update', itemId: item.id, quantity: 3 };
    const forged: Record<string, string>[] = [
      { Origin: `http://localhost:${stack.port}` },
      { Origin: `http://[::1]:${stack.port}` },
      { Origin: 'null', Referer: `${stack.baseUrl}/cart` },
    ];
    for (const headers of forged) {
      const res = await v.post('/cart', update, { origin: null, headers: { ...headers, 'X-Forwarded-For': v.ip } });
      assert.equal(res.status, 403, JSON.stringify(headers));
    }
    // The webhooks' exemption goes by route: an escaped detour from /webhooks/ to the cart is the cart, checked.
    const detour = await v.post('/webhooks/%2e%2e/cart', update, { origin: null, headers: { 'X-Forwarded-For': v.ip } });
    assert.equal(detour.status, 403);
    assert.equal(
      (await db.query<{ quantity: number }>('select quantity from cart_items where id = $1', [item.id])).rows[0]!.quantity,
      item.quantity,
    );
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
    const before = await count(
      'select (select count(*) from orders) + (select count(*) from carts) + (select count(*) from login_tokens)::int as n',
    );
    for (const path of ['/logout', '/checkout', '/webhooks/stripe', '/cart?intent=remove&itemId=1']) {
      const res = await new Visitor(stack.baseUrl).get(path);
      assert.ok(res.status < 500, `${path} answered ${res.status}`);
    }
    assert.equal(
      await count('select (select count(*) from orders) + (select count(*) from carts) + (select count(*) from login_tokens)::int as n'),
      before,
    );
  });
});

/** What a chunked upload sends at most: far past every limit, and under what the shop drops after a refusal. */
const UPLOAD_MAX = 6 * 1024 * 1024;

/**
 * Streams `prefix` and then up to 6 MB in 64 KB chunks without a Content-Length (chunked), a little at a
 * time, and stops as soon as the answer's head arrives: its status, and how much had been sent by then.
 */
async function chunkedUpload(
  path: string,
  headers: Record<string, string>,
  prefix: string,
): Promise<{ status: number; sentWhenAnswered: number }> {
  let sent = 0;
  let answered = false;
  const chunk = new Uint8Array(64 * 1024).fill(0x78);
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode(prefix));
    },
    async pull(controller) {
      if (answered || sent >= UPLOAD_MAX) return controller.close();
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
