// Promo codes against stripe-mock: the sync workflow creates the Stripe coupon and promotion code
// with the real SDK (request shapes checked against Stripe's OpenAPI spec), records their ids, and
// keeps `active` in step; a code that starts later waits on a durable timer. The Checkout Sessions the
// shop creates ask Stripe Tax for the VAT (same stack: the recorder sees every request).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, Connection } from '@temporalio/client';
import type pg from 'pg';
import { ProcessGroup } from '../scripts/lib/process-group.ts';
import { startStack, type Stack } from '../scripts/lib/stack.ts';
import { promoCodeWorkflowId } from '#workflows/messages.ts';
import { database, personalisation, waitFor } from './http.ts';
import { Visitor, signIn } from './sign-in.ts';
import { startStripeRecorder, type StripeRecorder } from './stripe-recorder.ts';
import { temporalDataConverter } from '#server/temporal/payload-codec.server.ts';

let stripeCalls: StripeRecorder;
let stack: Stack;
let db: pg.Pool;
let admin: Visitor;
let temporal: Client;

before(async () => {
  // The shop's Stripe SDK talks to stripe-mock through a recorder, so the tests can count its calls.
  stripeCalls = await startStripeRecorder();
  stack = await startStack({
    name: 'promotions-stripe',
    payments: 'mock',
    group: new ProcessGroup(),
    env: { STRIPE_API_PORT: String(stripeCalls.port) },
  });
  stripeCalls.forwardTo(stack.stripeMock!.httpUrl);
  db = database(stack.databaseUrl);
  // The stack encrypts payloads: results are read through the same codec.
  temporal = new Client({
    connection: await Connection.connect({ address: stack.temporal.address }),
    dataConverter: temporalDataConverter(stack.env),
  });
  admin = new Visitor(stack.baseUrl);
  await signIn(db, admin, 'admin@example.com', '/admin');
});
after(async () => {
  await db?.end();
  await temporal?.connection.close();
  await stack?.stop();
  await stripeCalls?.close();
});

/** The Stripe calls made since the `from`-th: method, path, Idempotency-Key and status. */
const callsSince = (from: number) => stripeCalls.calls.slice(from).map((c) => [c.method, c.path, c.idempotencyKey, c.status]);

interface Row {
  id: number;
  version: number;
  synced_version: number;
  stripe_coupon_id: string | null;
  stripe_promotion_code_id: string | null;
  sync_error: string | null;
}

async function synced(code: string, version = 1): Promise<Row> {
  return waitFor(`${code} v${version} synced`, async () => {
    const { rows } = await db.query<Row>('select * from promo_codes where code = $1', [code]);
    return rows[0] && rows[0].synced_version >= version ? rows[0] : null;
  });
}

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

describe('promo codes on Stripe (stripe-mock)', () => {
  test('creating a code creates the coupon and the promotion code once and records their ids', async () => {
    const start = stripeCalls.calls.length;
    const res = await admin.postAs('/admin/promo-codes/new', {
      code: 'WINTER-5',
      kind: 'fixed',
      amountOff: '5.00',
      currency: 'eur',
      maxRedemptions: '50',
      minimumAmount: '30',
      endsOn: day(30),
    });
    assert.equal(res.status, 303, await res.text());
    const row = await synced('WINTER-5');
    assert.equal(row.sync_error, null);
    assert.ok(row.stripe_coupon_id && !row.stripe_coupon_id.startsWith('coupon_local'), `a Stripe coupon id: ${row.stripe_coupon_id}`);
    assert.match(row.stripe_promotion_code_id ?? '', /^promo_/);
    // The workflow's history shows one activity that made both objects.
    const handle = temporal.workflow.getHandle(promoCodeWorkflowId(row.id, 1));
    const result = await handle.result();
    const history = await handle.fetchHistory();
    assert.equal(
      (history.events ?? []).filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'syncPromoCode').length,
      1,
    );
    assert.equal(result.stripePromotionCodeId, row.stripe_promotion_code_id);
    assert.equal(result.activeOnStripe, true);
    // Stripe was asked once for each object, under keys made from the code's id (a retry cannot make a second).
    assert.deepEqual(callsSince(start), [
      ['POST', '/v1/coupons', `promo-coupon:${row.id}`, 200],
      ['POST', '/v1/promotion_codes', `promo-code:${row.id}`, 200],
    ]);
    const [coupon, promotionCode] = stripeCalls.calls.slice(start);
    assert.equal(coupon!.params.get('amount_off'), '500');
    assert.equal(coupon!.params.get('metadata[promoCodeId]'), String(row.id));
    assert.equal(promotionCode!.params.get('promotion[coupon]'), row.stripe_coupon_id);
    assert.equal(promotionCode!.params.get('code'), 'WINTER-5');
    const { rows: codes } = await db.query<{ n: number }>("select count(*)::int as n from promo_codes where code = 'WINTER-5'");
    assert.equal(codes[0]!.n, 1, 'one row for the code');

    // Deactivating is a new version, synced by its own workflow: one update, nothing created again.
    const beforeDeactivating = stripeCalls.calls.length;
    assert.equal((await admin.postAs(`/admin/promo-codes/${row.id}`, { intent: 'deactivate' })).status, 200);
    const after = await synced('WINTER-5', 2);
    assert.equal(after.stripe_promotion_code_id, row.stripe_promotion_code_id, 'the same promotion code, updated');
    const v2 = await temporal.workflow.getHandle(promoCodeWorkflowId(row.id, 2)).result();
    assert.equal(v2.activeOnStripe, false);
    assert.deepEqual(callsSince(beforeDeactivating), [
      ['POST', `/v1/promotion_codes/${row.stripe_promotion_code_id}`, `promo-code:${row.id}:v2:false`, 200],
    ]);
    assert.equal(stripeCalls.calls.at(-1)!.params.get('active'), 'false');
    assert.equal(after.stripe_coupon_id, row.stripe_coupon_id, 'the same coupon');
  });

  test('a code that starts later is created inactive and its workflow waits to activate it', async () => {
    const res = await admin.postAs('/admin/promo-codes/new', { code: 'LATER-15', kind: 'percent', percentOff: '15', startsOn: day(2) });
    assert.equal(res.status, 303, await res.text());
    const row = await synced('LATER-15');
    assert.match(row.stripe_promotion_code_id ?? '', /^promo_/);
    const handle = temporal.workflow.getHandle(promoCodeWorkflowId(row.id, 1));
    const described = await waitFor('waiting for the start', async () => {
      const d = await handle.describe();
      // The SDK's built-in metadata query carries the workflow's current details (what the UI shows).
      const meta = await handle.query<{ currentDetails?: string }>('__temporal_workflow_metadata');
      return d.status.name === 'RUNNING' && /inactive until/.test(meta.currentDetails ?? '') ? d : null;
    });
    assert.equal(described.status.name, 'RUNNING');
    await handle.terminate('test done');
  });
});

