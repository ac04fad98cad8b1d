// Print-on-demand through the whole shop with the provider stand-in (Gelato's API, moved by its control API): a paid
// poster is rendered, submitted once (the worker killed right after) and followed to delivery through webhooks sent
// three times and out of order, with one "shipped" email and the review request after; an address the provider
// rejects waits for an admin's corrected one; a provider away for a minute is retried; a refund before production
// cancels at the provider (and the admin cannot mark such an order shipped by hand); a mixed order's parcels, one from
// the provider and one shipped by hand, both arrive before the order is delivered.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, Connection } from '@temporalio/client';
import type pg from 'pg';
import { temporalDataConverter } from '#server/temporal/payload-codec.server.ts';
import { fulfillmentWorkflowId, markDeliveredSignal, markShippedUpdate } from '#workflows/messages.ts';
import { printPartQuery, resubmitPrintsUpdate } from '#workflows/print-messages.ts';
import { ProcessGroup } from '../scripts/lib/process-group.ts';
import { startStack, type Stack } from '../scripts/lib/stack.ts';
import { Browser, database, personalisation, waitFor } from './http.ts';
import { recordHistory } from './record-history.ts';
import { unique } from './sign-in.ts';
import { sendWebhook, signedEvent } from './stripe-events.ts';

let stack: Stack;
let db: pg.Pool;
let temporal: Client;

