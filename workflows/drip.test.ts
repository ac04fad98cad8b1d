// The drip workflow on a real Temporal dev server with recording activities and second-scale waits:
// steps in order, conditions, a goal met midway, unsubscribe midway, joining a running campaign,
// restarts on a new order, waiting for delivery, and continue-as-new keeping its place.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createTestEnv } from '../test/temporal-env.ts';
import { dripWorkflowId, type CampaignContext, type CampaignId } from '#core/campaigns.ts';
import {
  campaignEventSignal,
  dripStatusQuery,
  enrolSignal,
  goalMetSignal,
  unsubscribeSignal,
  type DripInput,
} from './campaign-messages.ts';
import type { drip } from './drip.ts';
import { CustomerEmailKey } from './messages.ts';
import { mock, runWithCampaignWorker, steps, TIME_SCALE, until, type Mock } from './testing/campaign-activities.ts';

let env: TestWorkflowEnvironment;
before(async () => {
  env = await createTestEnv();
});
after(async () => {
  await env?.teardown();
});

const run = <T>(m: Mock, fn: (taskQueue: string, customerId: number) => Promise<T>): Promise<T> => runWithCampaignWorker(env, m, 1000, fn);

/** Enrols like the web app does: signal-with-start, so a second enrolment joins the running workflow. */
function enrol(taskQueue: string, campaign: CampaignId, customerId: number, context: CampaignContext = {}, extra: Partial<DripInput> = {}) {
  return env.client.workflow.signalWithStart<typeof drip, [CampaignContext]>('drip', {
    workflowId: dripWorkflowId(campaign, customerId),
    taskQueue,
    args: [{ campaign, customerId, email: `c${customerId}@example.com`, context, timeScale: TIME_SCALE, ...extra }],
    signal: enrolSignal,
    signalArgs: [context],
  });
}

