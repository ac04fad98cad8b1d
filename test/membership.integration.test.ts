// Memberships through the whole shop, with the local stand-in for Stripe Billing on a time scale (a month lasts 4 s):
// twelve paid periods grant twelve times, once each, through a worker crash, repeated and out-of-order deliveries;
// a pause skips two periods; a cancellation at the period's end stops the invoices and the plan's unused credits
// expire; a failed renewal sends the dunning email and a card update pays it (granted once), and a renewal never paid
// ends the membership after the grace period.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import type pg from 'pg';
import { membershipWorkflowId } from '#core/memberships.ts';
import { temporalDataConverter } from '#server/temporal/payload-codec.server.ts';
import { membershipQuery } from '#workflows/membership-messages.ts';
import { ProcessGroup } from '../scripts/lib/process-group.ts';
import { startStack, type Stack } from '../scripts/lib/stack.ts';
import { findTool } from '../scripts/tools.mjs';
import { database, waitFor } from './http.ts';
import {
  changeMembership,
  creditsAvailable,
  emailsTo,
  grants,
  join,
  membershipRow,
  paidInvoices,
  standIn,
  standInEvents,
  waitForGrants,
  waitForStatus,
} from './membership-helpers.ts';
import { sendWebhook, signedEvent } from './stripe-events.ts';

const PERIOD_SECONDS = 4;
let stack: Stack;
let db: pg.Pool;
let temporal: Client;

