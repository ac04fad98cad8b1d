// The fault suite (`npm run test:faults`; also part of `npm test`): real orders through the running
// stack (web, workers, a Temporal dev server keeping its database file, PostgreSQL, the local payment
// page), a fault injected while they are in flight, recovery, and then the books: every order in its
// right final state, charged once (local payment sessions), one confirmation each, files made once,
// no half-written rows, no workflow left running. A second stack, against stripe-mock, takes Stripe
// away for a while and delivers refund webhooks out of order.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type pg from 'pg';
import { Client, Connection } from '@temporalio/client';
import { temporalDataConverter } from '#server/temporal/payload-codec.server.ts';
import { checkoutWorkflowId, fulfillmentStatusQuery, fulfillmentWorkflowId, refundWorkflowId } from '#workflows/messages.ts';
import { getFreePort, waitForPort } from '../../scripts/lib/net.ts';
import { ProcessGroup } from '../../scripts/lib/process-group.ts';
import { startTemporalDevServer } from '../../scripts/lib/temporal.ts';
import { ROOT } from '../../scripts/tools.mjs';
import { TEST_WEBHOOK_SECRET, startStack, type Stack } from '../../scripts/lib/stack.ts';
import { database, personalisation, waitFor } from '../http.ts';
import { waitingCount, waitingList } from '../admin-waiting.ts';
import { newWebhookSecret, startResendRecorder, type ResendRecorder } from '../resend-recorder.ts';
import { Visitor, signIn, unique } from '../sign-in.ts';
import { completedSession, sendWebhook, signedEvent } from '../stripe-events.ts';

let group: ProcessGroup;
let stack: Stack;
let db: pg.Pool;
let temporal: Client;
const TEMPORAL = 'temporal-faults';
/** "Resend": every email goes through the real SDK to a recorder, which a test takes down and brings back on the same port. */
let recorders: ResendRecorder[] = [];
let recorderPort: number;

before(async () => {
  group = new ProcessGroup();
  const logDir = path.join(ROOT, '.data', 'test-logs', 'faults');
  // A database file, so stopping and starting the dev server keeps every workflow.
  const server = await startTemporalDevServer({
    group,
    name: TEMPORAL,
    port: await getFreePort(),
    uiPort: await getFreePort(),
    headless: true,
    dbFile: path.join(ROOT, '.data', 'test-data', 'faults', `temporal-${process.pid}.db`),
    processOptions: { silent: true, logFile: path.join(logDir, 'temporal.log') },
  });
  recorderPort = await getFreePort();
  recorders = [await startResendRecorder({ port: recorderPort })];
  stack = await startStack({
    name: 'faults',
    payments: 'local',
    group,
    temporal: server,
    // A refund webhook lost with a killed worker (the local stand-in sends it from the worker) is asked about after 5 s.
    // With Resend in production the shop needs Resend's webhook secret too, or it refuses to start.
    env: {
      RESEND_API_KEY: 're_test_faults',
      RESEND_BASE_URL: `http://127.0.0.1:${recorderPort}`,
      RESEND_WEBHOOK_SECRET: newWebhookSecret(),
      REFUND_CHECK_AFTER_SECONDS: '5',
    },
  });
  // Named, so the connection killer below spares the test's own pool.
  db = database(`${stack.databaseUrl}?application_name=faults-test`);
  db.on('error', () => undefined);
  // The stack encrypts payloads: results are read through the same codec.
  temporal = new Client({
    connection: await Connection.connect({ address: server.address }),
    dataConverter: temporalDataConverter(stack.env),
  });
});
after(async () => {
  await temporal?.connection.close();
  await db?.end();
  await stack?.stop();
  for (const r of recorders) await r.close().catch(() => undefined);
});

/** Emails the provider accepted (each Idempotency-Key once) with this subject fragment, over every recorder. */
const delivered = (subject: string) => recorders.flatMap((r) => r.emails).filter((e) => e.body.subject.includes(subject)).length;

interface Pending {
  buyer: Visitor;
  payPath: string;
  orderNumber: string;
  email: string;
  /** An A3 poster to ship (the payment page then asks for an address) instead of an A4 digital print. */
  physical: boolean;
}

let variant: number | undefined;
let posterVariant: number | undefined;
let seq = 0;

/** A guest with an A4 digital print (or an A3 poster) in the cart, at the local payment page (the checkout workflow made the order and the session). */
async function atPaymentPage({ physical = false } = {}): Promise<Pending> {
  variant ??= (await db.query<{ id: number }>("select id from product_variants where sku = 'NSP-DIG-A4'")).rows[0]!.id;
  posterVariant ??= (await db.query<{ id: number }>("select id from product_variants where sku = 'NSP-PHY-A3'")).rows[0]!.id;
  const buyer = new Visitor(stack.baseUrl);
  const add = physical
    ? await buyer.postAs('/products/night-sky-poster?index', { variantId: posterVariant, quantity: 1, ...personalisation })
    : await buyer.postAs('/products/night-sky-print-digital?index', { variantId: variant, quantity: 1, ...personalisation });
  assert.equal(add.status, 303);
  const checkout = await buyer.postAs('/checkout', {});
  assert.equal(checkout.status, 303, `checkout answered ${checkout.status}`);
  const payPath = new URL(checkout.headers.get('location')!).pathname;
  const { rows } = await db.query<{ order_number: string }>('select order_number from local_checkout_sessions where session_id = $1', [
    payPath.split('/').pop(),
  ]);
  return { buyer, payPath, orderNumber: rows[0]!.order_number, email: `fault-${process.pid}-${++seq}@example.com`, physical };
}

