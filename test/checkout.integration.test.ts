// From the checkout action through the workflow, stripe-mock and a signed webhook to a paid order in
// PostgreSQL — the real web server, worker, Temporal dev server and database.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { Client, Connection } from '@temporalio/client';
import { execFileSync } from 'node:child_process';
import type pg from 'pg';
import { ProcessGroup } from '../scripts/lib/process-group.ts';
import { findTool } from '../scripts/tools.mjs';
import { startStack, type Stack } from '../scripts/lib/stack.ts';
import { checkoutStatusQuery, checkoutWorkflowId } from '#workflows/messages.ts';
import { Browser, database, personalisation, waitFor } from './http.ts';
import { Visitor, signIn, unique } from './sign-in.ts';
import { completedSession, sendWebhook as postWebhook, signedEvent as stripeEvent } from './stripe-events.ts';
import { temporalDataConverter } from '#server/temporal/payload-codec.server.ts';

let stack: Stack;
let db: pg.Pool;
let temporal: Client;

before(async () => {
  stack = await startStack({ name: 'integration', payments: 'mock', group: new ProcessGroup() });
  db = database(stack.databaseUrl);
  // The stack encrypts payloads: results are read through the same codec.
  temporal = new Client({
    connection: await Connection.connect({ address: stack.temporal.address }),
    dataConverter: temporalDataConverter(stack.env),
  });
});
after(async () => {
  await db?.end();
  await temporal?.connection.close();
  await stack?.stop();
});

async function variantId(sku: string): Promise<number> {
  const { rows } = await db.query<{ id: number }>('select id from product_variants where sku = $1', [sku]);
  return rows[0]!.id;
}

async function fillCart(browser: Browser, sku = 'NSP-PHY-A3', quantity = 1) {
  const res = await browser.post('/products/night-sky-poster?index', { variantId: await variantId(sku), quantity, ...personalisation });
  assert.equal(res.status, 303);
}

async function orderOf(orderNumber: string) {
  const { rows } = await db.query('select * from orders where order_number = $1', [orderNumber]);
  return rows[0] as Record<string, unknown> | undefined;
}

function signedEvent(type: string, object: Record<string, unknown>, opts: { timestamp?: number; secret?: string } = {}) {
  return stripeEvent(type, object, { secret: opts.secret ?? stack.env.STRIPE_WEBHOOK_SECRET!, timestamp: opts.timestamp });
}

const sendWebhook = (w: { payload: string; header: string }) => postWebhook(stack.baseUrl, w);

async function lastOrderId(): Promise<number> {
  const { rows } = await db.query<{ id: number | null }>('select max(id) as id from orders');
  return rows[0]?.id ?? 0;
}

/** Orders created after `sinceId` (stripe-mock answers every session with the same URL, so ids tell them apart). */
async function ordersSince(sinceId: number) {
  const { rows } = await db.query<{ order_number: string; stripe_checkout_session_id: string; total: number; checkout_url: string }>(
    'select order_number, stripe_checkout_session_id, total, checkout_url from orders where id > $1 order by id',
    [sinceId],
  );
  return rows;
}

async function startCheckout(browser: Browser) {
  const before = await lastOrderId();
  const res = await browser.post('/checkout', {});
  assert.equal(res.status, 303, await res.text());
  const location = res.headers.get('location')!;
  const rows = await ordersSince(before);
  assert.equal(rows.length, 1, 'one checkout makes one order');
  assert.equal(rows[0]!.checkout_url, location);
  return { location, orderNumber: rows[0]!.order_number, sessionId: rows[0]!.stripe_checkout_session_id, total: rows[0]!.total };
}