before(async () => {
  // A 30-day period lasts 4 s; the grace period (25 days) 3.3 s; a failed payment is tried again every 3 days (0.4 s).
  stack = await startStack({
    name: 'membership',
    group: new ProcessGroup(),
    env: {
      MEMBERSHIP_TIME_SCALE: String(PERIOD_SECONDS / (30 * 86_400)),
      MEMBERSHIP_GRACE_DAYS: '25',
      LOCAL_SUBSCRIPTIONS_TICK_MS: '100',
    },
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

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Every event of the subscription delivered, and the member's workflow finished with them. */
async function quiet(subscriptionId: string, customerId: number) {
  await waitFor(
    'every event delivered',
    async () => {
      const { rows } = await db.query<{ n: number }>(
        `select count(*)::int as n from local_stripe_events where subscription_id = $1 and delivered_at is null`,
        [subscriptionId],
      );
      return rows[0]!.n === 0;
    },
    120_000,
  );
  await waitFor(
    'the membership workflow finished',
    async () => (await temporal.workflow.getHandle(membershipWorkflowId(customerId)).describe()).status.name === 'COMPLETED',
    120_000,
  );
}
const secret = () => stack.env.STRIPE_WEBHOOK_SECRET!;

/** With RECORD_HISTORY_DIR: a run of the membership that continued as new, for the replay test. */
function recordContinuedRun(workflowId: string, file: string) {
  const dir = process.env.RECORD_HISTORY_DIR;
  if (!dir) return;
  const temporalCli = findTool('temporal')!;
  const list = execFileSync(temporalCli, [
    'workflow',
    'list',
    '--address',
    stack.temporal.address,
    '--query',
    `WorkflowId="${workflowId}" AND ExecutionStatus="ContinuedAsNew"`,
    '--output',
    'json',
  ]).toString();
  const runs = JSON.parse(list) as Array<{ execution: { runId: string } }>;
  assert.ok(runs.length > 0, 'a run continued as new');
  const history = execFileSync(temporalCli, [
    'workflow',
    'show',
    '--address',
    stack.temporal.address,
    '--workflow-id',
    workflowId,
    '--run-id',
    runs.at(-1)!.execution.runId,
    '--output',
    'json',
  ]);
  fs.writeFileSync(path.join(dir, file), history);
}

describe('memberships', { concurrency: true }, () => {
  test('twelve periods grant twelve times, once each: a worker crash, repeated and out-of-order invoice.paid change nothing', async () => {
    const m = await join(stack, db, 'Starter');
    await waitForGrants(db, m.customerId, 4);
    // The worker dies mid-period and stays away for more than a renewal: the events wait in Temporal.
    await stack.killWorker();
    await sleep(PERIOD_SECONDS * 1000 + 1500);
    stack.startWorker();
    await waitForGrants(db, m.customerId, 12, 180_000);
    await changeMembership(temporal, m.customerId, { action: 'cancel', when: 'now', by: 'customer', reason: null });
    await waitForStatus(db, m.customerId, 'ended');
    // The events of periods the stand-in renewed before the cancellation may still be on their way: all handled first.
    await quiet(m.subscriptionId, m.customerId);

    const paid = await paidInvoices(db, m.subscriptionId);
    const granted = await grants(db, m.customerId);
    assert.ok(paid.length >= 12, `${paid.length} paid periods`);
    assert.deepEqual(
      granted.map((g) => g.key).sort(),
      paid.map((i) => `credits:membership:${i.invoice_id}`).sort(),
      'one grant per paid invoice, none missed, none twice',
    );
    assert.ok(granted.every((g) => g.amount === 5));
    assert.equal(await creditsAvailable(db, m.customerId), 5 * paid.length, 'Starter keeps its credits after the end');

    // Every invoice.paid again with its own id (recorded once: duplicate), then as new events, newest first.
    const events = await standInEvents(db, m.subscriptionId, 'invoice.paid');
    for (const e of events) await standIn(stack, m.subscriptionId, 'resend', { eventId: e.event_id });
    for (const e of [...events].reverse()) {
      const res = await sendWebhook(stack.baseUrl, signedEvent('invoice.paid', e.payload.data.object, { secret: secret() }));
      assert.equal(res.status, 200);
    }
    await quiet(m.subscriptionId, m.customerId);
    assert.equal((await grants(db, m.customerId)).length, paid.length, 'no grant twice');
    assert.equal(await creditsAvailable(db, m.customerId), 5 * paid.length);
    assert.equal((await emailsTo(db, m.email, 'membership-receipt')).length, paid.length, 'one receipt per period');
    recordContinuedRun(membershipWorkflowId(m.customerId), 'membership-continued.json');
  });

  test('a pause skips two periods, then credits resume; cancelled at the period end, the unused monthly credits expire', async () => {
    const m = await join(stack, db, 'Pro');
    // The trial's invoice (0) grants, then the first paid period.
    await waitForGrants(db, m.customerId, 2);
    const view = await changeMembership(temporal, m.customerId, { action: 'pause', periods: 2 });
    assert.equal(view.status, 'paused');
    const before = (await grants(db, m.customerId)).length;
    await sleep(PERIOD_SECONDS * 2 * 1000 - 500);
    assert.equal((await grants(db, m.customerId)).length, before, 'no credits while paused');
    await waitForGrants(db, m.customerId, before + 1, 30_000);
    assert.equal((await membershipRow(db, m.customerId)).status, 'active');

    const ending = await changeMembership(temporal, m.customerId, { action: 'cancel', when: 'period_end', by: 'customer', reason: null });
    assert.equal(ending.cancelAtPeriodEnd, true);
    assert.equal(ending.status, 'active', 'still a member until the period ends');
    const invoicesAtCancel = (await paidInvoices(db, m.subscriptionId)).length;
    const ended = await waitForStatus(db, m.customerId, 'ended', 90_000);
    assert.equal(ended.end_reason, 'cancelled');
    assert.equal((await paidInvoices(db, m.subscriptionId)).length, invoicesAtCancel, 'no invoice after the cancellation');
    const granted = (await grants(db, m.customerId)).reduce((s, g) => s + g.amount, 0);
    assert.equal(ended.credits_expired, granted, 'Pro: the unused monthly credits expire');
    assert.equal(await creditsAvailable(db, m.customerId), 0);
    await waitFor('the "membership ended" email', async () => (await emailsTo(db, m.email, 'membership-ended')).length === 1);
  });

  test('a failed renewal: the dunning email, the card updated, the period granted once; never paid, the membership ends', async () => {
    const m = await join(stack, db, 'Starter');
    await waitForGrants(db, m.customerId, 1);
    // Moves to Pro: the stand-in bills Pro's price from now and the next period grants Pro's credits.
    const { rows: pro } = await db.query<{ id: number; stripe_price_id: string }>(
      "select id, stripe_price_id from membership_plans where name = 'Pro'",
    );
    const changed = await changeMembership(temporal, m.customerId, { action: 'change_plan', planId: pro[0]!.id });
    assert.equal(changed.planId, pro[0]!.id);
    const { rows: sub } = await db.query<{ price_id: string }>('select price_id from local_subscriptions where subscription_id = $1', [
      m.subscriptionId,
    ]);
    assert.equal(sub[0]!.price_id, pro[0]!.stripe_price_id);
    const afterChange = await waitForGrants(db, m.customerId, 2);
    assert.deepEqual(
      afterChange.map((g) => g.amount),
      [5, 12],
    );
    // A running membership holds the account's deletion back (it would go on being charged).
    const deletion = await m.visitor.postAs('/account/privacy', { confirm: 'on' });
    assert.equal(deletion.status, 409);
    assert.match(await deletion.text(), /membership is still running/);
    await standIn(stack, m.subscriptionId, 'decline');
    await waitForStatus(db, m.customerId, 'past_due', 60_000);
    const [failed] = await waitFor('the dunning email', async () => {
      const rows = await emailsTo(db, m.email, 'membership-payment-failed');
      return rows.length ? rows : null;
    });
    assert.match(failed!.text, /\/account\/membership/);
    const query = await temporal.workflow.getHandle(membershipWorkflowId(m.customerId)).query(membershipQuery);
    assert.equal(query.status, 'past_due');
    assert.ok(query.graceEndsAt, 'the grace period has an end');
    const grantedBefore = (await grants(db, m.customerId)).length;
    await standIn(stack, m.subscriptionId, 'update-card');
    await waitForStatus(db, m.customerId, 'active', 60_000);
    await waitForGrants(db, m.customerId, grantedBefore + 1, 30_000);

    // Declines again and is never paid: the grace period ends the membership and the subscription.
    await standIn(stack, m.subscriptionId, 'decline');
    await waitForStatus(db, m.customerId, 'past_due', 60_000);
    const ended = await waitForStatus(db, m.customerId, 'ended', 90_000);
    assert.equal(ended.end_reason, 'unpaid');
    const { rows } = await db.query<{ status: string }>('select status from local_subscriptions where subscription_id = $1', [
      m.subscriptionId,
    ]);
    assert.equal(rows[0]!.status, 'canceled');
    const paid = await paidInvoices(db, m.subscriptionId);
    assert.equal((await grants(db, m.customerId)).length, paid.length, 'granted once per paid invoice');
    await waitFor('the "membership ended" email', async () => (await emailsTo(db, m.email, 'membership-ended')).length === 1);
  });
});