const ADDRESS = { line1: '1 Main St', city: 'Dublin', postal_code: 'D01', country: 'IE' };

async function pay(p: Pending): Promise<Response> {
  return p.buyer.postAs(p.payPath, { intent: 'pay', email: p.email, name: 'Ada Lovelace', ...(p.physical ? ADDRESS : { country: 'IE' }) });
}

let adminVisitor: Visitor | undefined;
/** The seeded admin, signed in once (its link is read from the outbox, so later the email provider may be down). */
async function admin(): Promise<Visitor> {
  if (!adminVisitor) {
    const v = new Visitor(stack.baseUrl);
    const res = await signIn(db, v, 'admin@example.com', '/admin');
    assert.equal(res.status, 303, `admin sign-in answered ${res.status}`);
    adminVisitor = v;
  }
  return adminVisitor;
}

const count = async (sql: string, params: unknown[] = []) => (await db.query<{ n: number }>(sql, params)).rows[0]!.n;

/**
 * The books for these orders, once everything has settled: paid, charged once, one confirmation,
 * both files made once and one files-ready email, nothing queued or failed, every workflow closed.
 */
async function checkBooks(orders: Pending[]): Promise<void> {
  for (const o of orders) {
    await waitFor(
      `${o.orderNumber} settled`,
      async () => {
        const done = await count(
          "select count(*)::int as n from downloads d join orders o on o.id = d.order_id where o.order_number = $1 and d.status = 'ready'",
          [o.orderNumber],
        );
        const mails = await count(
          "select count(*)::int as n from emails where order_number = $1 and template in ('order-confirmation', 'files-ready') and status in ('stored', 'sent')",
          [o.orderNumber],
        );
        return done >= 2 && mails >= 2;
      },
      120_000,
    );
    const { rows } = await db.query<{ status: string; paid_at: Date | null; total: number }>(
      'select status, paid_at, total from orders where order_number = $1',
      [o.orderNumber],
    );
    assert.equal(rows[0]!.status, 'paid', `${o.orderNumber} paid`);
    assert.equal(
      await count("select count(*)::int as n from local_checkout_sessions where order_number = $1 and status = 'complete'", [
        o.orderNumber,
      ]),
      1,
      'charged once',
    );
    for (const template of ['order-confirmation', 'files-ready']) {
      assert.equal(
        await count('select count(*)::int as n from emails where order_number = $1 and template = $2', [o.orderNumber, template]),
        1,
        `${o.orderNumber}: one ${template}`,
      );
    }
    // And the provider was asked once per email (retries reuse the outbox id as idempotency key).
    assert.equal(delivered(o.orderNumber), 2, `${o.orderNumber}: the provider got the confirmation and files-ready once each`);
    assert.equal(
      await count("select count(*)::int as n from emails where order_number = $1 and status in ('queued', 'failed')", [o.orderNumber]),
      0,
      'nothing left unsent',
    );
    assert.equal(
      await count('select count(*)::int as n from downloads d join orders o on o.id = d.order_id where o.order_number = $1', [
        o.orderNumber,
      ]),
      2,
      'two files, no duplicates',
    );
    assert.equal(
      await count('select count(*)::int as n from order_items i join orders o on o.id = i.order_id where o.order_number = $1', [
        o.orderNumber,
      ]),
      1,
      'one line',
    );
    for (const id of [`checkout-${o.orderNumber}`, `render-${o.orderNumber}`]) {
      await waitFor(`${id} completed`, async () => (await temporal.workflow.getHandle(id).describe()).status.name === 'COMPLETED', 60_000);
    }
  }
}

/** Waits until fulfillment-<orderNumber> says it is in this state (its query needs a worker: generous). */
async function fulfillmentAt(o: Pending, state: string): Promise<void> {
  let last = 'no answer';
  await waitFor(
    `fulfillment-${o.orderNumber} ${state}`,
    async () => {
      try {
        const handle = temporal.workflow.getHandle(fulfillmentWorkflowId(o.orderNumber));
        last = (await temporal.withDeadline(Date.now() + 5000, () => handle.query(fulfillmentStatusQuery))).state;
      } catch (error) {
        last = (error as Error).message;
      }
      return last === state;
    },
    180_000,
  ).catch((error: Error) => {
    throw new Error(`${error.message}; its last state: ${last}`);
  });
}