describe('VAT on Checkout Sessions (Stripe Tax)', () => {
  before(async () => {
    // The categories the tax codes below assume, whatever the seed chose.
    await db.query(
      "update product_variants set tax_category = case when format = 'digital' then 'digital' else 'printed_matter' end where sku like 'NSP-%'",
    );
  });

  async function variantId(sku: string): Promise<number> {
    const { rows } = await db.query<{ id: number }>('select id from product_variants where sku = $1', [sku]);
    return rows[0]!.id;
  }

  /** Checks out a cart of these items and returns the session-create request the shop sent Stripe. */
  async function sessionRequest(items: Array<{ product: string; sku: string }>): Promise<URLSearchParams> {
    const buyer = new Visitor(stack.baseUrl);
    for (const { product, sku } of items) {
      const add = await buyer.postAs(`/products/${product}?index`, { variantId: await variantId(sku), quantity: 1, ...personalisation });
      assert.equal(add.status, 303);
    }
    const start = stripeCalls.calls.length;
    const checkout = await buyer.postAs('/checkout', {});
    assert.equal(checkout.status, 303, await checkout.text());
    const created = stripeCalls.calls.slice(start).filter((c) => c.method === 'POST' && c.path === '/v1/checkout/sessions');
    assert.equal(created.length, 1, 'one session created');
    assert.equal(created[0]!.status, 200, "stripe-mock accepts the parameters (Stripe's OpenAPI spec)");
    return created[0]!.params;
  }

  /** The params of the line item whose SKU is `sku`, without the `line_items[i]` prefix. */
  function lineItem(params: URLSearchParams, sku: string): Record<string, string> {
    const index = [...params].find(
      ([k, v]) => /^line_items\[\d+\]\[price_data\]\[product_data\]\[metadata\]\[sku\]$/.test(k) && v === sku,
    )?.[0];
    assert.ok(index, `a line item for ${sku}`);
    const prefix = index.slice(0, index.indexOf(']') + 1);
    return Object.fromEntries([...params].filter(([k]) => k.startsWith(prefix)).map(([k, v]) => [k.slice(prefix.length), v]));
  }

  test('a file and a poster: automatic tax, each line its tax behaviour and tax code, shipping its own', async () => {
    const params = await sessionRequest([
      { product: 'night-sky-print-digital', sku: 'NSP-DIG-A4' },
      { product: 'night-sky-poster', sku: 'NSP-PHY-A3' },
    ]);
    assert.equal(params.get('automatic_tax[enabled]'), 'true');
    const file = lineItem(params, 'NSP-DIG-A4');
    assert.equal(file['[price_data][tax_behavior]'], 'inclusive', 'TAX_BEHAVIOR (inclusive by default)');
    assert.equal(file['[price_data][product_data][tax_code]'], 'txcd_10010001', 'digital goods');
    const poster = lineItem(params, 'NSP-PHY-A3');
    assert.equal(poster['[price_data][tax_behavior]'], 'inclusive');
    assert.equal(poster['[price_data][product_data][tax_code]'], 'txcd_35010000', 'printed matter');
    assert.equal(params.get('shipping_options[0][shipping_rate_data][tax_behavior]'), 'inclusive');
    assert.equal(params.get('shipping_options[0][shipping_rate_data][tax_code]'), 'txcd_92010001', 'shipping');
    assert.ok(params.get('shipping_address_collection[allowed_countries][0]'), 'the shipping address decides the country');
    assert.equal(params.get('billing_address_collection'), null);
  });

  test('files only: the billing address is required, so Stripe can decide the country', async () => {
    const params = await sessionRequest([{ product: 'night-sky-print-digital', sku: 'NSP-DIG-A3' }]);
    assert.equal(params.get('automatic_tax[enabled]'), 'true');
    assert.equal(params.get('billing_address_collection'), 'required');
    assert.equal(params.get('shipping_address_collection[allowed_countries][0]'), null);
    assert.equal(lineItem(params, 'NSP-DIG-A3')['[price_data][product_data][tax_code]'], 'txcd_10010001');
  });
});
