// The fault suite (`npm run test:faults`; also part of `npm test`): real orders through the running
// stack (web, workers, a Temporal dev server keeping its database file, PostgreSQL, the local payment
// page), a fault injected while they are in flight, recovery, and then the books: every order in its
// right final state, charged once (local payment sessions), one confirmation each, files made once,
// no half-written rows, no workflow left running.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import type pg from 'pg';
import { Client, Connection } from '@temporalio/client';
import { temporalDataConverter } from '#app/utils/payload-codec.server.ts';
import { ProcessGroup, ROOT, getFreePort, startTemporalDevServer, waitForPort } from '../../scripts/lib/infra.ts';
import { TEST_WEBHOOK_SECRET, startStack, type Stack } from '../../scripts/lib/stack.ts';
import { database, personalisation, waitFor } from '../http.ts';
import { startResendRecorder, type ResendRecorder } from '../resend-recorder.ts';
import { Visitor, signIn } from '../sign-in.ts';
import { sendWebhook, signedEvent } from '../stripe-events.ts';

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
    env: { RESEND_API_KEY: 're_test_faults', RESEND_BASE_URL: `http://127.0.0.1:${recorderPort}`, REFUND_CHECK_AFTER_SECONDS: '5' },
  });
  // Named, so the connection killer below spares the test's own pool.
  db = database(`${stack.databaseUrl}?application_name=faults-test`);
  db.on('error', () => undefined);
  // The stack encrypts payloads: results are read through the same codec.
  temporal = new Client({ connection: await Connection.connect({ address: server.address }), dataConverter: temporalDataConverter(stack.env) });
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
}

let variant: number | undefined;
let seq = 0;

/** A guest with an A4 digital print in the cart, at the local payment page (the checkout workflow made the order and the session). */
async function atPaymentPage(): Promise<Pending> {
  variant ??= (await db.query<{ id: number }>("select id from product_variants where sku = 'NSP-DIG-A4'")).rows[0]!.id;
  const buyer = new Visitor(stack.baseUrl);
  const add = await buyer.postAs('/products/night-sky-print-digital?index', { variantId: variant, quantity: 1, ...personalisation });
  assert.equal(add.status, 303);
  const checkout = await buyer.postAs('/checkout', {});
  assert.equal(checkout.status, 303, `checkout answered ${checkout.status}`);
  const payPath = new URL(checkout.headers.get('location')!).pathname;
  const { rows } = await db.query<{ order_number: string }>('select order_number from local_checkout_sessions where session_id = $1', [payPath.split('/').pop()]);
  return { buyer, payPath, orderNumber: rows[0]!.order_number, email: `fault-${process.pid}-${++seq}@example.com` };
}

async function pay(p: Pending): Promise<Response> {
  return p.buyer.postAs(p.payPath, { intent: 'pay', email: p.email, name: 'Ada Lovelace' });
}

const count = async (sql: string, params: unknown[] = []) => (await db.query<{ n: number }>(sql, params)).rows[0]!.n;

/**
 * The books for these orders, once everything has settled: paid, charged once, one confirmation,
 * both files made once and one files-ready email, nothing queued or failed, every workflow closed.
 */