/** The admin's "mark shipped" form for an order (tracking TRK-<orderNumber>). */
const ship = (adminBrowser: Visitor, o: Pending) =>
  adminBrowser.postAs(`/admin/orders/${o.orderNumber}`, {
    intent: 'ship',
    carrier: 'An Post',
    trackingNumber: `TRK-${o.orderNumber}`,
    trackingUrl: '',
  });

describe('faults', () => {
  test('the commerce worker SIGKILLed mid-checkout and restarted: every order paid once, one confirmation each', async () => {
    const orders = [await atPaymentPage(), await atPaymentPage(), await atPaymentPage(), await atPaymentPage()];
    // Two payments in flight when the worker dies...
    const paying = [pay(orders[0]!), pay(orders[1]!)];
    await new Promise((r) => setTimeout(r, 150));
    await stack.killWorker();
    for (const r of await Promise.all(paying)) assert.ok(r.status < 500, `payment answered ${r.status}`);
    // ...and two while it is gone: the webhook is recorded and the signal waits in Temporal.
    for (const o of orders.slice(2)) assert.ok((await pay(o)).status < 500);
    stack.startWorker();
    await checkBooks(orders);
  });

  test('the Temporal dev server stopped and restarted (database file kept): pages say so, orders in flight complete', async () => {
    const orders = [await atPaymentPage(), await atPaymentPage()];
    await pay(orders[0]!);
    await group.stop(TEMPORAL);

    const ready = await fetch(`${stack.baseUrl}/readyz`);
    assert.equal(ready.status, 503);
    const body = (await ready.json()) as { database: { ok: boolean }; temporal: { ok: boolean } };
    assert.equal(body.database.ok, true);
    assert.equal(body.temporal.ok, false, '/readyz says which part is down');
    // Browsing needs no Temporal.
    assert.equal((await new Visitor(stack.baseUrl).get('/products/night-sky-print-digital')).status, 200);
    // A checkout cannot start: a friendly 503, and no order row is left behind.
    const before = await count('select count(*)::int as n from orders', []);
    const shopper = new Visitor(stack.baseUrl);
    await shopper.postAs('/products/night-sky-print-digital?index', { variantId: variant!, quantity: 1, ...personalisation });
    const refused = await shopper.postAs('/checkout', {});
    assert.equal(refused.status, 503);
    assert.match(await refused.text(), /try again/i);

    group.restart(TEMPORAL).catch(() => undefined);
    const { port } = new URL(`http://${stack.temporal.address}`);
    await waitForPort('127.0.0.1', Number(port), 60_000);
    await waitFor('ready again', async () => (await fetch(`${stack.baseUrl}/readyz`)).status === 200, 60_000);
    assert.equal(await count('select count(*)::int as n from orders', []), before, 'the refused checkout wrote nothing');
    await pay(orders[1]!);
    await checkBooks(orders);
  });

  test('PostgreSQL connections killed during activities and webhooks: every order completes once', async () => {
    const orders = [await atPaymentPage(), await atPaymentPage(), await atPaymentPage()];
    const dbName = new URL(stack.databaseUrl).pathname.slice(1);
    let killing = true;
    let killed = 0;
    const killer = (async () => {
      while (killing) {
        const { rows } = await db.query<{ n: number }>(
          'select count(pg_terminate_backend(pid))::int as n from pg_stat_activity where datname = $1 and pid <> pg_backend_pid() and application_name <> $2',
          [dbName, 'faults-test'],
        );
        killed += rows[0]!.n;
        await new Promise((r) => setTimeout(r, 200));
      }
    })();
    // A payment page that met a dead connection answers 503 ("try again"), and the customer presses Pay again;
    // a webhook that met one is redelivered by the stand-in (5xx → retry), as Stripe does.
    const payUntilAnswered = async (o: Pending) => {
      for (let attempt = 0; attempt < 10; attempt++) {
        const res = await pay(o);
        if (res.status !== 503) return res.status;
        await new Promise((r) => setTimeout(r, 300));
      }
      return 503;
    };
    const answers = await Promise.all(orders.map(payUntilAnswered));
    await new Promise((r) => setTimeout(r, 2000));
    killing = false;
    await killer;
    assert.ok(killed > 0, 'connections were killed');
    for (const status of answers) assert.ok(status < 400, `payment answered ${status}`);
    await checkBooks(orders);
  });

  test('PostgreSQL unavailable for a while: pages answer a friendly 503, /readyz names it, nothing half-written; then all is well', async () => {
    const dbName = new URL(stack.databaseUrl).pathname.slice(1);
    const ordersBefore = await count('select count(*)::int as n from orders', []);
    // A shopper with a cart (their pages need the database; a cookieless catalog page may come from the page cache).
    const shopper = new Visitor(stack.baseUrl);
    assert.equal(
      (await shopper.postAs('/products/night-sky-print-digital?index', { variantId: variant!, quantity: 1, ...personalisation })).status,
      303,
    );
    const admin = database(stack.databaseUrl.replace(/\/[^/]+$/, '/postgres'));
    try {
      await admin.query(`alter database "${dbName}" allow_connections false`);
      await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1', [dbName]);
      const page = await shopper.get('/cart');
      assert.equal(page.status, 503);
      assert.match(await page.text(), /briefly unavailable/);
      const ready = await fetch(`${stack.baseUrl}/readyz`);
      assert.equal(ready.status, 503);
      assert.equal(((await ready.json()) as { database: { ok: boolean } }).database.ok, false);
      const checkout = await shopper.postAs('/checkout', {});
      assert.equal(checkout.status, 503);
    } finally {
      await admin.query(`alter database "${dbName}" allow_connections true`);
      await admin.end();
    }
    await waitFor('ready again', async () => (await fetch(`${stack.baseUrl}/readyz`)).status === 200, 30_000);
    // db (our pool) lost its connections too: pg makes new ones.
    assert.equal(await count('select count(*)::int as n from orders', []), ordersBefore);
    const order = await atPaymentPage();
    await pay(order);
    await checkBooks([order]);
  });

  test('webhooks five times at once, late, forged and malformed: one effect, refusals with reasons', async () => {
    const order = await atPaymentPage();
    await pay(order);
    await checkBooks([order]);
    const { rows } = await db.query<{ session_id: string; amount_total: number }>(
      'select session_id from local_checkout_sessions where order_number = $1',
      [order.orderNumber],
    );
    const session = {
      id: rows[0]!.session_id,
      object: 'checkout.session',
      client_reference_id: order.orderNumber,
      metadata: { orderNumber: order.orderNumber },
      status: 'complete',
      payment_status: 'paid',
      currency: 'eur',
    };
    const again = signedEvent('checkout.session.completed', session, { secret: TEST_WEBHOOK_SECRET });
    const answers = await Promise.all(Array.from({ length: 5 }, () => sendWebhook(stack.baseUrl, again)));
    assert.deepEqual(
      answers.map((a) => a.status < 300),
      [true, true, true, true, true],
    );
    // An expiry arriving after completion changes nothing.
    const expired = await sendWebhook(
      stack.baseUrl,
      signedEvent('checkout.session.expired', { ...session, status: 'expired', payment_status: 'unpaid' }, { secret: TEST_WEBHOOK_SECRET }),
    );
    assert.ok(expired.status < 300);
    const late = await sendWebhook(
      stack.baseUrl,
      signedEvent('checkout.session.completed', session, { secret: TEST_WEBHOOK_SECRET, timestamp: Math.floor(Date.now() / 1000) - 400 }),
    );
    assert.equal(late.status, 400, 'older than the 300 s tolerance');
    const forged = await sendWebhook(stack.baseUrl, signedEvent('checkout.session.completed', session, { secret: 'whsec_someone_else' }));
    assert.equal(forged.status, 400);
    const malformed = await sendWebhook(stack.baseUrl, {
      payload: '{"id": "evt_1", "type": ',
      header: signedEvent('x', {}, { secret: TEST_WEBHOOK_SECRET }).header,
    });
    assert.equal(malformed.status, 400);
    await new Promise((r) => setTimeout(r, 1000));
    await checkBooks([order]);
  });

  test('the email provider down for a while: the emails wait and retry (the admin sees them waiting), then go once each', async () => {
    const adminBrowser = await admin();
    const order = await atPaymentPage();
    await recorders[0]!.close();
    const down = recorders.length;
    await pay(order);
    // The order is paid at once; its emails wait in the outbox while the activity retries with backoff.
    await waitFor(
      'paid',
      async () =>
        (await count("select count(*)::int as n from orders where order_number = $1 and status = 'paid'", [order.orderNumber])) === 1,
    );
    await new Promise((r) => setTimeout(r, 3000));
    assert.equal(
      await count("select count(*)::int as n from emails where order_number = $1 and status = 'sent'", [order.orderNumber]),
      0,
      'nothing sent while the provider is down',
    );
    assert.ok(
      (await count('select count(*)::int as n from emails where order_number = $1', [order.orderNumber])) >= 1,
      'but the email is in the outbox',
    );
    // The dashboard's "Waiting" section lists it: retrying, with the attempts Temporal counts.
    const page = await waitFor(
      '/admin listing the order’s confirmation as retrying, with its attempts',
      async () => {
        const html = await (await adminBrowser.get('/admin')).text();
        const row = waitingList(html, 'waiting-emails')
          .split('<tr')
          .find((r) => r.includes(order.orderNumber) && r.includes('order-confirmation'));
        // The confirmation step (VAT, invoice, email; docs/decisions/062) is what retries.
        return row && row.includes('retrying') && /confirmPaidOrder: attempt \d+/.test(row) ? html : null;
      },
      60_000,
    );
    assert.ok(waitingCount(page, 'Emails in the outbox') >= 1);
    recorders.push(await startResendRecorder({ port: recorderPort }));
    assert.equal(recorders.length, down + 1);
    await checkBooks([order]);
    // Everything queued meanwhile (campaign emails too) goes at its next try, and the list empties.
    const after = await waitFor(
      '/admin showing no email waiting',
      async () => {
        const html = await (await adminBrowser.get('/admin')).text();
        return waitingCount(html, 'Emails in the outbox') === 0 ? html : null;
      },
      120_000,
    );
    assert.equal(waitingList(after, 'waiting-emails'), '', 'no table of waiting emails');
    assert.match(after, /None: every email has gone\./);
  });

  test('the commerce worker SIGKILLed mid-refund: refunded once, one refund email', async () => {
    const order = await atPaymentPage();
    await pay(order);
    await checkBooks([order]);
    const asked = await (
      await admin()
    ).postAs(`/admin/orders/${order.orderNumber}`, { intent: 'refund', kind: 'amount', amount: '5.00', reason: 'fault test' });
    assert.ok(asked.status < 400, `refund asked: ${asked.status}`);
    await stack.killWorker();
    await new Promise((r) => setTimeout(r, 1000));
    stack.startWorker();
    await waitFor(
      'refund settled',
      async () =>
        (await count("select count(*)::int as n from orders where order_number = $1 and status = 'partially_refunded' and refunded = 500", [
          order.orderNumber,
        ])) === 1,
      120_000,
    );
    const refunds = await db.query<{ status: string; stripe_refund_id: string }>(
      'select r.status, r.stripe_refund_id from refunds r join orders o on o.id = r.order_id where o.order_number = $1',
      [order.orderNumber],
    );
    assert.deepEqual(
      refunds.rows.map((r) => r.status),
      ['succeeded'],
      'one refund',
    );
    await waitFor(
      'one refund email',
      async () =>
        (await count("select count(*)::int as n from emails where order_number = $1 and template = 'order-refunded' and status = 'sent'", [
          order.orderNumber,
        ])) === 1,
      60_000,
    );
    assert.equal(
      await count("select count(*)::int as n from emails where order_number = $1 and template = 'order-refunded'", [order.orderNumber]),
      1,
    );
    // Settled by the stand-in's webhook, or — when the kill lost it — by asking the stand-in after REFUND_CHECK_AFTER_SECONDS.
    assert.ok(
      (await count("select count(*)::int as n from webhook_events where type = 'charge.refunded' and payload::text like $1", [
        `%${refunds.rows[0]!.stripe_refund_id}"%`,
      ])) <= 1,
    );
  });

  test('the commerce worker SIGKILLed mid-fulfillment (a shipment just marked, another being marked, a fulfillment starting): one shipment and one tracking email each', async () => {
    const orders = [
      await atPaymentPage({ physical: true }),
      await atPaymentPage({ physical: true }),
      await atPaymentPage({ physical: true }),
    ];
    const [a, b, c] = orders as [Pending, Pending, Pending];
    for (const o of [a, b]) assert.equal((await pay(o)).status, 303);
    for (const o of [a, b]) await fulfillmentAt(o, 'awaiting_shipment');
    const adminBrowser = await admin();
    // a: marked shipped and answered; its tracking email is on its way when the worker dies.
    const shippedA = await ship(adminBrowser, a);
    assert.equal(shippedA.status, 200, `shipping ${a.orderNumber} answered ${shippedA.status}`);
    // b: the admin's "mark shipped" Update in flight; c: just paid, so its fulfillment is about to start.
    const shippingB = ship(adminBrowser, b);
    const payingC = pay(c);
    await new Promise((r) => setTimeout(r, 100));
    await stack.killWorker();
    assert.equal((await payingC).status, 303, 'the payment page does not need the worker');
    // Without a worker the Update cannot finish: the admin is told to try again (or, had the worker applied it, that it was recorded).
    const answerB = await shippingB;
    assert.ok([200, 400].includes(answerB.status), `shipping ${b.orderNumber} answered ${answerB.status}`);
    stack.startWorker();
    if (answerB.status !== 200) {
      // "Try again" once the worker is back: applied now, or refused as already shipped when the first Update went through after all.
      await waitFor(
        `${b.orderNumber} marked shipped after the restart`,
        async () => {
          const again = await ship(adminBrowser, b);
          const html = await again.text();
          return again.status === 200 || /already marked shipped/.test(html);
        },
        180_000,
      );
    }
    await fulfillmentAt(c, 'awaiting_shipment');
    assert.equal((await ship(adminBrowser, c)).status, 200);
    for (const o of orders) await fulfillmentAt(o, 'shipped');
    for (const o of orders) {
      const marked = await adminBrowser.postAs(`/admin/orders/${o.orderNumber}`, { intent: 'delivered' });
      assert.equal(marked.status, 200, `marking ${o.orderNumber} delivered answered ${marked.status}`);
    }
    for (const o of orders) {
      await waitFor(
        `fulfillment-${o.orderNumber} completed`,
        async () => (await temporal.workflow.getHandle(fulfillmentWorkflowId(o.orderNumber)).describe()).status.name === 'COMPLETED',
        60_000,
      );
      const { rows } = await db.query<{ status: string; shipped_at: Date | null; tracking_number: string | null }>(
        'select status, shipped_at, tracking_number from orders where order_number = $1',
        [o.orderNumber],
      );
      assert.equal(rows[0]!.status, 'fulfilled', `${o.orderNumber} delivered`);
      assert.ok(rows[0]!.shipped_at, `${o.orderNumber} has its shipment`);
      assert.equal(rows[0]!.tracking_number, `TRK-${o.orderNumber}`);
      assert.equal(
        await count("select count(*)::int as n from local_checkout_sessions where order_number = $1 and status = 'complete'", [
          o.orderNumber,
        ]),
        1,
        'charged once',
      );
      for (const type of ['paid', 'shipped', 'delivered', 'review_due']) {
        assert.equal(
          await count(
            'select count(*)::int as n from order_events e join orders o on o.id = e.order_id where o.order_number = $1 and e.type = $2',
            [o.orderNumber, type],
          ),
          1,
          `${o.orderNumber}: one ${type} event`,
        );
      }
      for (const template of ['order-confirmation', 'shop-new-order', 'order-shipped']) {
        assert.equal(
          await count('select count(*)::int as n from emails where order_number = $1 and template = $2', [o.orderNumber, template]),
          1,
          `${o.orderNumber}: one ${template}`,
        );
      }
      assert.equal(
        await count("select count(*)::int as n from emails where order_number = $1 and status in ('queued', 'failed')", [o.orderNumber]),
        0,
        'nothing left unsent',
      );
      // The provider was asked once per message (a retried send reuses the outbox id as idempotency key).
      for (const subject of [
        `order ${o.orderNumber} is confirmed`,
        `To make and ship: order ${o.orderNumber}`,
        `order ${o.orderNumber} is on its way`,
      ]) {
        assert.equal(delivered(subject), 1, `the provider got “${subject}” once`);
      }
      assert.equal(
        await count('select count(*)::int as n from order_items i join orders o on o.id = i.order_id where o.order_number = $1', [
          o.orderNumber,
        ]),
        1,
        'one line',
      );
      await waitFor(
        `checkout-${o.orderNumber} completed`,
        async () => (await temporal.workflow.getHandle(checkoutWorkflowId(o.orderNumber)).describe()).status.name === 'COMPLETED',
        60_000,
      );
    }
  });

  test('no workflow is left running', async () => {
    const running = async () => {
      const ids: string[] = [];
      for await (const w of temporal.workflow.list({
        query: "ExecutionStatus = 'Running' AND WorkflowType IN ('checkout', 'render', 'refund', 'fulfillment')",
      }))
        ids.push(w.workflowId);
      return ids;
    };
    // The last workflows finish their final steps (a refund's last event) within moments.
    const left = await waitFor('every workflow closed', async () => ((await running()).length === 0 ? [] : null), 60_000).catch(async () =>
      running(),
    );
    assert.deepEqual(left, []);
  });
});

