// The order status page (/checkout/success) shows an order only to its buyer: whoever holds the access link from
// the payment page's return or the confirmation email, the browser whose cart made the order, or the account it
// belongs to. The order number alone shows a stranger nothing (docs/decisions/048-order-access-links.md).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type pg from 'pg';
import { ProcessGroup } from '../scripts/lib/process-group.ts';
import { TEST_SESSION_SECRET, startStack, type Stack } from '../scripts/lib/stack.ts';
import { orderStatusPath, signOrderAccessToken } from '#server/orders/order-access.server.ts';
import { database, personalisation, waitFor } from './http.ts';
import { Visitor, signIn, unique } from './sign-in.ts';

let stack: Stack;
let db: pg.Pool;

before(async () => {
  stack = await startStack({ name: 'order-access', payments: 'local', group: new ProcessGroup() });
  db = database(stack.databaseUrl);
});
after(async () => {
  await db?.end();
  await stack?.stop();
});

const ITEM = 'A4 poster';

/** A guest with an A4 poster at the local payment page: the order exists, pending. */
async function guestAtPaymentPage() {
  const buyer = new Visitor(stack.baseUrl);
  const { rows } = await db.query<{ id: number }>("select id from product_variants where sku = 'NSP-PHY-A4'");
  assert.equal(
    (await buyer.postAs('/products/night-sky-poster?index', { variantId: rows[0]!.id, quantity: 1, ...personalisation })).status,
    303,
  );
  const checkout = await buyer.postAs('/checkout', {});
  assert.equal(checkout.status, 303);
  const payPath = new URL(checkout.headers.get('location')!).pathname;
  const { rows: sessions } = await db.query<{ order_number: string; success_url: string }>(
    'select order_number, success_url from local_checkout_sessions where session_id = $1',
    [decodeURIComponent(payPath.split('/').pop()!)],
  );
  const { order_number: orderNumber, success_url: successUrl } = sessions[0]!;
  return { buyer, payPath, orderNumber, successPath: successUrl.slice(stack.baseUrl.length) };
}

async function pay(buyer: Visitor, payPath: string, email: string): Promise<string> {
  const res = await buyer.postAs(payPath, {
    intent: 'pay',
    email,
    name: 'Ada',
    line1: '1 Main St',
    city: 'Dublin',
    postal_code: 'D01',
    country: 'IE',
  });
  assert.equal(res.status, 303, await res.text());
  return res.headers.get('location')!;
}

/** What a response shows of the order: its number, its line, its status and total (none of it for a stranger). */
async function shown(res: Response, orderNumber: string) {
  const html = await res.text();
  return {
    status: res.status,
    number: html.includes(orderNumber),
    item: html.includes(ITEM),
    orderStatus: html.includes('data-testid="order-status"'),
    total: /Total:/.test(html),
  };
}
const everything = (status = 200) => ({ status, number: true, item: true, orderStatus: true, total: true });
const nothing = { status: 404, number: false, item: false, orderStatus: false, total: false };

