// The refund workflow on a real Temporal dev server with mocked activities.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Duration } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createTestEnv, workflowBundle } from '../test/temporal-env.ts';
import type { PointsActivities } from '#worker/activities/points-types.ts';
import type { CheckoutActivities, RefundState } from '#worker/activities/types.ts';
import { refundUpdateSignal, refundWorkflowId } from './messages.ts';
import type { refund } from './refund.ts';

let env: TestWorkflowEnvironment;
before(async () => {
  env = await createTestEnv();
});
after(async () => {
  await env?.teardown();
});

type Calls = Array<[string, unknown]>;
type RefundActivities = Pick<
  CheckoutActivities,
  'createStripeRefund' | 'fetchStripeRefund' | 'recordRefundResult' | 'sendOrderEmail' | 'revokeDownloads' | 'issueCreditNote'
> &
  Pick<PointsActivities, 'reversePointsForRefund'>;

function mocks(calls: Calls, created: RefundState, fetched: RefundState, full = false): RefundActivities {
  return {
    async createStripeRefund(input) {
      calls.push(['createStripeRefund', input]);
      return created;
    },
    async fetchStripeRefund(input) {
      calls.push(['fetchStripeRefund', input]);
      return fetched;
    },
    async recordRefundResult(input) {
      calls.push(['recordRefundResult', input]);
      return { orderNumber: 'ATL-2026-REFUND01', amountFormatted: '€10.00', full, status: input.status, hasEmail: true };
    },
    async sendOrderEmail(input) {
      calls.push(['sendOrderEmail', input]);
      return { emailId: 1, status: 'stored' };
    },
    async revokeDownloads(input) {
      calls.push(['revokeDownloads', input]);
      return { revoked: 2 };
    },
    async issueCreditNote(input) {
      calls.push(['issueCreditNote', input]);
      return { number: 'CN-2026-000001', pdfKey: 'invoices/2026/CN-2026-000001.pdf' };
    },
    async reversePointsForRefund(input) {
      calls.push(['reversePointsForRefund', input]);
      const schedule = { pendingDays: 14, lifetimeDays: 365, reminderDays: 30, timeScale: 1 };
      const expiresAt = new Date(Date.now() + 365 * 86_400_000).toISOString();
      return { reversed: 0, writtenOff: 0, returned: 0, returnedLotId: null, pendingLeft: 0, customerId: null, expiresAt, schedule };
    },
  };
}

let seq = 0;
async function run<T>(activities: RefundActivities, fn: (taskQueue: string, refundId: number) => Promise<T>): Promise<T> {
  const taskQueue = `refund-${++seq}`;
  const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: await workflowBundle(), activities });
  return worker.runUntil(fn(taskQueue, 1000 + seq));
}

const start = (taskQueue: string, refundId: number, checkAfter: Duration = '1 minute') =>
  env.client.workflow.start<typeof refund>('refund', {
    workflowId: refundWorkflowId(refundId),
    taskQueue,
    args: [{ refundId, orderNumber: 'ATL-2026-REFUND01', checkAfter }],
  });

const pending: RefundState = { status: 'pending', stripeRefundId: 're_1', failureReason: null };
const succeeded: RefundState = { status: 'succeeded', stripeRefundId: 're_1', failureReason: null };

describe('refund workflow', () => {
  test('a refund Stripe settles at once is recorded and the customer told', async () => {
    const calls: Calls = [];
    await run(mocks(calls, succeeded, succeeded), async (q, id) => {
      assert.deepEqual(await (await start(q, id)).result(), { status: 'succeeded' });
    });
    assert.deepEqual(
      calls.map(([n]) => n),
      ['createStripeRefund', 'recordRefundResult', 'issueCreditNote', 'reversePointsForRefund', 'sendOrderEmail'],
    );
    assert.deepEqual(calls[2]![1], { refundId: 1000 + seq });
  });

  test('a full refund revokes the downloads before the customer is told; a partial one does not', async () => {
    const calls: Calls = [];
    await run(mocks(calls, succeeded, succeeded, true), async (q, id) => {
      assert.deepEqual(await (await start(q, id)).result(), { status: 'succeeded' });
      assert.deepEqual(
        calls.map(([n]) => n),
        ['createStripeRefund', 'recordRefundResult', 'revokeDownloads', 'issueCreditNote', 'reversePointsForRefund', 'sendOrderEmail'],
      );
      assert.deepEqual(calls[2]![1], { orderNumber: 'ATL-2026-REFUND01', refundId: id });
    });
  });

  test('a pending refund waits for the webhook signal', async () => {
    const calls: Calls = [];
    await run(mocks(calls, pending, pending), async (q, id) => {
      const handle = await start(q, id);
      await new Promise((r) => setTimeout(r, 500));
      await handle.signal(refundUpdateSignal, { status: 'succeeded', failureReason: null });
      assert.deepEqual(await handle.result(), { status: 'succeeded' });
    });
    assert.ok(!calls.some(([n]) => n === 'fetchStripeRefund'), 'the webhook said it; Stripe was not asked');
  });

  test('without a webhook it asks Stripe after a while; a failed refund is recorded with the reason and nobody is emailed', async () => {
    const calls: Calls = [];
    const failed: RefundState = { status: 'failed', stripeRefundId: 're_1', failureReason: 'expired_or_canceled_card' };
    await run(mocks(calls, pending, failed), async (q, id) => {
      assert.deepEqual(await (await start(q, id, '1 second')).result(), { status: 'failed' });
    });
    const recorded = calls.find(([n]) => n === 'recordRefundResult')![1] as { status: string; failureReason: string };
    assert.equal(recorded.status, 'failed');
    assert.equal(recorded.failureReason, 'expired_or_canceled_card');
    assert.ok(!calls.some(([n]) => n === 'sendOrderEmail'));
  });
});