async function checkBooks(orders: Pending[]): Promise<void> {
  for (const o of orders) {
    await waitFor(`${o.orderNumber} settled`, async () => {
      const done = await count("select count(*)::int as n from downloads d join orders o on o.id = d.order_id where o.order_number = $1 and d.status = 'ready'", [o.orderNumber]);
      const mails = await count("select count(*)::int as n from emails where order_number = $1 and template in ('order-confirmation', 'files-ready') and status in ('stored', 'sent')", [o.orderNumber]);
      return done >= 2 && mails >= 2;
    }, 120_000);
    const { rows } = await db.query<{ status: string; paid_at: Date | null; total: number }>('select status, paid_at, total from orders where order_number = $1', [o.orderNumber]);
    assert.equal(rows[0]!.status, 'paid', `${o.orderNumber} paid`);
    assert.equal(await count("select count(*)::int as n from local_checkout_sessions where order_number = $1 and status = 'complete'", [o.orderNumber]), 1, 'charged once');
    for (const template of ['order-confirmation', 'files-ready']) {
      assert.equal(await count('select count(*)::int as n from emails where order_number = $1 and template = $2', [o.orderNumber, template]), 1, `${o.orderNumber}: one ${template}`);
    }
    // And the provider was asked once per email (retries reuse the outbox id as idempotency key).
    assert.equal(delivered(o.orderNumber), 2, `${o.orderNumber}: the provider got the confirmation and files-ready once each`);
    assert.equal(await count("select count(*)::int as n from emails where order_number = $1 and status in ('queued', 'failed')", [o.orderNumber]), 0, 'nothing left unsent');
    assert.equal(await count('select count(*)::int as n from downloads d join orders o on o.id = d.order_id where o.order_number = $1', [o.orderNumber]), 2, 'two files, no duplicates');
    assert.equal(await count('select count(*)::int as n from order_items i join orders o on o.id = i.order_id where o.order_number = $1', [o.orderNumber]), 1, 'one line');
    for (const id of [`checkout-${o.orderNumber}`, `render-${o.orderNumber}`]) {
      await waitFor(`${id} completed`, async () => (await temporal.workflow.getHandle(id).describe()).status.name === 'COMPLETED', 60_000);
    }
  }
}

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
    assert.equal((await shopper.postAs('/products/night-sky-print-digital?index', { variantId: variant!, quantity: 1, ...personalisation })).status, 303);
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
    const { rows } = await db.query<{ session_id: string; amount_total: number }>("select session_id from local_checkout_sessions where order_number = $1", [order.orderNumber]);
    const session = { id: rows[0]!.session_id, object: 'checkout.session', client_reference_id: order.orderNumber, metadata: { orderNumber: order.orderNumber }, status: 'complete', payment_status: 'paid', currency: 'eur' };
    const again = signedEvent('checkout.session.completed', session, { secret: TEST_WEBHOOK_SECRET });
    const answers = await Promise.all(Array.from({ length: 5 }, () => sendWebhook(stack.baseUrl, again)));
    assert.deepEqual(answers.map((a) => a.status < 300), [true, true, true, true, true]);
    // An expiry arriving after completion changes nothing.
    const expired = await sendWebhook(stack.baseUrl, signedEvent('checkout.session.expired', { ...session, status: 'expired', payment_status: 'unpaid' }, { secret: TEST_WEBHOOK_SECRET }));
    assert.ok(expired.status < 300);
    const late = await sendWebhook(stack.baseUrl, signedEvent('checkout.session.completed', session, { secret: TEST_WEBHOOK_SECRET, timestamp: Math.floor(Date.now() / 1000) - 400 }));
    assert.equal(late.status, 400, 'older than the 300 s tolerance');
    const forged = await sendWebhook(stack.baseUrl, signedEvent('checkout.session.completed', session, { secret: 'whsec_someone_else' }));
    assert.equal(forged.status, 400);
    const malformed = await sendWebhook(stack.baseUrl, { payload: '{"id": "evt_1", "type": ', header: signedEvent('x', {}, { secret: TEST_WEBHOOK_SECRET }).header });
    assert.equal(malformed.status, 400);
    await new Promise((r) => setTimeout(r, 1000));
    await checkBooks([order]);
  });

  test('the email provider down for a while: the emails wait and retry, then go once each', async () => {
    const order = await atPaymentPage();
    await recorders[0]!.close();
    const down = recorders.length;
    await pay(order);
    // The order is paid at once; its emails wait in the outbox while the activity retries with backoff.
    await waitFor('paid', async () => (await count("select count(*)::int as n from orders where order_number = $1 and status = 'paid'", [order.orderNumber])) === 1);
    await new Promise((r) => setTimeout(r, 3000));
    assert.equal(await count("select count(*)::int as n from emails where order_number = $1 and status = 'sent'", [order.orderNumber]), 0, 'nothing sent while the provider is down');
    assert.ok((await count('select count(*)::int as n from emails where order_number = $1', [order.orderNumber])) >= 1, 'but the email is in the outbox');
    recorders.push(await startResendRecorder({ port: recorderPort }));
    assert.equal(recorders.length, down + 1);
    await checkBooks([order]);
  });

  test('the commerce worker SIGKILLed mid-refund: refunded once, one refund email', async () => {
    const order = await atPaymentPage();
    await pay(order);
    await checkBooks([order]);
    const admin = new Visitor(stack.baseUrl);
    await signIn(db, admin, 'admin@example.com', '/admin');
    const asked = await admin.postAs(`/admin/orders/${order.orderNumber}`, { intent: 'refund', kind: 'amount', amount: '5.00', reason: 'fault test' });
    assert.ok(asked.status < 400, `refund asked: ${asked.status}`);
    await stack.killWorker();
    await new Promise((r) => setTimeout(r, 1000));
    stack.startWorker();
    await waitFor('refund settled', async () => (await count("select count(*)::int as n from orders where order_number = $1 and status = 'partially_refunded' and refunded = 500", [order.orderNumber])) === 1, 120_000);
    const refunds = await db.query<{ status: string; stripe_refund_id: string }>('select r.status, r.stripe_refund_id from refunds r join orders o on o.id = r.order_id where o.order_number = $1', [order.orderNumber]);
    assert.deepEqual(refunds.rows.map((r) => r.status), ['succeeded'], 'one refund');
    await waitFor('one refund email', async () => (await count("select count(*)::int as n from emails where order_number = $1 and template = 'order-refunded' and status = 'sent'", [order.orderNumber])) === 1, 60_000);
    assert.equal(await count("select count(*)::int as n from emails where order_number = $1 and template = 'order-refunded'", [order.orderNumber]), 1);
    // Settled by the stand-in's webhook, or — when the kill lost it — by asking the stand-in after REFUND_CHECK_AFTER_SECONDS.
    assert.ok((await count("select count(*)::int as n from webhook_events where type = 'charge.refunded' and payload::text like $1", [`%${refunds.rows[0]!.stripe_refund_id}"%`])) <= 1);
  });

  test('no workflow is left running', async () => {
    const running = async () => {
      const ids: string[] = [];
      for await (const w of temporal.workflow.list({ query: "ExecutionStatus = 'Running' AND WorkflowType IN ('checkout', 'render', 'refund')" })) ids.push(w.workflowId);
      return ids;
    };
    // The last workflows finish their final steps (a refund's last event) within moments.
    const left = await waitFor('every workflow closed', async () => ((await running()).length === 0 ? [] : null), 60_000).catch(async () => running());
    assert.deepEqual(left, []);
  });
});