describe('drip workflow', () => {
  test('the welcome series sends its three emails in order, then completes', async () => {
    const m = mock();
    await run(m, async (q, customerId) => {
      const handle = await enrol(q, 'welcome', customerId);
      assert.deepEqual(await handle.result(), { campaign: 'welcome', ended: 'completed', emailsSent: 3 });
      const status = await handle.query(dripStatusQuery);
      assert.equal(status.state, 'ended');
      assert.equal(status.ended, 'completed');
    });
    assert.deepEqual(steps(m), ['welcome', 'guide', 'code']);
    assert.deepEqual(
      m.runs.map((r) => r.status),
      ['completed'],
    );
  });

  test('a step with `unless` is skipped when its condition holds (the 10% code when they have ordered)', async () => {
    const m = mock();
    m.conditions['has-ordered'] = true;
    await run(m, async (q, customerId) => {
      const result = await (await enrol(q, 'welcome', customerId)).result();
      assert.equal(result.ended, 'completed');
      assert.equal(result.emailsSent, 2);
    });
    assert.deepEqual(steps(m), ['welcome', 'guide']);
  });

  test('a goal met midway ends it before the next email (the cart was bought)', async () => {
    const m = mock();
    m.onSend = (s) => {
      // After the first reminder, the cart is bought.
      if (s.stepId === 'reminder') m.conditions['cart-recovered'] = true;
    };
    await run(m, async (q, customerId) => {
      const result = await (await enrol(q, 'abandoned-cart', customerId, { cartId: 7 })).result();
      assert.equal(result.ended, 'goal_met');
    });
    assert.deepEqual(steps(m), ['reminder']);
    assert.deepEqual(
      m.runs.map((r) => r.status),
      ['goal_met'],
    );
  });

  test('the goal-met signal ends a waiting campaign at once', async () => {
    const m = mock();
    await run(m, async (q, customerId) => {
      // Long waits: only the signal can end it within the test.
      const handle = await enrol(q, 'abandoned-cart', customerId, { cartId: 8 }, { timeScale: 1 });
      await until('the first reminder', () => m.sent.length === 1);
      await handle.signal(goalMetSignal, { reason: 'paid order' });
      assert.equal((await handle.result()).ended, 'goal_met');
    });
    assert.deepEqual(steps(m), ['reminder']);
  });

  test('unsubscribe midway ends it and no further email is sent', async () => {
    const m = mock();
    await run(m, async (q, customerId) => {
      const handle = await enrol(q, 'welcome', customerId, {}, { timeScale: 1 });
      await until('the welcome email', () => m.sent.length === 1);
      let waiting = await handle.query(dripStatusQuery);
      for (let i = 0; waiting.state !== 'waiting' && i < 100; i++) {
        await new Promise((r) => setTimeout(r, 50));
        waiting = await handle.query(dripStatusQuery);
      }
      assert.equal(waiting.state, 'waiting');
      assert.equal(waiting.stepId, 'wait-guide');
      assert.ok(waiting.until && Date.parse(waiting.until) > Date.now() + 86400_000, 'waiting about 2 days');
      await handle.signal(unsubscribeSignal, { reason: 'one-click unsubscribe' });
      assert.deepEqual(await handle.result(), { campaign: 'welcome', ended: 'unsubscribed', emailsSent: 1 });
    });
    assert.deepEqual(steps(m), ['welcome']);
    assert.deepEqual(
      m.runs.map((r) => r.status),
      ['unsubscribed'],
    );
  });

  test('an opt-out found by the send (preferences changed elsewhere) ends it as unsubscribed', async () => {
    const m = mock();
    m.sendStatus = 'opted_out';
    await run(m, async (q, customerId) => {
      assert.equal((await (await enrol(q, 'welcome', customerId)).result()).ended, 'unsubscribed');
    });
    assert.deepEqual(steps(m), []);
  });

  test('a suppressed address (bounce, complaint) ends it as suppressed', async () => {
    const m = mock();
    m.sendStatus = 'suppressed';
    await run(m, async (q, customerId) => {
      assert.equal((await (await enrol(q, 'welcome', customerId)).result()).ended, 'suppressed');
    });
  });

  test('enrolling twice keeps one workflow and sends each email once', async () => {
    const m = mock();
    await run(m, async (q, customerId) => {
      const first = await enrol(q, 'welcome', customerId, {}, { timeScale: 1 });
      await until('the welcome email', () => m.sent.length === 1);
      const second = await enrol(q, 'welcome', customerId, {}, { timeScale: 1 });
      assert.equal(second.signaledRunId, first.signaledRunId, 'the second enrolment joined the running workflow');
      const listed = [];
      for await (const w of env.client.workflow.list({ query: `WorkflowId = '${dripWorkflowId('welcome', customerId)}'` })) listed.push(w);
      assert.ok(listed.length <= 1);
      await first.signal(unsubscribeSignal, { reason: 'test over' });
      await first.result();
    });
    assert.deepEqual(steps(m), ['welcome']);
    assert.equal(m.runs.length, 1);
  });

  test('post-purchase waits for delivery, and a new order starts it over for that order', async () => {
    const m = mock();
    // A day lasts 0.1 s here too, but delivery can take up to 21 "days" (2.1 s): the signal must come first.
    await run(m, async (q, customerId) => {
      const handle = await enrol(q, 'post-purchase', customerId, { orderNumber: 'ATL-2026-AAAA0001' });
      await until('waiting for delivery', () => m.runs.length === 1);
      // Another order's parcel is not this run's.
      await handle.signal(campaignEventSignal, { event: 'delivered', orderNumber: 'ATL-2026-ZZZZ9999' });
      // A second order restarts the campaign for it (the first run is recorded as stopped).
      await handle.signal(enrolSignal, { orderNumber: 'ATL-2026-AAAA0002' });
      await until('the restart', () => m.runs.length === 2);
      await handle.signal(campaignEventSignal, { event: 'delivered', orderNumber: 'ATL-2026-AAAA0002' });
      await until('the review request', () => m.sent.length === 1, 10_000);
      assert.equal(m.sent[0]!.stepId, 'review');
      assert.equal(m.sent[0]!.context.orderNumber, 'ATL-2026-AAAA0002');
      await handle.signal(unsubscribeSignal, { reason: 'test over' });
      await handle.result();
    });
    assert.deepEqual(
      m.runs.map((r) => r.status),
      ['stopped', 'unsubscribed'],
    );
  });

  test('an unsubscribe that arrives while a restart records the old run as stopped ends the campaign; it is not dropped', async () => {
    const m = mock();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let stopping = false;
    const recordRun = m.activities.updateCampaignRun;
    m.activities.updateCampaignRun = async (input) => {
      if (input.ended === 'stopped') {
        stopping = true;
        // Held past the workflow task's heartbeat (80 % of its 10 s timeout), which is when a signal reaches a workflow
        // whose local activity is still running.
        await held;
      }
      return recordRun(input);
    };
    await run(m, async (q, customerId) => {
      const handle = await enrol(q, 'post-purchase', customerId, { orderNumber: 'ATL-2026-HOLD0001' });
      await until('waiting for delivery', () => m.runs.length === 1);
      await handle.signal(enrolSignal, { orderNumber: 'ATL-2026-HOLD0002' });
      await until('the old run being recorded as stopped', () => stopping);
      await handle.signal(unsubscribeSignal, { reason: 'unsubscribed during the restart' });
      // The query is answered once the workflow has seen the signal (at the heartbeat), the write still held.
      const seen = await handle.query(dripStatusQuery);
      release();
      assert.equal(seen.ended, 'unsubscribed', 'the workflow kept the unsubscribe');
      assert.equal((await handle.result()).ended, 'unsubscribed');
    });
    assert.deepEqual(m.sent, [], 'nothing sent after the unsubscribe');
    assert.deepEqual(
      m.runs.map((r) => r.status),
      ['unsubscribed'],
      'no new run was started for the second order',
    );
  });

  test('a digital-only order is delivered at enrolment: no waiting for a parcel', async () => {
    const m = mock();
    await run(m, async (q, customerId) => {
      const handle = await enrol(q, 'post-purchase', customerId, { orderNumber: 'ATL-2026-DIGI0001', events: ['delivered'] });
      // 3 days = 0.3 s to the review; 60 days = 6 s to the win-back.
      await until('the review request', () => m.sent.length === 1, 5_000);
      await handle.signal(unsubscribeSignal, { reason: 'test over' });
      await handle.result();
    });
    assert.deepEqual(steps(m), ['review']);
  });

  test('continue-as-new keeps its place: the same emails, once each, across runs', async () => {
    const m = mock();
    await run(m, async (q, customerId) => {
      const handle = await enrol(q, 'welcome', customerId, {}, { stepsPerRun: 2 });
      const result = await handle.result();
      assert.deepEqual(result, { campaign: 'welcome', ended: 'completed', emailsSent: 3 });
      const runs = [];
      for await (const w of env.client.workflow.list({ query: `WorkflowId = '${dripWorkflowId('welcome', customerId)}'` }))
        runs.push(w.status.name);
      assert.ok(runs.filter((s) => s === 'CONTINUED_AS_NEW').length >= 2, `continued as new at least twice: ${runs.join(', ')}`);
    });
    assert.deepEqual(steps(m), ['welcome', 'guide', 'code']);
    // One run key for the whole chain: the admin sees one enrolment.
    assert.equal(new Set(m.sent.map((s) => s.runKey)).size, 1);
    assert.deepEqual(
      m.runs.map((r) => r.status),
      ['completed'],
    );
  });

  test('CustomerEmail is what the enrolment set (e.g. a keyed hash), never the email, and stays across continue-as-new', async () => {
    const m = mock();
    const hash = 'h:0123456789abcdef0123456789abcdef';
    await run(m, async (taskQueue, customerId) => {
      const context: CampaignContext = {};
      const handle = await env.client.workflow.signalWithStart<typeof drip, [CampaignContext]>('drip', {
        workflowId: dripWorkflowId('welcome', customerId),
        taskQueue,
        args: [{ campaign: 'welcome', customerId, email: `c${customerId}@example.com`, context, timeScale: TIME_SCALE, stepsPerRun: 2 }],
        signal: enrolSignal,
        signalArgs: [context],
        typedSearchAttributes: [{ key: CustomerEmailKey, value: hash }],
      });
      assert.equal((await handle.result()).ended, 'completed');
      // The last run of the chain, after continuing as new twice.
      const last = await env.client.workflow.getHandle(handle.workflowId).describe();
      assert.notEqual(last.runId, handle.signaledRunId);
      assert.equal(last.typedSearchAttributes.get(CustomerEmailKey), hash);
    });
    assert.deepEqual(steps(m), ['welcome', 'guide', 'code']);
  });
});