before(async () => {
  // A day of campaign time lasts 4 s (the review request comes 3 days after delivery); the provider is asked only
  // when a webhook hints, or after 10 minutes, so the webhooks are what moves these orders.
  stack = await startStack({
    name: 'print-provider',
    payments: 'mock',
    group: new ProcessGroup(),
    env: { CAMPAIGN_TIME_SCALE: String(4 / 86_400), PRINT_PROVIDER_POLL_SECONDS: '600' },
  });
  db = database(stack.databaseUrl);
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

interface StandInOrder {
  order: { id: string; orderReferenceId: string; fulfillmentStatus: string; items: Array<{ productUid: string; quantity: number }> };
  fileFetches: Array<{ status: number | null; state?: string }>;
}

async function control<T>(path: string, body?: object): Promise<T> {
  const res = await fetch(`${stack.printProvider.url}/control/${path}`, {
    method: body ? 'POST' : 'GET',
    headers: body ? { 'Content-Type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  assert.ok(res.ok, `${path}: HTTP ${res.status} ${await res.clone().text()}`);
  return (await res.json()) as T;
}
const standIn = async (orderNumber: string) =>
  (await control<{ orders: StandInOrder[] }>('orders')).orders.filter((o) => o.order.orderReferenceId.startsWith(`${orderNumber}-print-`));

const secret = () => stack.env.STRIPE_WEBHOOK_SECRET!;
const ADDRESS = { line1: '1 Main St', line2: null, city: 'Dublin', postal_code: 'D01 F5P2', state: null, country: 'IE' };

async function addPoster(browser: Browser, sku: string) {
  const { rows: variants } = await db.query<{ id: number }>('select id from product_variants where sku = $1', [sku]);
  const add = await browser.post('/products/night-sky-poster?index', { variantId: variants[0]!.id, quantity: 1, ...personalisation });
  assert.equal(add.status, 303);
}

/** A 50×70 poster (made by the provider), with an A4 one made by hand when asked, bought and paid; its order number. */
async function buyPoster(address: Record<string, unknown> = ADDRESS, { withHandMade = false } = {}): Promise<string> {
  const browser = new Browser(stack.baseUrl);
  await addPoster(browser, 'NSP-PHY-50X70');
  if (withHandMade) await addPoster(browser, 'NSP-PHY-A4');
  const before = (await db.query<{ id: number | null }>('select max(id) as id from orders')).rows[0]!.id ?? 0;
  const res = await browser.post('/checkout', {});
  assert.equal(res.status, 303, await res.text());
  const { rows } = await db.query<{ order_number: string; stripe_checkout_session_id: string; subtotal: number }>(
    'select order_number, stripe_checkout_session_id, subtotal from orders where id > $1',
    [before],
  );
  const order = rows[0]!;
  const session = {
    id: order.stripe_checkout_session_id,
    object: 'checkout.session',
    client_reference_id: order.order_number,
    metadata: { orderNumber: order.order_number },
    status: 'complete',
    payment_status: 'paid',
    currency: 'eur',
    amount_subtotal: order.subtotal,
    amount_total: order.subtotal + 999,
    total_details: { amount_discount: 0, amount_shipping: 999, amount_tax: 0 },
    customer_details: { email: `print-${unique()}@example.com`, name: 'Jane Doe' },
    collected_information: { shipping_details: { name: 'Jane Doe', address } },
    payment_intent: `pi_print_${unique()}`,
  };
  paymentIntents.set(order.order_number, { id: session.payment_intent, amount: session.amount_total });
  assert.equal((await sendWebhook(stack.baseUrl, signedEvent('checkout.session.completed', session, { secret: secret() }))).status, 200);
  await waitFor(
    `${order.order_number} paid`,
    async () => (await db.query("select 1 from orders where order_number = $1 and status = 'paid'", [order.order_number])).rows[0],
  );
  return order.order_number;
}
const HAND_PARCEL = { carrier: 'An Post', trackingNumber: 'RR123456789IE', trackingUrl: null, by: 'admin@example.com' };
const paymentIntents = new Map<string, { id: string; amount: number }>();

async function printOrders(orderNumber: string) {
  const { rows } = await db.query<{
    attempt: number;
    reference: string;
    provider_order_id: string | null;
    status: string;
    failure_reason: string | null;
    submit_tries: number;
    last_error: string | null;
    tracking_number: string | null;
    cost: number | null;
    cancellation_fee: number | null;
  }>('select p.* from provider_orders p join orders o on o.id = p.order_id where o.order_number = $1 order by attempt', [orderNumber]);
  return rows;
}
const printStatus = async (orderNumber: string, attempt = 1) =>
  (await printOrders(orderNumber)).find((r) => r.attempt === attempt)?.status ?? null;
const emails = async (orderNumber: string, template: string) =>
  (
    await db.query<{ n: number }>('select count(*)::int as n from emails where order_number = $1 and template = $2', [
      orderNumber,
      template,
    ])
  ).rows[0]!.n;

describe('print-on-demand with the provider stand-in', () => {
  test('submitted once (worker killed right after), followed through repeated and late webhooks to delivery', async () => {
    const orderNumber = await buyPoster();
    const submitted = await waitFor('at the provider', async () => (await standIn(orderNumber))[0], 90_000);
    await stack.killWorker();
    stack.startWorker();
    await waitFor('recorded', async () => (await printOrders(orderNumber))[0]?.provider_order_id, 90_000);
    const atProvider = await standIn(orderNumber);
    assert.equal(atProvider.length, 1, 'one order at the provider');
    const [row] = await printOrders(orderNumber);
    assert.equal(row!.provider_order_id, submitted.order.id);
    assert.equal(row!.reference, `${orderNumber}-print-1`);
    assert.ok(row!.cost && row!.cost > 0, 'the provider’s cost is recorded');
    const fetched = await waitFor('the print file fetched', async () => {
      const fetch = (await standIn(orderNumber))[0]?.fileFetches[0];
      return fetch && fetch.state !== 'pending' ? fetch : null;
    });
    assert.equal(fetched.status, 200, 'the provider fetched the print file through its signed link');

    const id = submitted.order.id;
    // The killed worker's submit is retried only after its 40 s start-to-close timeout (the row and the provider's
    // order were written before the kill, so the waits above pass at once): this webhook's hint arrives while the
    // submission is still open, and the workflow reads the order as soon as the retried submit returns.
    await control(`orders/${id}/advance`, {});
    await waitFor('in production', async () => (await printStatus(orderNumber)) === 'in_production', 120_000);
    await control(`orders/${id}/advance`, {});
    await control(`orders/${id}/redeliver`, { times: 2 });
    await control(`orders/${id}/send-status`, { status: 'in_production' });
    await waitFor('shipped', async () => (await printStatus(orderNumber)) === 'shipped');
    await waitFor('shipped email', async () => (await emails(orderNumber, 'order-shipped')) > 0);
    const { rows: order } = await db.query<{ tracking_number: string | null; shipped_at: Date | null }>(
      'select tracking_number, shipped_at from orders where order_number = $1',
      [orderNumber],
    );
    assert.match(order[0]!.tracking_number ?? '', /^STANDIN/);

    await control(`orders/${id}/advance`, {});
    await waitFor(
      'delivered',
      async () => (await db.query('select 1 from orders where order_number = $1 and delivered_at is not null', [orderNumber])).rows[0],
    );
    await temporal.workflow.getHandle(fulfillmentWorkflowId(orderNumber)).result();
    assert.equal(await emails(orderNumber, 'order-shipped'), 1, 'one shipped email for three deliveries and a late one');
    assert.equal(await printStatus(orderNumber), 'delivered');
    const { rows: events } = await db.query<{ n: number }>(
      "select count(*)::int as n from order_events e join orders o on o.id = e.order_id where o.order_number = $1 and e.type = 'provider_shipped'",
      [orderNumber],
    );
    assert.equal(events[0]!.n, 1, 'shipped once on the timeline');
    const { rows: hooks } = await db.query<{ n: number }>(
      "select count(*)::int as n from webhook_events where provider = 'print-provider' and order_number = $1",
      [orderNumber],
    );
    assert.ok(hooks[0]!.n >= 4, 'each event recorded once by its id');
    // The post-purchase campaign's review request, 3 (scaled) days after delivery, to the customer.
    await waitFor(
      'review request',
      async () =>
        (
          await db.query(
            `select 1 from emails e join orders o on o.email = e."to" where o.order_number = $1 and e.template = 'review-request'`,
            [orderNumber],
          )
        ).rows[0],
      60_000,
    );
    await recordHistory(stack.temporal.address, fulfillmentWorkflowId(orderNumber), 'fulfillment-print-provider-delivered.json');
  });

  test('an address the provider rejects needs attention; the corrected one is resubmitted', async () => {
    const orderNumber = await buyPoster({ ...ADDRESS, line1: 'Reject Lane 1' });
    await waitFor('refused', async () => (await printStatus(orderNumber)) === 'failed', 90_000);
    const [refused] = await printOrders(orderNumber);
    assert.match(refused!.failure_reason ?? '', /rejected/i);
    assert.equal((await standIn(orderNumber)).length, 0, 'nothing ordered at the provider');
    const handle = temporal.workflow.getHandle(fulfillmentWorkflowId(orderNumber));
    await waitFor('needs attention', async () => (await handle.query(printPartQuery)).state === 'needs_attention');
    const address = {
      firstName: 'Jane',
      lastName: 'Doe',
      addressLine1: '2 Harbour Road',
      addressLine2: null,
      city: 'Dublin',
      postCode: 'D02 X123',
      state: null,
      country: 'IE',
      email: 'jane@example.com',
      phone: null,
    };
    await assert.rejects(
      handle.executeUpdate(resubmitPrintsUpdate, { args: [{ address: { ...address, country: 'Ireland' }, reason: 'typo', by: null }] }),
      (err: Error) => /two-letter/.test((err.cause as Error | undefined)?.message ?? ''),
    );
    const accepted = await handle.executeUpdate(resubmitPrintsUpdate, {
      args: [{ address, reason: 'the customer sent the right street', by: 'admin@example.com' }],
    });
    assert.equal(accepted.attempt, 2);
    await waitFor('resubmitted', async () => (await printStatus(orderNumber, 2)) === 'submitted', 90_000);
    const atProvider = await standIn(orderNumber);
    assert.deepEqual(
      atProvider.map((o) => o.order.orderReferenceId),
      [`${orderNumber}-print-2`],
    );
  });

  test('a provider away for a minute: the submit is retried, then goes through once', async () => {
    await control('outage', { seconds: 60 });
    const orderNumber = await buyPoster();
    await waitFor('a try failed', async () => (await printOrders(orderNumber))[0]?.submit_tries, 90_000);
    assert.equal(await printStatus(orderNumber), 'submitting');
    await waitFor('submitted after the outage', async () => (await printStatus(orderNumber)) === 'submitted', 240_000);
    const [row] = await printOrders(orderNumber);
    assert.ok(row!.submit_tries >= 1);
    assert.equal((await standIn(orderNumber)).length, 1);
  });

  test('a full refund before production cancels the print order at the provider', async () => {
    await control('cancellation-fee', { amount: 150 });
    const orderNumber = await buyPoster();
    await waitFor('submitted', async () => (await printStatus(orderNumber)) === 'submitted', 90_000);
    // Nothing here ships by hand: the admin's "mark shipped" is refused.
    await assert.rejects(
      temporal.workflow.getHandle(fulfillmentWorkflowId(orderNumber)).executeUpdate(markShippedUpdate, { args: [HAND_PARCEL] }),
      (err: Error) => /print provider ships this order/.test((err.cause as Error | undefined)?.message ?? ''),
    );
    const payment = paymentIntents.get(orderNumber)!;
    const refund = signedEvent(
      'charge.refunded',
      {
        id: `ch_${unique()}`,
        object: 'charge',
        payment_intent: payment.id,
        refunds: {
          data: [
            {
              id: `re_${unique()}`,
              object: 'refund',
              amount: payment.amount,
              currency: 'eur',
              status: 'succeeded',
              payment_intent: payment.id,
            },
          ],
        },
      },
      { secret: secret() },
    );
    assert.equal((await sendWebhook(stack.baseUrl, refund)).status, 200);
    await waitFor('cancelled at the provider', async () => (await printStatus(orderNumber)) === 'cancelled', 90_000);
    const [row] = await printOrders(orderNumber);
    assert.equal(row!.cancellation_fee, 150);
    assert.equal((await standIn(orderNumber))[0]!.order.fulfillmentStatus, 'canceled');
    const { outcome } = await temporal.workflow.getHandle(fulfillmentWorkflowId(orderNumber)).result();
    assert.equal(outcome, 'cancelled');
    await control('cancellation-fee', { amount: 0 });
  });

  test('a mixed order: the provider makes one poster, the studio ships the other; delivered once both are', async () => {
    const orderNumber = await buyPoster(ADDRESS, { withHandMade: true });
    await waitFor('submitted', async () => (await printStatus(orderNumber)) === 'submitted', 90_000);
    const [atProvider] = await standIn(orderNumber);
    assert.deepEqual(
      atProvider!.order.items.map((i) => i.quantity),
      [1],
      'only the provider’s line goes to the provider',
    );
    const handle = temporal.workflow.getHandle(fulfillmentWorkflowId(orderNumber));
    await handle.executeUpdate(markShippedUpdate, { args: [HAND_PARCEL] });
    for (let step = 0; step < 3; step++) await control(`orders/${atProvider!.order.id}/advance`, {});
    await waitFor('the prints delivered', async () => (await printStatus(orderNumber)) === 'delivered');
    const order = async () =>
      (
        await db.query<{ tracking_number: string; delivered_at: Date | null }>(
          'select tracking_number, delivered_at from orders where order_number = $1',
          [orderNumber],
        )
      ).rows[0]!;
    assert.equal((await order()).delivered_at, null, 'the parcel shipped by hand is still on its way');
    await handle.signal(markDeliveredSignal, { by: 'admin@example.com' });
    assert.deepEqual(await handle.result(), { outcome: 'delivered' });
    assert.equal((await order()).tracking_number, HAND_PARCEL.trackingNumber, 'the order’s own shipment is the studio’s parcel');
    assert.ok((await order()).delivered_at);
    await waitFor('two shipped emails, one per parcel', async () => (await emails(orderNumber, 'order-shipped')) === 2);
  });
});
