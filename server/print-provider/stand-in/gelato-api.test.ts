import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { GelatoOrder } from './orders.ts';
import type { RunningStandIn } from './server.ts';
import { call, control, controlOrders, orderBody, startShop, startTestStandIn, until, type Shop } from './testkit.ts';

describe('print provider stand-in: Gelato API', () => {
  let shop: Shop;
  let running: RunningStandIn;
  let base: string;
  before(async () => {
    shop = await startShop();
    running = await startTestStandIn({ shop });
    base = running.url;
  });
  after(async () => {
    await running.close();
    await shop.close();
  });

  const create = (overrides: Record<string, unknown> = {}, address: Record<string, unknown> = {}) =>
    call<GelatoOrder & { code?: string; message?: string }>(base, 'POST', '/v4/orders', orderBody(shop.url, overrides, address));

  test('creates an order with Gelato fields, items, no shipment and a priced receipt', async () => {
    const { status, body } = await create();
    assert.equal(status, 200);
    assert.match(body.id, /^[0-9a-f-]{36}$/);
    assert.equal(body.orderReferenceId, 'ATL-1001-print-1');
    assert.equal(body.customerReferenceId, 'customer-7');
    assert.equal(body.fulfillmentStatus, 'created');
    assert.equal(body.financialStatus, 'pending');
    assert.equal(body.currency, 'EUR');
    assert.equal(body.shipment, null);
    assert.ok(body.createdAt && body.updatedAt);
    assert.deepEqual(
      body.items.map((i) => [i.itemReferenceId, i.fulfillmentStatus, i.quantity]),
      [
        ['11', 'created', 2],
        ['12', 'created', 1],
      ],
    );
    assert.ok(body.items.every((i) => /^[0-9a-f-]{36}$/.test(i.id)));
    // Two A4 at 6.50 and one A3 at 9.50, shipping 4.95.
    assert.deepEqual(body.receipts, [
      {
        id: body.receipts[0]!.id,
        orderId: body.id,
        transactionType: 'purchase_order',
        currency: 'EUR',
        productsPrice: 22.5,
        shippingPrice: 4.95,
        totalVat: 0,
        total: 27.45,
        totalInclVat: 27.45,
      },
    ]);
    const fetched = await call<GelatoOrder>(base, 'GET', `/v4/orders/${body.id}`);
    assert.equal(fetched.status, 200);
    assert.deepEqual(fetched.body, body);
  });

  test('fetches each print file once and keeps how it went (a failed download does not fail the order)', async () => {
    const { body } = await create({ orderReferenceId: 'ATL-files' });
    const record = await until(async () => {
      const r = (await controlOrders(base)).find((o) => o.order.id === body.id);
      return r?.fileFetches.every((f) => f.state !== 'pending') ? r : null;
    }, 'the file fetches');
    assert.deepEqual(
      record.fileFetches.map((f) => [f.itemReferenceId, f.state, f.status, f.bytes]),
      [
        ['11', 'ok', 200, 1234],
        ['12', 'failed', 404, 9],
      ],
    );
    assert.equal(record.order.fulfillmentStatus, 'created');
  });

  test('refuses a call without an API key', async () => {
    const { status, body } = await call(base, 'POST', '/v4/orders', orderBody(shop.url), null);
    assert.equal(status, 401);
    assert.equal(body.code, 'Unauthorized');
    assert.equal((await call(base, 'GET', '/v4/orders/x', undefined, '')).status, 401);
  });

  test('names each missing or wrong field', async () => {
    const { status, body } = await create(
      { currency: undefined, items: [{ itemReferenceId: '1', files: [{ url: 'not a url' }], quantity: 0 }] },
      { postCode: undefined, email: 'nope' },
    );
    assert.equal(status, 400);
    assert.equal(body.code, 'ValidationError');
    const message = String(body.message);
    for (const part of [
      'currency is required',
      'items[0].productUid is required',
      'items[0].files[0].url must be a URL',
      'items[0].quantity must be at least 1',
      'shippingAddress.postCode is required',
      'shippingAddress.email must be an email address',
    ]) {
      assert.ok(message.includes(part), `"${message}" mentions "${part}"`);
    }
    const empty = await call(base, 'POST', '/v4/orders', { orderReferenceId: 'x' });
    assert.match(String(empty.body.message), /shippingAddress is required/);
    const notJson = await fetch(`${base}/v4/orders`, { method: 'POST', headers: { 'x-api-key': 'k' }, body: '{' });
    assert.equal(notJson.status, 400);
  });

  test('rejects a shipping address with "reject" in its first line or post code 00000', async () => {
    for (const address of [{ addressLine1: '1 REJECT Street' }, { postCode: '00000' }]) {
      const { status, body } = await create({ orderReferenceId: 'ATL-rejected' }, address);
      assert.equal(status, 400);
      assert.equal(body.code, 'ValidationError');
      assert.match(String(body.message), /^Shipping address rejected: /);
    }
    const search = await call<{ orders: unknown[] }>(base, 'POST', '/v4/orders:search', { orderReferenceId: 'ATL-rejected' });
    assert.deepEqual(search.body.orders, []);
  });

  test('answers 404 for an unknown order', async () => {
    const { status, body } = await call(base, 'GET', '/v4/orders/6f1c2f3e-0000-4000-8000-000000000000');
    assert.equal(status, 404);
    assert.equal(body.code, 'NotFound');
  });

  test('searches by orderReferenceId and orderReferenceIds', async () => {
    const a = (await create({ orderReferenceId: 'ATL-2001-print-1' })).body;
    const b = (await create({ orderReferenceId: 'ATL-2002-print-1' })).body;
    const one = await call<{ orders: Array<Record<string, unknown>> }>(base, 'POST', '/v4/orders:search', {
      orderReferenceId: 'ATL-2001-print-1',
    });
    assert.equal(one.status, 200);
    assert.deepEqual(
      one.body.orders.map((o) => [o.id, o.orderReferenceId, o.fulfillmentStatus]),
      [[a.id, 'ATL-2001-print-1', 'created']],
    );
    const both = await call<{ orders: Array<{ id: string }> }>(base, 'POST', '/v4/orders:search', {
      orderReferenceIds: ['ATL-2001-print-1', 'ATL-2002-print-1', 'nothing'],
    });
    assert.deepEqual(both.body.orders.map((o) => o.id).sort(), [a.id, b.id].sort());
    assert.equal((await call(base, 'POST', '/v4/orders:search', {})).status, 400);
  });

  test('cancels before production, refuses with 409 after; a fee stays as a receipt', async () => {
    const free = (await create({ orderReferenceId: 'ATL-cancel-1' })).body;
    assert.deepEqual(await call(base, 'POST', `/v4/orders/${free.id}:cancel`), { status: 200, body: {} });
    const cancelled = (await call<GelatoOrder>(base, 'GET', `/v4/orders/${free.id}`)).body;
    assert.equal(cancelled.fulfillmentStatus, 'canceled');
    assert.ok(cancelled.items.every((i) => i.fulfillmentStatus === 'canceled'));
    assert.deepEqual(cancelled.receipts, []);
    // Cancelling again changes nothing and still answers 200.
    assert.equal((await call(base, 'POST', `/v4/orders/${free.id}:cancel`)).status, 200);

    const made = (await create({ orderReferenceId: 'ATL-cancel-2' })).body;
    assert.equal((await control(base, `orders/${made.id}/advance`)).status, 200);
    const refused = await call(base, 'POST', `/v4/orders/${made.id}:cancel`);
    assert.deepEqual(refused, {
      status: 409,
      body: { code: 'Conflict', message: 'Order is already in production and cannot be canceled' },
    });

    assert.equal((await control(base, 'cancellation-fee', { amount: 250 })).status, 200);
    const charged = (await create({ orderReferenceId: 'ATL-cancel-3' })).body;
    assert.equal((await call(base, 'POST', `/v4/orders/${charged.id}:cancel`)).status, 200);
    const receipts = (await call<GelatoOrder>(base, 'GET', `/v4/orders/${charged.id}`)).body.receipts;
    assert.equal(receipts.length, 1);
    assert.equal(receipts[0]!.transactionType, 'cancellation_fee');
    assert.equal(receipts[0]!.total, 2.5);
    assert.equal(receipts[0]!.totalInclVat, 2.5);
    await control(base, 'cancellation-fee', { amount: 0 });
  });

  test('an outage answers 503 to every Gelato call while control keeps working', async () => {
    const order = (await create({ orderReferenceId: 'ATL-outage' })).body;
    assert.equal((await control(base, 'outage', { seconds: 60 })).status, 200);
    for (const [method, path] of [
      ['GET', `/v4/orders/${order.id}`],
      ['POST', '/v4/orders'],
      ['POST', '/v4/orders:search'],
      ['POST', `/v4/orders/${order.id}:cancel`],
    ] as const) {
      const { status, body } = await call(base, method, path, method === 'POST' ? {} : undefined);
      assert.equal(status, 503, `${method} ${path}`);
      assert.equal(body.code, 'ServiceUnavailable');
    }
    const health = await call(base, 'GET', '/control/health', undefined, null);
    assert.equal(health.status, 200);
    assert.ok(health.body.outageUntil);
    assert.equal((await control(base, 'outage', { seconds: 0 })).status, 200);
    assert.equal((await call(base, 'GET', `/v4/orders/${order.id}`)).status, 200);
  });
});
