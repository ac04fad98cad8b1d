// Contract test of the Gelato client against recorded exchanges (fixtures/gelato/*.json) written from Gelato's public
// API reference: a local HTTP server checks each request the client sends — method, path, X-API-KEY, Content-Type and
// the JSON body, deep-equal — and answers the recorded response. A renamed, missing or extra field fails the test.
//
// References: https://dashboard.gelato.com/docs/orders/v4/create , /v4/get , /v4/search , /v4/cancel ,
// https://dashboard.gelato.com/docs/orders/order_details/ (statuses), https://dashboard.gelato.com/docs/webhooks/
//
// What the client relies on, all confirmed by the reference unless listed under assumptions:
//   Every call: header `X-API-KEY`, `Content-Type: application/json`; base URL https://order.gelatoapis.com.
//   POST /v4/orders — sends orderType "order", orderReferenceId, customerReferenceId, currency,
//     items[].{itemReferenceId, productUid, files[{type "default", url}], quantity},
//     shippingAddress.{firstName, lastName, addressLine1, addressLine2?, city, postCode, state?, country, email, phone?}
//     (null optional fields left out; no shipmentMethodUid, so Gelato picks the cheapest method). The answer is the
//     order, "the same structure as Get order".
//   POST /v4/orders:search — sends { orderReferenceIds: [reference] }; reads orders[].id and orders[].orderReferenceId
//     (only an exact reference match counts), then GETs that order.
//   GET /v4/orders/{id} — reads id, orderReferenceId, fulfillmentStatus; items[].fulfillmentStatus/itemReferenceId
//     (to name failed items); shipment.shipmentMethodName (carrier; else shipmentMethodUid) and
//     shipment.packages[].{trackingCode, trackingUrl}; receipts[].{transactionType (purchase | refund), currency,
//     totalInclVat}.
//   POST /v4/orders/{id}:cancel — no body; 200 canceled, 409 cannot be canceled (an item printed), 404 not found.
//   Webhooks (plain POST, unsigned, 3 tries 5 s apart): id, event, orderId, orderReferenceId, fulfillmentStatus.
//
// Assumptions not confirmed by the reference:
//   - Error bodies look like { code, message, details? }: the reference says errors are JSON with 4xx/5xx codes but
//     shows no v4 error body, so the error fixtures' bodies are invented. Without a `message` the admin reads
//     "Gelato refused to … (HTTP 400)".
//   - 429 means "slow down" (retry later) like 5xx; other 4xx are final.
//   - The create answer's status code is not stated: any 2xx is accepted.
//   - A refund receipt's totalInclVat may be written positive or negative: its absolute value is subtracted. That a
//     canceled order's receipts show the refund at once is not stated: the fee is only read once the order reads
//     canceled, and is what the receipts then charge.
//   - Amounts: the order reference types them as doubles, search answers write strings ("49.12"); both are read.
//   - The order carries no failure reason field: a failed order's reason names its failed items only.
//   - Search finds an order right after it is created (no indexing lag); an order split into connected orders
//     (connectedOrderIds, same orderReferenceId) is followed through its first part only.
//   - The dashboard link https://dashboard.gelato.com/orders/<id> is not verified.
//   - order_item_status_updated carries the item's status in `status` (not the order's), so it claims no status.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { isDeepStrictEqual } from 'node:util';
import { createGelatoProvider, parseGelatoWebhook } from './gelato.server.ts';
import { receiptsCost, toMinorUnits } from './gelato-orders.server.ts';
import { getPrintProvider } from './print-provider.server.ts';
import { ProviderRejectedError, ProviderUnavailableError, type ProviderOrderRequest } from './provider.server.ts';

interface Exchange {
  description: string;
  request: { method: string; path: string; headers: Record<string, string>; body: unknown };
  response: { status: number; body: unknown };
}

const read = <T>(name: string): T => JSON.parse(readFileSync(new URL(`./fixtures/gelato/${name}.json`, import.meta.url), 'utf8')) as T;
const API_KEY = 'test-gelato-key';
const ORDER_ID = '7a3c2d10-5b1e-4c8f-9a2d-3e4f5a6b7c8d';
const REFERENCE = 'ATL-1001-print-1';