describe('checkout against stripe-mock', () => {
  test('checkout redirects to Stripe; a signed webhook makes the order paid and sends the confirmation once', async () => {
    const browser = new Browser(stack.baseUrl);
    await fillCart(browser, 'NSP-PHY-A3', 2);
    const { location, orderNumber, sessionId, total } = await startCheckout(browser);
    assert.match(location, /^https:\/\/checkout\.stripe\.com\//);
    assert.match(orderNumber, /^ATL-\d{4}-[0-9A-HJKMNP-TV-Z]{8}$/);
    assert.equal(total, 2 * 4500 + 999, 'priced on the server: 2 × 45.00 + 9.99 shipping');

    const hook = signedEvent('checkout.session.completed', completedSession(orderNumber, sessionId, 9000));
    const res = await sendWebhook(hook);
    assert.equal(res.status, 200);
    const order = await waitFor('paid order', async () => {
      const o = await orderOf(orderNumber);
      return o?.status === 'paid' ? o : null;
    });
    assert.equal(order.total, 9999);
    assert.equal(order.shipping, 999);
    assert.equal(order.email, 'jane@example.com');
    assert.match(order.stripe_payment_intent_id as string, /^pi_test_/);
    assert.equal((order.shipping_address as { city: string }).city, 'Dublin');
    const email = await waitFor('confirmation email', async () => {
      const { rows } = await db.query("select * from emails where order_number = $1 and template = 'order-confirmation'", [orderNumber]);
      return rows[0];
    });
    assert.equal(email.to, 'jane@example.com');
    assert.match(email.subject as string, new RegExp(orderNumber));

    // The same event again (Stripe retries): 200, nothing happens twice.
    const again = await sendWebhook(hook);
    assert.equal(again.status, 200);
    assert.equal(((await again.json()) as { duplicate?: boolean }).duplicate, true);
    const { rows: emails } = await db.query(
      "select count(*)::int as n from emails where order_number = $1 and template = 'order-confirmation'",
      [orderNumber],
    );
    assert.equal(emails[0].n, 1);
    const { rows: events } = await db.query(
      "select count(*)::int as n from order_events e join orders o on o.id = e.order_id where o.order_number = $1 and e.type = 'paid'",
      [orderNumber],
    );
    assert.equal(events[0].n, 1);

    // The cart was checked out: the customer's next visit starts an empty cart.
    const cart = await browser.get('/cart');
    assert.match(await cart.text(), /Your cart is empty/);

    await temporal.workflow.getHandle(checkoutWorkflowId(orderNumber)).result();
    if (process.env.RECORD_HISTORY) {
      // The CLI writes the JSON form that historyFromJSON (and the Temporal UI's download) reads.
      const json = execFileSync(findTool('temporal')!, [
        'workflow',
        'show',
        '--address',
        stack.temporal.address,
        '--workflow-id',
        checkoutWorkflowId(orderNumber),
        '--output',
        'json',
      ]);
      fs.writeFileSync(process.env.RECORD_HISTORY, json);
    }
  });

  test('a "paid" signed with the right secret for another session, amount or currency marks nothing paid, goes to the admin, and the genuine payment still completes the order', async () => {
    const browser = new Browser(stack.baseUrl);
    await fillCart(browser, 'NSP-PHY-A3', 1);
    const { orderNumber, sessionId, total } = await startCheckout(browser);
    assert.equal(total, 4500 + 999);
    const genuine = completedSession(orderNumber, sessionId, 4500);
    const forgeries = {
      'another session': { ...genuine, id: 'cs_test_forged_elsewhere' },
      'another amount': { ...genuine, amount_total: 100 },
      'another currency': { ...genuine, currency: 'usd' },
      'a discount no promotion code gives': {
        ...genuine,
        amount_total: 999,
        total_details: { amount_discount: 4500, amount_shipping: 999, amount_tax: 0 },
      },
    };
    for (const [what, session] of Object.entries(forgeries)) {
      const res = await sendWebhook(signedEvent('checkout.session.completed', session));
      assert.equal(res.status, 200, `${what}: accepted as a delivery (the signature is right)`);
    }
    const mismatches = await waitFor('the four events refused on the order', async () => {
      const { rows } = await db.query<{ message: string }>(
        "select e.message from order_events e join orders o on o.id = e.order_id where o.order_number = $1 and e.type = 'payment_mismatch' order by e.id",
        [orderNumber],
      );
      return rows.length === 4 ? rows.map((r) => r.message) : null;
    });
    assert.match(mismatches[0]!, /session cs_test_forged_elsewhere is not this checkout's session/);
    assert.match(mismatches[1]!, /amount_total 100 is not the 5499 due/);
    assert.match(mismatches[2]!, /currency usd is not the order's eur/);
    assert.match(mismatches[3]!, /discount 4500 is not at most 0/);
    const pending = await orderOf(orderNumber);
    assert.equal(pending?.status, 'pending', 'none of them marked the order paid');
    assert.equal(pending?.paid_at, null);
    assert.equal(
      (await temporal.workflow.getHandle(checkoutWorkflowId(orderNumber)).query(checkoutStatusQuery)).state,
      'awaiting_payment',
      'the checkout waits on',
    );

    // The admin's dashboard lists them under "Needs attention".
    const admin = new Visitor(stack.baseUrl);
    const adminEmail = `staff-${unique()}@example.com`;
    assert.equal((await signIn(db, admin, adminEmail)).status, 303);
    await db.query("update users set role = 'admin' where email = $1", [adminEmail]);
    const dashboard = await (await admin.get('/admin')).text();
    const list = /<ul[^>]*data-testid="payment-mismatches"[\s\S]*?<\/ul>/.exec(dashboard)?.[0] ?? '';
    assert.equal(list.split(orderNumber).length - 1, 4 * 2, 'each refused event listed, linking to the order');
    assert.match(dashboard, /Payment events that did not match their checkout \(\d+\)/);

    // The genuine payment afterwards completes the order as usual.
    assert.equal((await sendWebhook(signedEvent('checkout.session.completed', genuine))).status, 200);
    const paid = await waitFor('paid by the genuine payment', async () => {
      const o = await orderOf(orderNumber);
      return o?.status === 'paid' ? o : null;
    });
    assert.equal(paid.total, 5499);
    assert.equal(paid.stripe_checkout_session_id, sessionId);
    assert.equal((await temporal.workflow.getHandle(checkoutWorkflowId(orderNumber)).result()).outcome, 'paid');
  });

  test('a bad signature, a missing one and a stale timestamp are refused with 400', async () => {
    const forged = signedEvent('checkout.session.completed', { id: 'cs_x' }, { secret: 'whsec_wrong' });
    assert.equal((await sendWebhook(forged)).status, 400);
    const stale = signedEvent('checkout.session.completed', { id: 'cs_x' }, { timestamp: Math.floor(Date.now() / 1000) - 301 });
    assert.equal((await sendWebhook(stale)).status, 400);
    const unsigned = await fetch(`${stack.baseUrl}/webhooks/stripe`, {
      method: 'POST',
      body: '{}',
      headers: { 'Content-Type': 'application/json' },
    });
    assert.equal(unsigned.status, 400);
    const { rows } = await db.query('select count(*)::int as n from webhook_events where event_id = $1', [forged.event.id]);
    assert.equal(rows[0].n, 0, 'nothing from a forged event is stored');
  });

  test('other events are stored and answered 200', async () => {
    const hook = signedEvent('customer.created', { id: 'cus_1', object: 'customer' });
    const res = await sendWebhook(hook);
    assert.equal(res.status, 200);
    const { rows } = await db.query('select outcome, processed_at from webhook_events where event_id = $1', [hook.event.id]);
    assert.equal(rows[0].outcome, 'stored');
  });

  test('a double-submitted checkout (two tabs at once) makes one order and one session', async () => {
    const browser = new Browser(stack.baseUrl);
    await fillCart(browser, 'NSP-PHY-A4');
    const before = await lastOrderId();
    const [a, b, c] = await Promise.all([browser.post('/checkout', {}), browser.post('/checkout', {}), browser.post('/checkout', {})]);
    assert.deepEqual([a.status, b.status, c.status], [303, 303, 303]);
    assert.equal(a.headers.get('location'), b.headers.get('location'));
    assert.equal(a.headers.get('location'), c.headers.get('location'));
    const orders = await ordersSince(before);
    assert.equal(orders.length, 1, 'three submits, one order');
    // One workflow asked Stripe for one Checkout Session: a local activity (its marker names the type in plain JSON), or
    // the scheduled one it falls back to.
    const history = await temporal.workflow.getHandle(checkoutWorkflowId(orders[0]!.order_number)).fetchHistory();
    const localType = (data: Uint8Array | null | undefined) =>
      data ? (JSON.parse(Buffer.from(data).toString('utf8')) as { activity_type?: string }).activity_type : undefined;
    const sessionCalls = (history.events ?? []).filter(
      (e) =>
        e.activityTaskScheduledEventAttributes?.activityType?.name === 'createCheckoutSession' ||
        (e.markerRecordedEventAttributes?.markerName === 'core_local_activity' &&
          localType(e.markerRecordedEventAttributes.details?.data?.payloads?.[0]?.data) === 'createCheckoutSession'),
    );
    assert.equal(sessionCalls.length, 1);
  });

  test('changing the cart after starting checkout starts a new order next time', async () => {
    const browser = new Browser(stack.baseUrl);
    await fillCart(browser, 'NSP-PHY-A4');
    const first = await startCheckout(browser);
    await fillCart(browser, 'NSP-PHY-A3');
    const second = await startCheckout(browser);
    assert.notEqual(first.orderNumber, second.orderNumber);
    assert.equal(second.total, 3500 + 4500 + 999);
  });

  test('an empty cart cannot be checked out', async () => {
    const browser = new Browser(stack.baseUrl);
    const res = await browser.post('/checkout', {});
    assert.equal(res.status, 303);
    assert.equal(res.headers.get('location'), '/cart');
  });

  test('the worker killed after the session is created: the payment still completes the order', async () => {
    const browser = new Browser(stack.baseUrl);
    await fillCart(browser, 'NSP-PHY-50X70');
    const { orderNumber, sessionId } = await startCheckout(browser);
    await stack.killWorker();
    const hook = signedEvent('checkout.session.completed', completedSession(orderNumber, sessionId, 7900));
    assert.equal((await sendWebhook(hook)).status, 200, 'the signal is accepted by Temporal while no worker runs');
    await new Promise((r) => setTimeout(r, 500));
    assert.equal((await orderOf(orderNumber))?.status, 'pending');
    stack.startWorker();
    await waitFor('paid after restart', async () => (await orderOf(orderNumber))?.status === 'paid', 60_000);
    // The workflow finishes (confirmation sent) and nothing was done twice.
    await temporal.workflow.getHandle(checkoutWorkflowId(orderNumber)).result();
    const { rows } = await db.query("select count(*)::int as n from emails where order_number = $1 and template = 'order-confirmation'", [
      orderNumber,
    ]);
    assert.equal(rows[0].n, 1);
  });

  test('bad cart input gets a message next to the field, keeps what was typed, and stores nothing', async () => {
    const browser = new Browser(stack.baseUrl);
    const id = await variantId('NSP-PHY-A3');
    const stored = async () =>
      (
        await db.query<{ carts: number; items: number }>(
          'select (select count(*)::int from carts) as carts, (select count(*)::int from cart_items) as items',
        )
      ).rows[0]!;
    const before = await stored();
    const tooLong = 'x'.repeat(41);
    const res = await browser.post('/products/night-sky-poster?index', {
      variantId: id,
      quantity: 100,
      ...personalisation,
      title: tooLong,
      place: '',
    });
    assert.equal(res.status, 400);
    const html = await res.text();
    assert.match(html, /Title must be at most 40 characters/);
    assert.match(html, /Place is required/);
    assert.match(html, /Quantity must be between 1 and 99/);
    assert.ok(html.includes(`value="${tooLong}"`), 'the typed title is kept');
    const unknown = await browser.post('/products/night-sky-poster?index', { variantId: 999999, quantity: 1, ...personalisation });
    assert.equal(unknown.status, 400);
    assert.match(await unknown.text(), /Choose one of the options shown/);
    // Refused before any cart is made: no cart row, no item, no cart cookie for this browser.
    assert.deepEqual(await stored(), before, 'no cart and no cart item were written');
    assert.equal(browser.cookie(/atelier_cart$/), undefined, 'no cart cookie was set');
  });

  test('readyz reports the database and Temporal with their latency', async () => {
    const res = await fetch(`${stack.baseUrl}/readyz`);
    assert.equal(res.status, 200);
    const body = (await res.json()) as { database: { ok: boolean; latencyMs: number }; temporal: { ok: boolean; latencyMs: number } };
    assert.equal(body.database.ok, true);
    assert.equal(body.temporal.ok, true);
    assert.equal(typeof body.database.latencyMs, 'number');
  });

  // Last: it stops this file's Temporal server.
  test('when Temporal does not answer, checkout says so, keeps the cart, and /readyz names the part that is down', async () => {
    const browser = new Browser(stack.baseUrl);
    await fillCart(browser, 'NSP-PHY-A4', 2);
    const before = await lastOrderId();
    await stack.group.stop(`temporal-${stack.name}`);
    const res = await browser.post('/checkout', {});
    assert.equal(res.status, 503);
    assert.match(await res.text(), /Checkout is temporarily unavailable\. Your cart is saved/);
    assert.equal((await ordersSince(before)).length, 0, 'no order was written');
    assert.match(await (await browser.get('/cart')).text(), /Night Sky/, 'the cart is still there');
    const ready = await fetch(`${stack.baseUrl}/readyz`);
    assert.equal(ready.status, 503);
    const body = (await ready.json()) as { database: { ok: boolean }; temporal: { ok: boolean } };
    assert.equal(body.database.ok, true);
    assert.equal(body.temporal.ok, false);
  });
});
