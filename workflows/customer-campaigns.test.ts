// The customer-campaigns workflow on a real Temporal dev server with recording activities and second-scale waits:
// a first order's two campaigns in one workflow with one timer at a time, the delivered event, unsubscribe ending all,
// a goal ending only its own campaign, a new order restarting post-purchase, once-only campaigns not run twice, and
// continue-as-new keeping every campaign's place.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import proto from '@temporalio/proto';
import { createTestEnv } from '../test/temporal-env.ts';
import { recordHistory } from '../test/record-history.ts';
import { customerCampaignsWorkflowId, type CampaignContext, type CampaignId } from '#core/campaigns.ts';
import {
  campaignEventSignal,
  customerCampaignsQuery,
  enrolCampaignsSignal,
  goalMetSignal,
  unsubscribeSignal,
  type CustomerCampaignsInput,
} from './campaign-messages.ts';
import type { customerCampaigns } from './customer-campaigns.ts';
import { mock, runWithCampaignWorker, TIME_SCALE, until, type Mock } from './testing/campaign-activities.ts';

const T = proto.temporal.api.enums.v1.EventType;

let env: TestWorkflowEnvironment;
before(async () => {
  env = await createTestEnv();
});
after(async () => {
  await env?.teardown();
});

const run = <T>(m: Mock, fn: (taskQueue: string, customerId: number) => Promise<T>): Promise<T> => runWithCampaignWorker(env, m, 2000, fn);

/** Enrols like the shop does: one signal-with-start for all the campaigns of the moment. */
function enrol(
  taskQueue: string,
  customerId: number,
  enrolments: Array<{ campaign: CampaignId; context?: CampaignContext }>,
  extra: Partial<CustomerCampaignsInput> = {},
) {
  return env.client.workflow.signalWithStart<typeof customerCampaigns, [Array<{ campaign: CampaignId; context: CampaignContext }>]>(
    'customerCampaigns',
    {
      workflowId: customerCampaignsWorkflowId(customerId),
      taskQueue,
      args: [{ customerId, email: `c${customerId}@example.com`, timeScale: TIME_SCALE, ...extra }],
      signal: enrolCampaignsSignal,
      signalArgs: [enrolments.map((e) => ({ campaign: e.campaign, context: e.context ?? {} }))],
      workflowIdReusePolicy: 'ALLOW_DUPLICATE',
    },
  );
}

/** The steps whose emails were sent, in the order they went. */
const sentSteps = (m: Mock) => m.sent.map((s) => s.stepId);