/** Plays Gelato: answers the expected exchanges in order and notes every way a request differs from its fixture. */
function startFakeGelato() {
  let queue: Exchange[] = [];
  const mismatches: string[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const expected = queue.shift();
      const seen = `${req.method} ${req.url}`;
      if (!expected) {
        mismatches.push(`unexpected request ${seen}`);
        return res.writeHead(418).end();
      }
      const want = expected.request;
      if (req.method !== want.method || req.url !== want.path) mismatches.push(`${seen}: expected ${want.method} ${want.path}`);
      for (const [name, value] of Object.entries(want.headers)) {
        if (req.headers[name] !== value) mismatches.push(`${seen}: header ${name} is ${String(req.headers[name])}, expected ${value}`);
      }
      let body: unknown = null;
      try {
        body = raw ? JSON.parse(raw) : null;
      } catch {
        mismatches.push(`${seen}: body is not JSON: ${raw}`);
      }
      if (!isDeepStrictEqual(body, want.body)) mismatches.push(`${seen}: body ${raw || '(none)'}, expected ${JSON.stringify(want.body)}`);
      const { status, body: answer } = expected.response;
      if (answer === null) return res.writeHead(status).end();
      res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(answer));
    });
  });
  return {
    server,
    mismatches,
    expect(exchanges: Exchange[]) {
      queue = exchanges;
      mismatches.length = 0;
    },
    pending: () => queue.length,
  };
}