describe('the order status page', () => {
  test('the access link opens it for anyone who has it, while pending (its Refresh keeps the link) and once paid', async () => {
    const { buyer, payPath, orderNumber, successPath } = await guestAtPaymentPage();
    assert.match(
      successPath,
      new RegExp(`^/checkout/success\\?order=${orderNumber}&access=[0-9a-z]+\\.[A-Za-z0-9_-]{43}$`),
      'the payment page returns to an access link',
    );

    const pending = await new Visitor(stack.baseUrl).get(successPath);
    const html = await pending.text();
    assert.equal(pending.status, 200);
    assert.match(html, /Confirming your payment/);
    assert.ok(
      html.includes(`href="${successPath.replace(/&/g, '&amp;')}">Refresh</a>`),
      'without JavaScript, Refresh carries the access link',
    );
    // With JavaScript the page polls by revalidating its own URL: Remix's data request carries the link too.
    const poll = await new Visitor(stack.baseUrl).get(`${successPath}&_data=routes%2Fcheckout_.success`);
    assert.equal(poll.status, 200);
    assert.equal(((await poll.json()) as { status: string }).status, 'pending');

    const returnedTo = await pay(buyer, payPath, `guest-${unique()}@example.com`);
    assert.equal(new URL(returnedTo).pathname + new URL(returnedTo).search, successPath);
    await waitFor(
      'paid',
      async () => (await db.query("select 1 from orders where order_number = $1 and status = 'paid'", [orderNumber])).rowCount === 1,
    );
    assert.deepEqual(await shown(await new Visitor(stack.baseUrl).get(successPath), orderNumber), everything());
  });

  test('without the link, or with a tampered, expired or another order’s link, a stranger sees nothing of the order', async () => {
    const { buyer, payPath, orderNumber, successPath } = await guestAtPaymentPage();
    await pay(buyer, payPath, `guest-${unique()}@example.com`);
    const token = new URL(successPath, stack.baseUrl).searchParams.get('access')!;
    const [exp, signature] = token.split('.') as [string, string];
    const other = await guestAtPaymentPage();
    const tries = {
      'the number alone': `/checkout/success?order=${orderNumber}`,
      'the number in lower case': `/checkout/success?order=${orderNumber.toLowerCase()}`,
      'a tampered signature': `/checkout/success?order=${orderNumber}&access=${exp}.${signature[0] === 'A' ? 'B' : 'A'}${signature.slice(1)}`,
      'a later expiry': `/checkout/success?order=${orderNumber}&access=${(parseInt(exp, 36) + 3600).toString(36)}.${signature}`,
      'an expired link': orderStatusPath(orderNumber, new Date(Date.now() - 1000), TEST_SESSION_SECRET),
      "another order's link": `/checkout/success?order=${orderNumber}&access=${new URL(other.successPath, stack.baseUrl).searchParams.get('access')}`,
      'a link signed with another secret': `/checkout/success?order=${orderNumber}&access=${signOrderAccessToken(orderNumber, new Date(Date.now() + 3600_000), 'another-secret-0123456789abcdef0123')}`,
      garbage: `/checkout/success?order=${orderNumber}&access=${encodeURIComponent('<script>')}`,
    };
    const stranger = new Visitor(stack.baseUrl);
    for (const [what, path] of Object.entries(tries)) {
      const res = await stranger.get(path);
      assert.deepEqual(await shown(res, orderNumber), nothing, what);
    }
    // A stranger's page is the same as for an order that does not exist, and it offers the buyer's ways back.
    const unknown = await (await stranger.get('/checkout/success?order=ATL-2026-ZZZZZZZZ')).text();
    const refused = await (await stranger.get(tries['the number alone'])).text();
    assert.match(refused, /Order not found/);
    assert.match(refused, /href="\/orders\/lookup"/);
    // (The number the stranger typed is echoed in the page's own address, hence set aside; so is the per-request nonce.)
    const comparable = (page: string, typed: string) =>
      page
        .replaceAll(typed, 'N')
        .replace(/nonce="[^"]+"/g, '')
        .replace(/'nonce-[^']+'/g, '');
    assert.equal(
      comparable(refused, orderNumber),
      comparable(unknown, 'ATL-2026-ZZZZZZZZ'),
      'an existing order and an unknown one look the same',
    );
    // The live status poll of a stranger gets nothing either.
    assert.equal((await stranger.get(`${tries['the number alone']}&_data=routes%2Fcheckout_.success`)).status, 404);
  });

  test('the buyer sees it without the link: in the browser whose cart made it, and signed in to the account it joined', async () => {
    const { buyer, payPath, orderNumber } = await guestAtPaymentPage();
    const email = `guest-${unique()}@example.com`;
    await pay(buyer, payPath, email);
    await waitFor(
      'joined to the account',
      async () =>
        (
          await db.query('select 1 from orders o join users u on u.id = o.customer_id where o.order_number = $1 and u.email = $2', [
            orderNumber,
            email,
          ])
        ).rowCount === 1,
    );
    const plain = `/checkout/success?order=${orderNumber}`;
    assert.deepEqual(await shown(await buyer.get(plain), orderNumber), everything(), 'the cart cookie that made the order');

    const elsewhere = new Visitor(stack.baseUrl);
    assert.deepEqual(await shown(await elsewhere.get(plain), orderNumber), nothing, 'another browser, not signed in');
    assert.equal((await signIn(db, elsewhere, email)).status, 303);
    assert.deepEqual(await shown(await elsewhere.get(plain), orderNumber), everything(), 'signed in to the account the order joined');

    const someoneElse = new Visitor(stack.baseUrl);
    assert.equal((await signIn(db, someoneElse, `other-${unique()}@example.com`)).status, 303);
    assert.deepEqual(await shown(await someoneElse.get(plain), orderNumber), nothing, 'signed in to another account');
  });

  test("the confirmation email's order link works for its recipient in any browser", async () => {
    const { buyer, payPath, orderNumber } = await guestAtPaymentPage();
    const email = `guest-${unique()}@example.com`;
    await pay(buyer, payPath, email);
    const mail = await waitFor('the confirmation', async () => {
      const { rows } = await db.query<{ html: string; text: string }>(
        "select html, text from emails where order_number = $1 and template = 'order-confirmation'",
        [orderNumber],
      );
      return rows[0];
    });
    const link = new RegExp(
      `${stack.baseUrl.replace(/[.]/g, '\\.')}(/checkout/success\\?order=${orderNumber}&(?:amp;)?access=[0-9a-z]+\\.[A-Za-z0-9_-]{43})`,
    ).exec(mail.html)?.[1];
    assert.ok(link, 'the email links the status page with an access link');
    assert.ok(mail.text.includes(link.replace('&amp;', '&')), 'the plain-text version too');
    assert.deepEqual(await shown(await new Visitor(stack.baseUrl).get(link.replace('&amp;', '&')), orderNumber), everything());
  });
});
