// A membership plan's sync to Stripe against stripe-mock and PostgreSQL, without the rest of the shop: the product made
// once, a monthly price per amount (the former one archived after the product's default moved), name and `active` kept
// in step, ids recorded, syncedVersion only forward, errors recorded (a refusal is permanent); the stand-in's ids in
// local payment mode; and the seeded plans.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MikroORM } from '@mikro-orm/postgresql';
import { MembershipPlan } from '#db/entities/membership.ts';
import type { ServerDeps } from '#server/deps.server.ts';
import { PermanentError } from '#server/errors.server.ts';
import { seedPlans } from '#server/memberships/seed-plans.server.ts';
import { syncMembershipPlan } from '#server/memberships/sync-plan.server.ts';
import { ProcessGroup } from '../scripts/lib/process-group.ts';
import { getFreePort } from '../scripts/lib/net.ts';
import { ledgerDatabase, type LedgerDatabase } from './ledger-database.ts';
import { startRecordedStripeMock, stripeAt, type StripeRecorder } from './stripe-recorder.ts';

let database: LedgerDatabase;
let orm: MikroORM;
let group: ProcessGroup;
let recorder: StripeRecorder;
let stripeDeps: Pick<ServerDeps, 'orm' | 'stripe'>;
let localDeps: Pick<ServerDeps, 'orm' | 'stripe'>;

before(async () => {
  database = await ledgerDatabase('membership_plans', {});
  orm = database.orm;
  group = new ProcessGroup();
  const started = await startRecordedStripeMock(group, 'stripe-mock-plans');
  recorder = started.recorder;
  stripeDeps = { orm, stripe: started.stripe };
  localDeps = { orm, stripe: null };
});
after(async () => {
  await recorder?.close();
  await group?.stopAll();
  await database?.close();
});

let made = 0;
async function plan(fields: Partial<MembershipPlan> = {}): Promise<MembershipPlan> {
  const em = orm.em.fork();
  const p = new MembershipPlan({ name: `Plan ${process.pid}-${++made}`, price: 900, currency: 'eur', creditsPerPeriod: 5 });
  Object.assign(p, fields);
  await em.persist(p).flush();
  return p;
}
const reload = (id: number) => orm.em.fork().findOneOrFail(MembershipPlan, { id });
async function change(id: number, fields: Partial<MembershipPlan>) {
  const em = orm.em.fork();
  const p = await em.findOneOrFail(MembershipPlan, { id });
  Object.assign(p, fields, { version: p.version + 1 });
  await em.flush();
}

/** The Stripe calls `run` made: method, path, Idempotency-Key, status; and their parameters. */
async function callsOf(run: () => Promise<unknown>) {
  const from = recorder.calls.length;
  await run();
  const calls = recorder.calls.slice(from);
  return {
    lines: calls.map((c) => [c.method, c.path, c.idempotencyKey, c.status]),
    params: calls.map((c) => Object.fromEntries(c.params)),
  };
}