const gelato = startFakeGelato();
let baseUrl = '';
before(async () => {
  await new Promise<void>((resolve) => gelato.server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(gelato.server.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((resolve) => gelato.server.close(() => resolve())));

const client = () => createGelatoProvider({ baseUrl, apiKey: API_KEY, local: false });

/** Runs `fn` against the named exchanges; fails unless the client sent exactly those requests, in that order. */
async function exchange<T>(names: string[], fn: () => Promise<T>): Promise<T> {
  gelato.expect(names.map((n) => read<Exchange>(n)));
  let outcome: { value: T } | { error: unknown };
  try {
    outcome = { value: await fn() };
  } catch (error) {
    outcome = { error };
  }
  assert.deepEqual(gelato.mismatches, [], 'the requests match the recorded ones');
  assert.equal(gelato.pending(), 0, 'every recorded exchange took place');
  if ('error' in outcome) throw outcome.error;
  return outcome.value;
}

const request: ProviderOrderRequest = {
  reference: REFERENCE,
  customerReference: 'cus_7f3a9c',
  currency: 'EUR',
  items: [
    {
      reference: '41',
      productId: 'flat_product_pf_a3_pt_200-gsm-uncoated_cl_4-0_ver',
      quantity: 1,
      fileUrl: 'https://shop.example/print-files/41?expires=1767225600&sig=3f9a',
    },
    {
      reference: '42',
      productId: 'flat_product_pf_a4_pt_200-gsm-uncoated_cl_4-0_ver',
      quantity: 2,
      fileUrl: 'https://shop.example/print-files/42?expires=1767225600&sig=7c1e',
    },
  ],
  address: {
    firstName: 'Aoife',
    lastName: 'Byrne',
    addressLine1: '12 Harbour View',
    addressLine2: null,
    city: 'Cork',
    postCode: 'T12 X4Y5',
    state: null,
    country: 'IE',
    email: 'aoife@example.com',
    phone: null,
  },
};

test('submitOrder creates the order with Gelato’s fields and reads the answer back', async () => {
  const order = await exchange(['submit-order'], () => client().submitOrder(request));
  assert.deepEqual(order, {
    providerOrderId: ORDER_ID,
    reference: REFERENCE,
    status: 'submitted',
    providerStatus: 'created',
    failureReason: null,
    cost: 3343,
    costCurrency: 'EUR',
    parcels: [],
  });
});

test('a refused address is a ProviderRejectedError carrying Gelato’s message', async () => {
  const usOrder: ProviderOrderRequest = {
    reference: 'ATL-1002-print-1',
    customerReference: 'cus_2b81d0',
    currency: 'USD',
    items: [
      {
        reference: '57',
        productId: 'flat_product_pf_a3_pt_200-gsm-uncoated_cl_4-0_ver',
        quantity: 1,
        fileUrl: 'https://shop.example/print-files/57?expires=1767225600&sig=aa01',
      },
    ],
    address: {
      firstName: 'Paul',
      lastName: 'Smith',
      addressLine1: '451 Clarkson Ave',
      addressLine2: 'Apt 4',
      city: 'New York',
      postCode: '1120',
      state: 'NY',
      country: 'US',
      email: 'paul@example.com',
      phone: '+1 555 0100',
    },
  };
  await assert.rejects(
    exchange(['submit-invalid-address'], () => client().submitOrder(usOrder)),
    (e) =>
      e instanceof ProviderRejectedError &&
      e.status === 400 &&
      e.message === 'Invalid shipping address: postCode "1120" is not a valid US ZIP code',
  );
});

test('findOrder searches by reference, keeps only the exact match and reads the full order', async () => {
  const order = await exchange(['search-found', 'get-order-passed'], () => client().findOrder(REFERENCE));
  assert.equal(order?.providerOrderId, ORDER_ID);
  assert.equal(order?.reference, REFERENCE);
  assert.equal(order?.status, 'submitted');
  assert.equal(order?.providerStatus, 'passed');
});

test('findOrder answers null when no order has the reference, without reading any order', async () => {
  assert.equal(await exchange(['search-not-found'], () => client().findOrder('ATL-1001-print-2')), null);
});

test('getOrder of a shipped order: parcels from the shipment packages, cost summed from the receipts in minor units', async () => {
  const order = await exchange(['get-order-shipped'], () => client().getOrder(ORDER_ID));
  assert.equal(order.status, 'shipped');
  assert.equal(order.providerStatus, 'shipped');
  assert.equal(order.cost, 3778, '33.43 (a double) + "4.35" (a string), without float error');
  assert.equal(order.costCurrency, 'EUR');
  assert.deepEqual(order.parcels, [
    { carrier: 'DPD Ireland', trackingNumber: '05222764441234', trackingUrl: 'https://tracking.dpd.ie/?parcel=05222764441234' },
    { carrier: 'DPD Ireland', trackingNumber: '05222764441235', trackingUrl: 'https://tracking.dpd.ie/?parcel=05222764441235' },
  ]);
});

test('getOrder of a failed order says which item failed', async () => {
  const order = await exchange(['get-order-failed'], () => client().getOrder(ORDER_ID));
  assert.equal(order.status, 'failed');
  assert.equal(order.failureReason, 'Gelato marked the order failed (failed item: 41)');
  assert.equal(order.cost, null, 'no receipt, no cost');
});

test('cancelOrder: cancelled, with the fee the receipts still charge', async () => {
  const result = await exchange(['cancel-order', 'get-order-canceled'], () => client().cancelOrder(ORDER_ID));
  assert.deepEqual(result, { cancelled: true, fee: 500 });
});

test('cancelOrder too late (409): not cancelled, with Gelato’s reason', async () => {
  const result = await exchange(['cancel-order-conflict'], () => client().cancelOrder(ORDER_ID));
  assert.deepEqual(result, {
    cancelled: false,
    reason: "The order cannot be canceled, because at least one of the items is in 'printed' status.",
  });
});

test('404 is a refusal; 503 and 429 are unavailability', async () => {
  await assert.rejects(
    exchange(['get-order-not-found'], () => client().getOrder('00000000-0000-4000-8000-000000000000')),
    (e) => e instanceof ProviderRejectedError && e.status === 404 && e.message === 'Order not found.',
  );
  await assert.rejects(
    exchange(['get-order-unavailable'], () => client().getOrder(ORDER_ID)),
    (e) => e instanceof ProviderUnavailableError && e.status === 503,
  );
  await assert.rejects(
    exchange(['search-rate-limited'], () => client().findOrder(REFERENCE)),
    (e) => e instanceof ProviderUnavailableError && e.status === 429,
  );
});

test('a refused connection and a silent server are unavailability', async () => {
  const closed = http.createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const port = (closed.address() as AddressInfo).port;
  await new Promise<void>((resolve) => closed.close(() => resolve()));
  const refused = createGelatoProvider({ baseUrl: `http://127.0.0.1:${port}`, apiKey: API_KEY, local: false });
  await assert.rejects(refused.getOrder(ORDER_ID), (e) => e instanceof ProviderUnavailableError && /ECONNREFUSED/.test(e.message));

  const silent = http.createServer(() => {});
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const slow = createGelatoProvider({
    baseUrl: `http://127.0.0.1:${(silent.address() as AddressInfo).port}`,
    apiKey: API_KEY,
    local: false,
    timeoutMs: 200,
  });
  await assert.rejects(slow.getOrder(ORDER_ID), (e) => e instanceof ProviderUnavailableError && /no answer within 0.2 s/.test(e.message));
  silent.closeAllConnections();
  await new Promise<void>((resolve) => silent.close(() => resolve()));
});

test('the fake Gelato notices a wrong field, a wrong key and a wrong path (so the tests above can fail)', async () => {
  const recorded = read<Exchange>('submit-order');
  const body = structuredClone(recorded.request.body) as { shippingAddress: Record<string, unknown> };
  body.shippingAddress.postalCode = body.shippingAddress.postCode;
  delete body.shippingAddress.postCode;
  gelato.expect([recorded, recorded]);
  await fetch(`${baseUrl}/v4/orders`, {
    method: 'POST',
    headers: { 'X-API-KEY': API_KEY, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  await fetch(`${baseUrl}/v4/order`, { method: 'POST', headers: { 'X-API-KEY': 'other', 'Content-Type': 'application/json' }, body: '{}' });
  assert.equal(gelato.mismatches.length, 4, gelato.mismatches.join('\n'));
  assert.match(gelato.mismatches[0] ?? '', /postalCode/);
});

test('parseGelatoWebhook reads both order events and refuses anything else', () => {
  const status = read<{ body: unknown }>('webhook-order-status-updated').body;
  assert.deepEqual(parseGelatoWebhook(status), {
    eventId: 'os_5e5680ce494f6',
    type: 'order_status_updated',
    providerOrderId: ORDER_ID,
    reference: REFERENCE,
    claimedStatus: 'shipped',
  });
  const item = read<{ body: unknown }>('webhook-order-item-status-updated').body;
  assert.deepEqual(parseGelatoWebhook(item), {
    eventId: 'is_5b6403bd3cf1f',
    type: 'order_item_status_updated',
    providerOrderId: ORDER_ID,
    reference: REFERENCE,
    claimedStatus: null,
  });
  for (const junk of [null, 'order_status_updated', [], {}, { id: 'os_1' }, { event: 'order_status_updated' }, { id: 7, event: 'x' }]) {
    assert.equal(parseGelatoWebhook(junk), null, JSON.stringify(junk));
  }
  assert.equal(parseGelatoWebhook({ id: 'evt_1', object: 'event', type: 'checkout.session.completed' }), null, 'a Stripe event');
  assert.equal(parseGelatoWebhook({ id: 'x', event: 'Robert"); DROP TABLE' }), null);
});

test('amounts become minor units from their decimal text', () => {
  assert.equal(toMinorUnits(33.45), 3345);
  assert.equal(toMinorUnits(4.35), 435, '4.35 * 100 is 434.99… in floating point');
  assert.equal(toMinorUnits('49.12'), 4912);
  assert.equal(toMinorUnits(12), 1200);
  assert.equal(toMinorUnits('0.5'), 50);
  assert.equal(toMinorUnits('1.005'), 101, 'a third decimal rounds half away from zero');
  assert.equal(toMinorUnits('-5.10'), -510);
  for (const bad of ['', 'abc', '1,50', '1e3', 1e21, Number.NaN, null, undefined, {}]) assert.equal(toMinorUnits(bad), null, String(bad));
  assert.equal(receiptsCost([]), null);
  assert.equal(
    receiptsCost([
      { transactionType: 'purchase', currency: 'EUR', totalInclVat: 10 },
      { transactionType: 'purchase', currency: 'USD', totalInclVat: 1 },
    ]),
    null,
    'receipts in two currencies are not summed',
  );
  assert.deepEqual(
    receiptsCost([
      { transactionType: 'purchase', currency: 'eur', totalInclVat: 10 },
      { transactionType: 'refund', currency: 'EUR', totalInclVat: -2.5 },
    ]),
    { cost: 750, currency: 'EUR' },
  );
});

test('getPrintProvider: Gelato with its key, else the local stand-in with its order page', () => {
  const env = {
    APP_URL: 'http://localhost:3000',
    GELATO_API_URL: 'https://order.gelatoapis.com',
    PRINT_PROVIDER_STAND_IN_URL: 'http://127.0.0.1:3300',
  };
  const gelatoProvider = getPrintProvider({ ...env, printProviderMode: 'gelato', GELATO_API_KEY: 'key' });
  assert.equal(gelatoProvider.local, false);
  assert.equal(gelatoProvider.orderUrl(ORDER_ID), `https://dashboard.gelato.com/orders/${ORDER_ID}`);
  assert.equal(getPrintProvider({ ...env, printProviderMode: 'gelato', GELATO_API_KEY: 'key' }), gelatoProvider, 'cached');
  const local = getPrintProvider({ ...env, printProviderMode: 'local', GELATO_API_KEY: undefined });
  assert.equal(local.local, true);
  assert.equal(local.name, 'gelato');
  assert.equal(local.orderUrl('so_123'), 'http://localhost:3000/dev/provider#so_123');
});
