import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import type { GelatoOrder, StandInRecord } from './orders.ts';
import type { RunningStandIn } from './server.ts';
import { call, control, controlOrders, orderBody, startShop, startTestStandIn, tempDataFile, until, type Shop } from './testkit.ts';

const record = async (base: string, id: string) => (await controlOrders(base)).find((r) => r.order.id === id)!;
const settled = (r: StandInRecord) => r.deliveries.every((d) => d.state !== 'pending');

describe('print provider stand-in: life of an order, webhooks, control', () => {
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
  afterEach(() => {
    shop.respond = () => 200;
  });

  const create = async (reference: string) =>
    (await call<GelatoOrder>(base, 'POST', '/v4/orders', orderBody(shop.url, { orderReferenceId: reference }))).body;
  const eventsOf = (id: string) => shop.webhooks.filter((w) => w.body.orderId === id).map((w) => w.body);

  test('steps created → in_production → shipped → delivered with tracking, a webhook for each', async () => {
    const order = await create('ATL-3001-print-1');
    for (const expected of ['in_production', 'shipped', 'delivered']) {
      const { status, body } = await control(base, `orders/${order.id}/advance`);
      assert.equal(status, 200);
      assert.equal(body.order.fulfillmentStatus, expected);
      assert.ok(body.order.items.every((i) => i.fulfillmentStatus === expected));
    }
    const delivered = (await call<GelatoOrder>(base, 'GET', `/v4/orders/${order.id}`)).body;
    const pkg = delivered.shipment!.packages[0]!;
    assert.equal(delivered.shipment!.shipmentMethodName, 'DHL Parcel');
    assert.equal(delivered.shipment!.shipmentMethodUid, 'dhl_parcel');
    assert.match(pkg.trackingCode, /^STANDIN\d+$/);
    assert.equal(pkg.trackingUrl, `https://tracking.example/${pkg.trackingCode}`);
    assert.deepEqual(
      pkg.orderItemIds,
      delivered.items.map((i) => i.id),
    );

    await until(() => eventsOf(order.id).length === 4, 'four webhooks');
    const events = eventsOf(order.id);
    assert.deepEqual(
      events.map((e) => e.fulfillmentStatus),
      ['created', 'in_production', 'shipped', 'delivered'],
    );
    assert.equal(new Set(events.map((e) => e.id)).size, 4);
    const shipped = events[2]!;
    assert.match(shipped.id, /^os_[0-9a-f]+$/);
    assert.equal(shipped.event, 'order_status_updated');
    assert.equal(shipped.storeId, null);
    assert.equal(shipped.orderReferenceId, 'ATL-3001-print-1');
    assert.deepEqual(shipped.items[0], {
      itemReferenceId: '11',
      fulfillmentStatus: 'shipped',
      fulfillments: [
        { trackingCode: pkg.trackingCode, trackingUrl: pkg.trackingUrl, shipmentMethodName: 'DHL Parcel', shipmentMethodUid: 'dhl_parcel' },
      ],
    });
    assert.deepEqual(events[1]!.items[0]!.fulfillments, []);
    assert.ok(shop.webhooks.every((w) => w.url === '/webhooks/print-provider?token=t0ken'));
    assert.equal((await control(base, `orders/${order.id}/advance`)).status, 409);
  });

  test('retries a webhook the shop refuses, keeping each attempt', async () => {
    let refusals = 2;
    shop.respond = () => (refusals-- > 0 ? 500 : 200);
    const order = await create('ATL-3002-print-1');
    const r = await until(async () => {
      const found = await record(base, order.id);
      return settled(found) ? found : null;
    }, 'the delivery');
    const delivery = r.deliveries[0]!;
    assert.equal(delivery.state, 'delivered');
    assert.deepEqual(
      delivery.attempts.map((a) => a.status),
      [500, 500, 200],
    );
    assert.equal(eventsOf(order.id).length, 3);
    assert.equal(new Set(eventsOf(order.id).map((e) => e.id)).size, 1);
  });

  test('gives up after the last try when the shop does not answer', async () => {
    const unreachable = await startTestStandIn({
      shop: { ...shop, url: 'http://127.0.0.1:9' },
      retry: { tries: 3, firstDelayMs: 10, maxDelayMs: 20 },
    });
    try {
      const order = (await call<GelatoOrder>(unreachable.url, 'POST', '/v4/orders', orderBody(shop.url))).body;
      const r = await until(async () => {
        const found = await record(unreachable.url, order.id);
        return settled(found) ? found : null;
      }, 'the delivery to give up');
      assert.equal(r.deliveries[0]!.state, 'failed');
      assert.equal(r.deliveries[0]!.attempts.length, 3);
      assert.ok(r.deliveries[0]!.attempts.every((a) => a.status === null && a.error));
    } finally {
      await unreachable.close();
    }
  });

  test('redelivers the latest event with its id, and sends an old status with a new one', async () => {
    const order = await create('ATL-3003-print-1');
    await control(base, `orders/${order.id}/advance`);
    await until(() => eventsOf(order.id).length === 2, 'two webhooks');
    const latest = eventsOf(order.id)[1]!;

    const again = await control(base, `orders/${order.id}/redeliver`, { times: 2 });
    assert.equal(again.status, 200);
    await until(() => eventsOf(order.id).length === 4, 'the duplicates');
    assert.deepEqual(eventsOf(order.id).slice(2), [latest, latest]);

    const old = await control(base, `orders/${order.id}/send-status`, {});
    assert.equal(old.status, 200);
    await until(() => eventsOf(order.id).length === 5, 'the old status');
    const stale = eventsOf(order.id)[4]!;
    assert.equal(stale.fulfillmentStatus, 'created');
    assert.notEqual(stale.id, latest.id);
    const r = await record(base, order.id);
    assert.equal(r.order.fulfillmentStatus, 'in_production');
    assert.deepEqual(
      r.deliveries.map((d) => d.kind),
      ['status', 'status', 'duplicate', 'duplicate', 'old-status'],
    );
    assert.equal((await control(base, `orders/${order.id}/send-status`, { status: 'nonsense' })).status, 400);
  });

  test('fails an order with a reason, on the order and in its items, until it ships', async () => {
    const order = await create('ATL-3004-print-1');
    const { status, body } = await control(base, `orders/${order.id}/fail`, { reason: 'Print file unreadable' });
    assert.equal(status, 200);
    const failed = (await call<GelatoOrder>(base, 'GET', `/v4/orders/${order.id}`)).body;
    assert.equal(failed.fulfillmentStatus, 'failed');
    assert.equal(failed.failureReason, 'Print file unreadable');
    assert.ok(
      failed.items.every(
        (i) => i.fulfillmentStatus === 'failed' && i.eventLog.some((e) => e.type === 'failed' && e.message === 'Print file unreadable'),
      ),
    );
    assert.equal(body.order.failureReason, 'Print file unreadable');
    await until(() => eventsOf(order.id).some((e) => e.fulfillmentStatus === 'failed'), 'the failed webhook');

    const shipped = await create('ATL-3005-print-1');
    await control(base, `orders/${shipped.id}/advance`);
    await control(base, `orders/${shipped.id}/advance`);
    const refused = await control(base, `orders/${shipped.id}/fail`);
    assert.equal(refused.status, 409);
    assert.equal((await control(base, 'orders/unknown/advance')).status, 404);
  });

  test('steps orders on by itself every PRINT_PROVIDER_STAND_IN_STEP_SECONDS', async () => {
    const timed = await startTestStandIn({ shop, stepSeconds: 0.05 });
    try {
      const order = (await call<GelatoOrder>(timed.url, 'POST', '/v4/orders', orderBody(shop.url, { orderReferenceId: 'ATL-timed' }))).body;
      await until(async () => (await record(timed.url, order.id)).order.fulfillmentStatus === 'delivered', 'delivery');
      assert.deepEqual(
        (await record(timed.url, order.id)).history.map((h) => h.status),
        ['created', 'in_production', 'shipped', 'delivered'],
      );
    } finally {
      await timed.close();
    }
  });

  test('keeps its orders across a restart and resumes its webhooks and steps', async () => {
    const dataFile = tempDataFile();
    shop.respond = () => 503;
    const first = await startTestStandIn({ shop, dataFile, retry: { tries: 8, firstDelayMs: 1000, maxDelayMs: 1000 } });
    const order = (await call<GelatoOrder>(first.url, 'POST', '/v4/orders', orderBody(shop.url, { orderReferenceId: 'ATL-restart' }))).body;
    await until(async () => (await record(first.url, order.id)).deliveries[0]!.attempts.length === 1, 'the first attempt');
    await first.close();

    shop.respond = () => 200;
    const second = await startTestStandIn({ shop, dataFile, stepSeconds: 0.05 });
    try {
      const again = await call<GelatoOrder>(second.url, 'GET', `/v4/orders/${order.id}`);
      assert.equal(again.status, 200);
      assert.equal(again.body.orderReferenceId, 'ATL-restart');
      const search = await call<{ orders: unknown[] }>(second.url, 'POST', '/v4/orders:search', { orderReferenceId: 'ATL-restart' });
      assert.equal(search.body.orders.length, 1);
      const r = await until(async () => {
        const found = await record(second.url, order.id);
        return found.order.fulfillmentStatus === 'delivered' && settled(found) ? found : null;
      }, 'the resumed delivery and steps');
      // Refused before the restart, delivered after it.
      const statuses = r.deliveries[0]!.attempts.map((a) => a.status);
      assert.equal(statuses[0], 503);
      assert.equal(statuses.at(-1), 200);
      assert.equal(r.deliveries[0]!.state, 'delivered');
    } finally {
      await second.close();
    }
  });
});