async function events(workflowId: string) {
  return (await env.client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
}

describe('customer campaigns workflow', () => {
  test('a first order: welcome and post-purchase in one workflow, one batch and one timer to begin, one timer at a time', async () => {
    const m = mock();
    await run(m, async (q, customerId) => {
      const handle = await enrol(q, customerId, [
        { campaign: 'welcome' },
        { campaign: 'post-purchase', context: { orderNumber: 'ATL-2026-CAMP0001' } },
      ]);
      await until('the welcome email', () => m.sent.length === 1);
      // Post-purchase waits for the parcel (21 days, 2.1 s here); welcome for its guide (2 days, 0.2 s).
      await handle.signal(campaignEventSignal, { event: 'delivered', orderNumber: 'ATL-2026-CAMP0001', campaign: 'post-purchase' });
      const result = await handle.result();
      assert.deepEqual(result.ended.map((e) => `${e.campaign} ${e.ended} ${e.emailsSent}`).sort(), [
        'post-purchase completed 2',
        'welcome completed 3',
      ]);
      await recordHistory(env.address, handle.workflowId, 'customer-campaigns-first-order.json');
      const history = await events(handle.workflowId);
      // The start and both campaigns' first steps: one workflow task's local activities, then one timer.
      const firstTimer = history.findIndex((e) => e.eventType === T.EVENT_TYPE_TIMER_STARTED);
      const before = history.slice(0, firstTimer);
      assert.equal(before.filter((e) => e.eventType === T.EVENT_TYPE_WORKFLOW_TASK_COMPLETED).length, 1, 'one workflow task');
      assert.equal(
        before.filter((e) => e.eventType === T.EVENT_TYPE_MARKER_RECORDED).length >= 4,
        true,
        'the first steps as local activities',
      );
      let pending = 0;
      for (const e of history) {
        if (e.eventType === T.EVENT_TYPE_TIMER_STARTED) pending += 1;
        if (e.eventType === T.EVENT_TYPE_TIMER_FIRED || e.eventType === T.EVENT_TYPE_TIMER_CANCELED) pending -= 1;
        assert.ok(pending <= 1, 'never two timers at once');
      }
    });
    assert.deepEqual([...sentSteps(m)].sort(), ['code', 'guide', 'review', 'welcome', 'win-back']);
    assert.deepEqual(
      m.runs.map((r) => r.status),
      ['completed', 'completed'],
    );
  });

  test('unsubscribe ends every campaign of the customer; no further email', async () => {
    const m = mock();
    await run(m, async (q, customerId) => {
      const handle = await enrol(q, customerId, [{ campaign: 'welcome' }, { campaign: 'abandoned-cart', context: { cartId: 5 } }], {
        timeScale: 1,
      });
      await until('the first emails', () => m.sent.length === 2);
      await handle.signal(unsubscribeSignal, { reason: 'one-click unsubscribe' });
      const result = await handle.result();
      assert.deepEqual(result.ended.map((e) => e.ended).sort(), ['unsubscribed', 'unsubscribed']);
    });
    assert.deepEqual(new Set(sentSteps(m)), new Set(['welcome', 'reminder']));
    assert.deepEqual(
      m.runs.map((r) => r.status),
      ['unsubscribed', 'unsubscribed'],
    );
  });

  test('a goal met ends only the campaign it names', async () => {
    const m = mock();
    await run(m, async (q, customerId) => {
      const handle = await enrol(q, customerId, [{ campaign: 'welcome' }, { campaign: 'abandoned-cart', context: { cartId: 6 } }], {
        timeScale: 1,
      });
      await until('the first emails', () => m.sent.length === 2);
      await handle.signal(goalMetSignal, { reason: 'paid order', campaign: 'abandoned-cart' });
      await until('the cart reminders ended', () => m.runs.some((r) => r.status === 'goal_met'));
      const status = await handle.query(customerCampaignsQuery);
      const byCampaign = Object.fromEntries(status.campaigns.map((c) => [c.campaign, c]));
      assert.equal(byCampaign['abandoned-cart']!.ended, 'goal_met');
      assert.equal(byCampaign.welcome!.state, 'waiting');
      assert.equal(byCampaign.welcome!.stepId, 'wait-guide');
      await handle.terminate('test over');
    });
  });

  test('a new order restarts post-purchase (the old run stopped); a second welcome is not started', async () => {
    const m = mock();
    await run(m, async (q, customerId) => {
      await enrol(q, customerId, [{ campaign: 'welcome' }, { campaign: 'post-purchase', context: { orderNumber: 'ATL-2026-CAMP0002' } }], {
        timeScale: 1,
      });
      await until('both recorded', () => m.runs.length === 2 && m.sent.length === 1);
      const handle = await enrol(q, customerId, [
        { campaign: 'welcome' },
        { campaign: 'post-purchase', context: { orderNumber: 'ATL-2026-CAMP0003', events: ['delivered'] } },
      ]);
      await until('the restarted run', () => m.runs.length === 3);
      await until('the old run stopped', () => m.runs.some((r) => r.status === 'stopped'));
      // An event about the older order is not the new run's.
      await handle.signal(campaignEventSignal, { event: 'delivered', orderNumber: 'ATL-2026-CAMP0002', campaign: 'post-purchase' });
      // The new run was delivered at enrolment: it waits the 3 days before the review.
      const live = async () =>
        (await handle.query(customerCampaignsQuery)).campaigns
          .filter((c) => c.ended === null && c.state === 'waiting')
          .map((c) => `${c.campaign} ${c.stepId}`)
          .sort()
          .join(', ');
      const expected = 'post-purchase wait-review, welcome wait-guide';
      for (let i = 0; (await live()) !== expected && i < 100; i++) await new Promise((r) => setTimeout(r, 50));
      assert.equal(await live(), expected);
      await handle.terminate('test over');
    });
    assert.deepEqual(sentSteps(m), ['welcome'], 'one welcome email: the second enrolment joined the running series');
  });

  test('continue-as-new keeps every campaign’s place', async () => {
    const m = mock();
    await run(m, async (q, customerId) => {
      const handle = await enrol(
        q,
        customerId,
        [{ campaign: 'welcome' }, { campaign: 'post-purchase', context: { orderNumber: 'ATL-2026-CAMP0004', events: ['delivered'] } }],
        { wakesPerRun: 1 },
      );
      await handle.result();
      const first = await env.client.workflow.getHandle(handle.workflowId, handle.signaledRunId).fetchHistory();
      assert.equal(first.events?.at(-1)?.eventType, T.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW, 'the first run continued as new');
    });
    assert.deepEqual(new Set(sentSteps(m)), new Set(['welcome', 'guide', 'code', 'review', 'win-back']));
    assert.deepEqual(
      m.runs.map((r) => r.status),
      ['completed', 'completed'],
    );
  });
});