describe('Stripe (stripe-mock) unavailable for a while, and refund webhooks out of order', () => {
  let mock: Stack;
  let mdb: pg.Pool;
  let mtemporal: Client;
  let mockAdmin: Visitor;

  before(async () => {
    // A stack of its own against stripe-mock (the first one uses the local payment page), started only for these cases.
    mock = await startStack({ name: 'faults-stripe', payments: 'mock', group: new ProcessGroup() });
    mdb = database(mock.databaseUrl);
    mtemporal = new Client({
      connection: await Connection.connect({ address: mock.temporal.address }),
      dataConverter: temporalDataConverter(mock.env),
    });
    mockAdmin = new Visitor(mock.baseUrl);
    assert.equal((await signIn(mdb, mockAdmin, 'admin@example.com', '/admin')).status, 303);
  });
  after(async () => {
    await mtemporal?.connection.close();
    await mdb?.end();
    await mock?.stop();
  });

  const secret = () => mock.env.STRIPE_WEBHOOK_SECRET!;
  const mcount = async (sql: string, params: unknown[] = []) => (await mdb.query<{ n: number }>(sql, params)).rows[0]!.n;
  /** Checkout Sessions stripe-mock was asked to create for an order (its log prints each request's parameters). */
  const sessionsCreatedAtStripe = (orderNumber: string) =>
    (
      fs
        .readFileSync(path.join(mock.logDir, 'stripe-mock.log'), 'utf8')
        .match(new RegExp(`client_reference_id:${orderNumber}[\\s\\]]`, 'g')) ?? []
    ).length;
  const completed = (id: string) =>
    waitFor(`${id} completed`, async () => (await mtemporal.workflow.getHandle(id).describe()).status.name === 'COMPLETED', 60_000);

  /** A guest with one A3 poster (45.00 + 9.99 shipping) in the cart. */
  async function shopper(): Promise<Visitor> {
    const { rows } = await mdb.query<{ id: number }>("select id from product_variants where sku = 'NSP-PHY-A3'");
    const v = new Visitor(mock.baseUrl);
    assert.equal(
      (await v.postAs('/products/night-sky-poster?index', { variantId: rows[0]!.id, quantity: 1, ...personalisation })).status,
      303,
    );
    return v;
  }

  /** Stripe's signed `checkout.session.completed` for the order's session; waits until the order is paid. */
  async function payAtStripe(orderNumber: string, email: string): Promise<{ paymentIntent: string }> {
    const { rows } = await mdb.query<{ stripe_checkout_session_id: string }>(
      'select stripe_checkout_session_id from orders where order_number = $1',
      [orderNumber],
    );
    const session = completedSession(orderNumber, rows[0]!.stripe_checkout_session_id, 4500, email);
    const event = signedEvent('checkout.session.completed', session, { secret: secret() });
    // Stripe delivers at least once: the same event twice is one payment.
    for (let i = 0; i < 2; i++) assert.equal((await sendWebhook(mock.baseUrl, event)).status, 200);
    await waitFor(
      `${orderNumber} paid`,
      async () => (await mcount("select count(*)::int as n from orders where order_number = $1 and status = 'paid'", [orderNumber])) === 1,
    );
    return { paymentIntent: session.payment_intent };
  }

  test('Stripe down: checkout answers a friendly 503 within its deadline, the session is made when Stripe is back, paid once, one confirmation', async () => {
    const buyer = await shopper();
    const email = `stripe-down-${unique()}@example.com`;
    const before = await mcount('select coalesce(max(id), 0)::int as n from orders');
    await mock.stopStripeMock();
    let orderNumber: string;
    try {
      const started = Date.now();
      const refused = await buyer.postAs('/checkout', {});
      const took = Date.now() - started;
      assert.equal(refused.status, 503, `checkout answered ${refused.status}`);
      assert.match(await refused.text(), /try again/i);
      // The checkout's Update waits 15 s for the session; a slow machine adds a little.
      assert.ok(took < 30_000, `answered in ${took} ms`);
      // The workflow made the pending order and retries createCheckoutSession with backoff.
      const { rows } = await mdb.query<{ order_number: string; stripe_checkout_session_id: string | null; status: string }>(
        'select order_number, stripe_checkout_session_id, status from orders where id > $1',
        [before],
      );
      assert.equal(rows.length, 1, 'one pending order');
      assert.deepEqual([rows[0]!.status, rows[0]!.stripe_checkout_session_id], ['pending', null]);
      orderNumber = rows[0]!.order_number;
      // The admin sees it waiting for its session, with the tries Temporal counts.
      const pending = orderNumber;
      await waitFor('/admin listing the checkout waiting for its session, with its tries', async () => {
        const list = waitingList(await (await mockAdmin.get('/admin')).text(), 'waiting-sessions');
        return list.includes(pending) && /createCheckoutSession: attempt \d+/.test(list);
      });
    } finally {
      await mock.startStripeMock();
    }
    // The workflow's next try makes the session (the retry interval grows to at most 2 minutes).
    await waitFor(
      'the session made once Stripe is back',
      async () =>
        (await mcount('select count(*)::int as n from orders where order_number = $1 and stripe_checkout_session_id is not null', [
          orderNumber,
        ])) === 1,
      180_000,
    );
    // The customer's "Try again" reaches the same order and goes to Stripe.
    const again = await buyer.postAs('/checkout', {});
    assert.equal(again.status, 303, `checkout answered ${again.status}`);
    const { rows } = await mdb.query<{ order_number: string; checkout_url: string }>(
      'select order_number, checkout_url from orders where id > $1',
      [before],
    );
    assert.deepEqual(
      rows.map((r) => r.order_number),
      [orderNumber],
      'still one order',
    );
    assert.equal(again.headers.get('location'), rows[0]!.checkout_url);

    await payAtStripe(orderNumber, email);
    await completed(checkoutWorkflowId(orderNumber));
    assert.equal(sessionsCreatedAtStripe(orderNumber), 1, 'one Checkout Session created at Stripe');
    assert.equal(
      await mcount(
        "select count(*)::int as n from order_events e join orders o on o.id = e.order_id where o.order_number = $1 and e.type = 'checkout_started'",
        [orderNumber],
      ),
      1,
    );
    assert.equal(
      await mcount(
        "select count(*)::int as n from order_events e join orders o on o.id = e.order_id where o.order_number = $1 and e.type = 'paid'",
        [orderNumber],
      ),
      1,
      'paid once',
    );
    assert.equal(
      await mcount("select count(*)::int as n from emails where order_number = $1 and template = 'order-confirmation'", [orderNumber]),
      1,
      'one confirmation',
    );
    const html = await (await mockAdmin.get('/admin')).text();
    assert.ok(!waitingList(html, 'waiting-sessions').includes(orderNumber), 'no longer waiting');
  });

  test('a refund’s update webhook before the shop knows the refund (Stripe’s answer lost), then its creation catches up: refunded once, one email, amount right', async () => {
    const buyer = await shopper();
    const checkout = await buyer.postAs('/checkout', {});
    assert.equal(checkout.status, 303);
    const orderNumber = (
      await mdb.query<{ order_number: string }>('select order_number from orders where checkout_url = $1 order by id desc limit 1', [
        checkout.headers.get('location'),
      ])
    ).rows[0]!.order_number;
    const { paymentIntent } = await payAtStripe(orderNumber, `early-refund-${unique()}@example.com`);

    await mock.stopStripeMock();
    let refundId: number;
    let refundObject: Record<string, unknown>;
    try {
      const asked = await mockAdmin.postAs(`/admin/orders/${orderNumber}`, {
        intent: 'refund',
        kind: 'amount',
        amount: '12.50',
        reason: 'a scuffed corner',
      });
      assert.equal(asked.status, 200, `refund asked: ${asked.status}`);
      const { rows } = await mdb.query<{ id: number }>(
        'select r.id from refunds r join orders o on o.id = r.order_id where o.order_number = $1',
        [orderNumber],
      );
      refundId = rows[0]!.id;
      // Stripe made it (the answer to the shop was lost) and says so before the shop's retry reaches it: an id the shop has not recorded.
      refundObject = {
        id: `re_early_${unique()}`,
        object: 'refund',
        amount: 1250,
        currency: 'eur',
        status: 'succeeded',
        payment_intent: paymentIntent,
        metadata: { refundId: String(refundId), orderNumber },
      };
      for (const type of ['charge.refund.updated', 'refund.updated']) {
        const answer = await sendWebhook(mock.baseUrl, signedEvent(type, refundObject, { secret: secret() }));
        assert.equal(answer.status, 200, `${type} answered ${answer.status}: ${await answer.text()}`);
      }
      const refund = await mdb.query<{ status: string; stripe_refund_id: string | null }>(
        'select status, stripe_refund_id from refunds where id = $1',
        [refundId],
      );
      assert.equal(refund.rows[0]!.stripe_refund_id, refundObject.id, 'the early event tells the shop the refund’s id');
      assert.notEqual(refund.rows[0]!.status, 'succeeded', 'not settled while the workflow still creates it');
      assert.equal(await mcount('select count(*)::int as n from orders where order_number = $1 and refunded = 0', [orderNumber]), 1);
      const html = await (await mockAdmin.get('/admin')).text();
      assert.ok(waitingList(html, 'waiting-refunds').includes(orderNumber), '/admin lists the refund as not settled');
    } finally {
      await mock.startStripeMock();
    }
    await waitFor(
      'the refund settled',
      async () => (await mcount("select count(*)::int as n from refunds where id = $1 and status = 'succeeded'", [refundId])) === 1,
      180_000,
    );
    // The creation path's own event, late: the same refund, nothing more.
    const late = signedEvent(
      'charge.refunded',
      { id: `ch_${unique()}`, object: 'charge', payment_intent: paymentIntent, refunds: { data: [refundObject] } },
      { secret: secret() },
    );
    assert.equal((await sendWebhook(mock.baseUrl, late)).status, 200);
    await completed(refundWorkflowId(refundId));

    const { rows } = await mdb.query<{ status: string; refunded: number; total: number }>(
      'select status, refunded, total from orders where order_number = $1',
      [orderNumber],
    );
    assert.deepEqual(rows[0], { status: 'partially_refunded', refunded: 1250, total: 5499 });
    const refunds = await mdb.query<{ status: string; amount: number; source: string; stripe_refund_id: string }>(
      'select r.status, r.amount, r.source, r.stripe_refund_id from refunds r join orders o on o.id = r.order_id where o.order_number = $1',
      [orderNumber],
    );
    assert.deepEqual(
      refunds.rows,
      [{ status: 'succeeded', amount: 1250, source: 'admin', stripe_refund_id: refundObject.id }],
      'one refund, not a second "Dashboard" one',
    );
    assert.equal(
      await mcount(
        "select count(*)::int as n from order_events e join orders o on o.id = e.order_id where o.order_number = $1 and e.type = 'refunded'",
        [orderNumber],
      ),
      1,
    );
    await waitFor(
      'the refund email',
      async () =>
        (await mcount("select count(*)::int as n from emails where order_number = $1 and template = 'order-refunded'", [orderNumber])) >= 1,
    );
    const mails = await mdb.query<{ subject: string }>(
      "select subject from emails where order_number = $1 and template = 'order-refunded'",
      [orderNumber],
    );
    assert.equal(mails.rows.length, 1, 'one refund email');
    assert.match(mails.rows[0]!.subject, /€12\.50/);
    const html = await (await mockAdmin.get('/admin')).text();
    assert.ok(!waitingList(html, 'waiting-refunds').includes(orderNumber), 'no longer waiting');
  });
});