describe('a plan on Stripe (stripe-mock)', () => {
  test('the first sync makes the product and the monthly price, sets the default price and records the ids', async () => {
    const p = await plan({ description: 'Five prints a month' });
    let result!: Awaited<ReturnType<typeof syncMembershipPlan>>;
    const { lines, params } = await callsOf(async () => (result = await syncMembershipPlan(stripeDeps, { planId: p.id })));
    const row = await reload(p.id);
    assert.match(row.stripeProductId ?? '', /^prod_/);
    assert.match(row.stripePriceId ?? '', /^price_/);
    assert.deepEqual(lines, [
      ['POST', '/v1/products', `membership-product:${p.id}`, 200],
      ['POST', '/v1/prices', `membership-price:${p.id}:900`, 200],
      ['POST', `/v1/products/${row.stripeProductId}`, `membership-product:${p.id}:v1:${row.stripePriceId}`, 200],
    ]);
    assert.deepEqual(params[0], { name: p.name, description: 'Five prints a month', active: 'true', 'metadata[planId]': String(p.id) });
    assert.deepEqual(params[1], {
      product: row.stripeProductId,
      unit_amount: '900',
      currency: 'eur',
      'recurring[interval]': 'month',
      'metadata[planId]': String(p.id),
    });
    assert.deepEqual(params[2], { name: p.name, description: 'Five prints a month', active: 'true', default_price: row.stripePriceId });
    assert.deepEqual([row.stripePriceAmount, row.syncedVersion, row.syncError], [900, 1, null]);
    assert.deepEqual(result, {
      planId: p.id,
      name: p.name,
      version: 1,
      stripeProductId: row.stripeProductId,
      stripePriceId: row.stripePriceId,
      stripePriceAmount: 900,
      activeOnStripe: true,
    });

    // Synced again unchanged: no product or price made, the product kept as it is.
    const again = await callsOf(() => syncMembershipPlan(stripeDeps, { planId: p.id }));
    assert.deepEqual(
      again.lines.map((l) => l.slice(0, 2)),
      [['POST', `/v1/products/${row.stripeProductId}`]],
    );
  });

  test('a new amount: a new price made the default, then the former one archived; members stay on theirs', async () => {
    const p = await plan();
    await syncMembershipPlan(stripeDeps, { planId: p.id });
    const first = await reload(p.id);
    await change(p.id, { price: 1200 });
    const { lines, params } = await callsOf(() => syncMembershipPlan(stripeDeps, { planId: p.id }));
    const row = await reload(p.id);
    assert.notEqual(row.stripePriceId, first.stripePriceId);
    assert.deepEqual(lines, [
      ['POST', '/v1/prices', `membership-price:${p.id}:1200`, 200],
      ['POST', `/v1/products/${first.stripeProductId}`, `membership-product:${p.id}:v2:${row.stripePriceId}`, 200],
      ['POST', `/v1/prices/${first.stripePriceId}`, `membership-price-archive:${first.stripePriceId}`, 200],
    ]);
    assert.equal(params[0]!.unit_amount, '1200');
    assert.equal(params[1]!.default_price, row.stripePriceId);
    assert.deepEqual(params[2], { active: 'false' });
    assert.deepEqual([row.stripeProductId, row.stripePriceAmount, row.syncedVersion], [first.stripeProductId, 1200, 2]);
  });

  test('renamed and retired: the product follows, inactive; no price is made', async () => {
    const p = await plan({ description: 'Old words' });
    await syncMembershipPlan(stripeDeps, { planId: p.id });
    await change(p.id, { name: `${p.name} (retired)`, description: null, status: 'retired' });
    let result!: Awaited<ReturnType<typeof syncMembershipPlan>>;
    const { lines, params } = await callsOf(async () => (result = await syncMembershipPlan(stripeDeps, { planId: p.id })));
    assert.equal(lines.length, 1);
    assert.deepEqual(params[0], {
      name: `${p.name} (retired)`,
      description: '',
      active: 'false',
      default_price: (await reload(p.id)).stripePriceId,
    });
    assert.equal(result.activeOnStripe, false);
  });

  test('syncedVersion only moves forward: a late run of an older version claims nothing', async () => {
    const p = await plan({ version: 3, syncedVersion: 5 });
    await syncMembershipPlan(stripeDeps, { planId: p.id });
    assert.equal((await reload(p.id)).syncedVersion, 5);
  });

  test('Stripe out of reach: the error is recorded and thrown for a retry; the next success clears it', async () => {
    const p = await plan();
    const away = { orm, stripe: stripeAt(await getFreePort()) };
    await assert.rejects(syncMembershipPlan(away, { planId: p.id }), (err) => !(err instanceof PermanentError));
    const failed = await reload(p.id);
    assert.ok(failed.syncError, 'the error is recorded');
    assert.deepEqual([failed.syncedVersion, failed.stripeProductId], [0, null]);
    await syncMembershipPlan(stripeDeps, { planId: p.id });
    const row = await reload(p.id);
    assert.deepEqual([row.syncError, row.syncedVersion], [null, 1]);
  });

  test('a request Stripe refuses is a permanent failure, recorded on the plan', async () => {
    // A "Stripe" that refuses every request as Stripe does (400, invalid_request_error); stripe-mock accepts too much.
    const refusing = http.createServer((_req, res) =>
      res
        .writeHead(400, { 'Content-Type': 'application/json' })
        .end(JSON.stringify({ error: { type: 'invalid_request_error', message: 'Invalid currency: x1' } })),
    );
    await new Promise<void>((resolve) => refusing.listen(0, '127.0.0.1', resolve));
    try {
      const p = await plan();
      const deps = { orm, stripe: stripeAt((refusing.address() as AddressInfo).port) };
      await assert.rejects(
        syncMembershipPlan(deps, { planId: p.id }),
        (err) => err instanceof PermanentError && err.type === 'StripeRejected' && /Invalid currency/.test(err.message),
      );
      const row = await reload(p.id);
      assert.deepEqual([row.syncError, row.syncedVersion], ['Invalid currency: x1', 0]);
    } finally {
      refusing.closeAllConnections();
      await new Promise((resolve) => refusing.close(resolve));
    }
  });

  test('no such plan is a permanent failure', async () => {
    await assert.rejects(
      syncMembershipPlan(stripeDeps, { planId: 2_000_000_000 }),
      (err) => err instanceof PermanentError && err.type === 'NoSuchPlan',
    );
  });
});

describe('a plan in local payment mode', () => {
  test('the stand-in’s ids: the product once, a price id per amount', async () => {
    const p = await plan();
    const result = await syncMembershipPlan(localDeps, { planId: p.id });
    assert.deepEqual(
      [result.stripeProductId, result.stripePriceId, result.stripePriceAmount],
      [`prod_local_plan_${p.id}`, `price_local_plan_${p.id}_900`, 900],
    );
    await change(p.id, { price: 1500 });
    await syncMembershipPlan(localDeps, { planId: p.id });
    const row = await reload(p.id);
    assert.deepEqual(
      [row.stripeProductId, row.stripePriceId, row.stripePriceAmount, row.syncedVersion, row.syncError],
      [`prod_local_plan_${p.id}`, `price_local_plan_${p.id}_1500`, 1500, 2, null],
    );
  });

  test('the seed: Starter and Pro, joinable without a sync, into an empty list only', async () => {
    await orm.em.fork().getConnection().execute('delete from membership_plans');
    assert.equal(await seedPlans(orm.em.fork()), 2);
    const plans = await orm.em.fork().find(MembershipPlan, {}, { orderBy: { price: 'asc' } });
    assert.deepEqual(
      plans.map((p) => [p.name, p.price, p.creditsPerPeriod, p.trialDays, p.unusedCredits, p.status, p.stripePriceId, p.syncedVersion]),
      [
        ['Starter', 900, 5, 0, 'keep', 'active', `price_local_plan_${plans[0]!.id}_900`, 1],
        ['Pro', 1900, 12, 7, 'expire', 'active', `price_local_plan_${plans[1]!.id}_1900`, 1],
      ],
    );
    assert.equal(await seedPlans(orm.em.fork()), 0, 'seeded again: nothing new');
    assert.equal(await orm.em.fork().count(MembershipPlan, {}), 2);
  });
});
