// Membership plans through the admin's forms (no JavaScript) against stripe-mock: saving a plan starts
// membership-plan-<id>-v<version>, whose activity makes the Stripe product and monthly price with the real SDK
// (request shapes checked against Stripe's OpenAPI spec) and records their ids; a new amount is a new price, the former
// archived; bad input comes back by its field with what was typed.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, Connection } from '@temporalio/client';
import type pg from 'pg';
import { planSyncWorkflowId } from '#core/memberships.ts';
import { temporalDataConverter } from '#server/temporal/payload-codec.server.ts';
import { ProcessGroup } from '../scripts/lib/process-group.ts';
import { startStack, type Stack } from '../scripts/lib/stack.ts';
import { database, errorByField, formControl, waitFor } from './http.ts';
import { Visitor, signIn } from './sign-in.ts';
import { startStripeRecorder, type StripeRecorder } from './stripe-recorder.ts';

let stripeCalls: StripeRecorder;
let stack: Stack;
let db: pg.Pool;
let admin: Visitor;
let temporal: Client;

before(async () => {
  stripeCalls = await startStripeRecorder();
  stack = await startStack({
    name: 'membership-plans-stripe',
    payments: 'mock',
    group: new ProcessGroup(),
    env: { STRIPE_API_PORT: String(stripeCalls.port) },
  });
  stripeCalls.forwardTo(stack.stripeMock!.httpUrl);
  db = database(stack.databaseUrl);
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

const callsSince = (from: number) => stripeCalls.calls.slice(from).map((c) => [c.method, c.path, c.idempotencyKey, c.status]);
const html = (res: Response) => res.text();

interface Row {
  id: number;
  name: string;
  price: number;
  version: number;
  synced_version: number;
  stripe_product_id: string | null;
  stripe_price_id: string | null;
  stripe_price_amount: number | null;
  sync_error: string | null;
}

async function synced(name: string, version: number): Promise<Row> {
  return waitFor(`${name} v${version} synced`, async () => {
    const { rows } = await db.query<Row>('select * from membership_plans where name = $1', [name]);
    return rows[0] && rows[0].synced_version >= version ? rows[0] : null;
  });
}

const studio = {
  name: 'Studio',
  description: 'For busy studios',
  price: '29.00',
  creditsPerPeriod: '25',
  trialDays: '14',
  unusedCredits: 'keep',
  status: 'active',
};

describe('membership plans on Stripe (stripe-mock)', () => {
  test('the seeded plans are listed; in Stripe mode they wait for a sync', async () => {
    const { rows } = await db.query<Row>('select * from membership_plans order by price');
    assert.deepEqual(
      rows.map((r) => [r.name, r.price, r.stripe_price_id, r.synced_version]),
      [
        ['Starter', 900, null, 0],
        ['Pro', 1900, null, 0],
      ],
    );
    const list = await html(await admin.get('/admin/membership-plans'));
    for (const text of ['Starter', 'Pro', '€9.00', '€19.00', '7 days', 'Expire when the membership ends', 'not synced yet'])
      assert.ok(list.includes(text), text);
  });

  test('creating a plan: the product and the monthly price made once, their ids recorded, the list says synced', async () => {
    const start = stripeCalls.calls.length;
    const res = await admin.postAs('/admin/membership-plans/new', studio);
    assert.equal(res.status, 303, await res.text());
    const row = await synced('Studio', 1);
    assert.match(res.headers.get('location') ?? '', new RegExp(`^/admin/membership-plans/${row.id}\\?created=1$`));
    assert.equal(row.sync_error, null);
    assert.match(row.stripe_product_id ?? '', /^prod_/);
    assert.match(row.stripe_price_id ?? '', /^price_/);
    assert.equal(row.stripe_price_amount, 2900);
    const handle = temporal.workflow.getHandle(planSyncWorkflowId(row.id, 1));
    const result = await handle.result();
    assert.deepEqual([result.stripePriceId, result.activeOnStripe], [row.stripe_price_id, true]);
    const history = await handle.fetchHistory();
    assert.equal(
      (history.events ?? []).filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'syncMembershipPlan').length,
      1,
    );
    assert.deepEqual(callsSince(start), [
      ['POST', '/v1/products', `membership-product:${row.id}`, 200],
      ['POST', '/v1/prices', `membership-price:${row.id}:2900`, 200],
      ['POST', `/v1/products/${row.stripe_product_id}`, `membership-product:${row.id}:v1:${row.stripe_price_id}`, 200],
    ]);
    const price = stripeCalls.calls[start + 1]!;
    assert.deepEqual(
      ['unit_amount', 'currency', 'recurring[interval]', 'metadata[planId]'].map((k) => price.params.get(k)),
      ['2900', 'eur', 'month', String(row.id)],
    );
    const page = await html(await admin.get(`/admin/membership-plans/${row.id}`));
    assert.ok(page.includes(row.stripe_price_id!) && page.includes('up to date (version 1)'));
    assert.match(formControl(page, 'price') ?? '', /value="29.00"/);
    const list = await html(await admin.get('/admin/membership-plans'));
    for (const text of ['Studio', '€29.00', '14 days', 'Kept by the member']) assert.ok(list.includes(text), text);
  });

  test('a new price: version 2, a new Stripe price made the default, the former archived', async () => {
    const before = await synced('Studio', 1);
    const start = stripeCalls.calls.length;
    const res = await admin.postAs(`/admin/membership-plans/${before.id}`, { intent: 'plan', ...studio, price: '35' });
    assert.equal(res.status, 200, await res.text());
    const row = await synced('Studio', 2);
    assert.deepEqual([row.version, row.price, row.stripe_price_amount, row.stripe_product_id], [2, 3500, 3500, before.stripe_product_id]);
    assert.notEqual(row.stripe_price_id, before.stripe_price_id);
    assert.deepEqual(callsSince(start), [
      ['POST', '/v1/prices', `membership-price:${row.id}:3500`, 200],
      ['POST', `/v1/products/${row.stripe_product_id}`, `membership-product:${row.id}:v2:${row.stripe_price_id}`, 200],
      ['POST', `/v1/prices/${before.stripe_price_id}`, `membership-price-archive:${before.stripe_price_id}`, 200],
    ]);
    assert.equal(stripeCalls.calls.at(-1)!.params.get('active'), 'false');

    // Saved unchanged: no new version.
    assert.equal((await admin.postAs(`/admin/membership-plans/${row.id}`, { intent: 'plan', ...studio, price: '35.00' })).status, 200);
    const { rows } = await db.query<Row>('select * from membership_plans where id = $1', [row.id]);
    assert.equal(rows[0]!.version, 2);
  });

  test('“Sync with Stripe” puts a seeded plan on Stripe', async () => {
    const { rows } = await db.query<Row>("select * from membership_plans where name = 'Starter'");
    const res = await admin.postAs(`/admin/membership-plans/${rows[0]!.id}`, { intent: 'sync' });
    assert.equal(res.status, 200);
    assert.ok((await res.text()).includes('Sync started.'));
    const row = await synced('Starter', 1);
    assert.match(row.stripe_price_id ?? '', /^price_/);
    assert.equal(row.stripe_price_amount, 900);
  });

  test('a name in use (in any case) and bad numbers come back by their fields, with what was typed', async () => {
    const taken = await admin.postAs('/admin/membership-plans/new', { ...studio, name: 'starter', price: '12.00' });
    assert.equal(taken.status, 400);
    const page = await html(taken);
    assert.equal(errorByField(page, 'name'), 'There is already a plan called starter');
    assert.match(formControl(page, 'price') ?? '', /value="12.00"/);

    const bad = await html(
      await admin.postAs('/admin/membership-plans/new', { ...studio, name: 'Odd', price: 'ten', creditsPerPeriod: '2.5', trialDays: '91' }),
    );
    assert.equal(errorByField(bad, 'price'), 'Enter the monthly price, like 9.00');
    assert.equal(errorByField(bad, 'creditsPerPeriod'), 'Credits per month: a whole number from 0 to 1,000');
    assert.equal(errorByField(bad, 'trialDays'), 'Trial days: a whole number from 0 to 90');
    assert.match(formControl(bad, 'name') ?? '', /value="Odd"/);
    const { rows } = await db.query<{ n: number }>(
      "select count(*)::int as n from membership_plans where lower(name) in ('starter', 'odd')",
    );
    assert.equal(rows[0]!.n, 1, 'nothing saved');

    const studioRow = await synced('Studio', 2);
    const renamed = await admin.postAs(`/admin/membership-plans/${studioRow.id}`, { intent: 'plan', ...studio, name: 'PRO' });
    assert.equal(renamed.status, 400);
    assert.equal(errorByField(await html(renamed), 'name'), 'There is already a plan called PRO');
  });

  test('an unknown plan is a 404', async () => {
    assert.equal((await admin.get('/admin/membership-plans/999999')).status, 404);
    assert.equal((await admin.get('/admin/membership-plans/abc')).status, 404);
  });
});
