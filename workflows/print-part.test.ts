// The print provider's part of a fulfillment on a real Temporal dev server with mocked activities: a webhook hint that
// arrives while the submission is still being retried (a worker lost mid-submit) is not lost.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createTestEnv, workflowBundle } from '../test/temporal-env.ts';
import { recordHistory } from '../test/record-history.ts';
import type { PrintFileActivities, PrintOrderState, PrintProviderActivities } from '#worker/activities/print-provider-types.ts';
import type { CheckoutActivities } from '#worker/activities/types.ts';
import type { fulfillment } from './fulfillment.ts';
import { TASK_QUEUES, fulfillmentWorkflowId } from './messages.ts';
import { printOrderHintSignal } from './print-messages.ts';

let env: TestWorkflowEnvironment;
before(async () => {
  env = await createTestEnv();
});
after(async () => {
  await env?.teardown();
});

type Activities = Pick<PrintProviderActivities, 'planFulfilment' | 'submitPrintOrder' | 'refreshPrintOrder' | 'cancelPrintOrder'> &
  Pick<CheckoutActivities, 'recordDelivery' | 'recordFulfillmentEvent' | 'sendOrderEmail'>;

const state = (status: PrintOrderState['status'], hasTracking = false): PrintOrderState => ({
  rowId: 7,
  attempt: 1,
  reference: 'ATL-2026-PRNT0001-print-1',
  providerOrderId: 'po_1',
  status,
  failureReason: null,
  hasTracking,
});

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('print part of a fulfillment', () => {
  test('a webhook hint sent while the submission is retried wakes the follow at once (the poll is 10 minutes away)', async () => {
    const calls: string[] = [];
    const submitting = deferred();
    const release = deferred();
    const refreshed = deferred();
    const activities: Activities = {
      async planFulfilment() {
        calls.push('planFulfilment');
        return { providerItems: [{ itemId: 1, label: 'Poster A3' }], byHand: false, pollSeconds: 600 };
      },
      async submitPrintOrder() {
        calls.push('submitPrintOrder');
        submitting.resolve();
        await release.promise;
        // What the provider said when the order was sent; the webhook since says more.
        return state('submitted');
      },
      async refreshPrintOrder() {
        calls.push('refreshPrintOrder');
        refreshed.resolve();
        return state('delivered', true);
      },
      async cancelPrintOrder() {
        throw new Error('not cancelled in this test');
      },
      async sendOrderEmail(input) {
        calls.push(`sendOrderEmail:${input.template}`);
        return { emailId: 1, status: 'stored' };
      },
      async recordDelivery(input) {
        calls.push(`recordDelivery:${input.how}`);
      },
      async recordFulfillmentEvent(input) {
        calls.push(`recordFulfillmentEvent:${input.type}`);
      },
    };
    const files: PrintFileActivities = {
      async preparePrintFile(input) {
        calls.push('preparePrintFile');
        return { key: `prints/${input.orderNumber}/${input.itemId}.pdf`, size: 1 };
      },
    };
    const taskQueue = 'print-part-1';
    const workflowBundleCode = await workflowBundle();
    const commerce = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: workflowBundleCode, activities });
    const rendering = await Worker.create({ connection: env.nativeConnection, taskQueue: TASK_QUEUES.rendering, activities: files });
    const orderNumber = 'ATL-2026-PRNT0001';

    const outcome = await commerce.runUntil(
      rendering.runUntil(async () => {
        const handle = await env.client.workflow.start<typeof fulfillment>('fulfillment', {
          workflowId: fulfillmentWorkflowId(orderNumber),
          taskQueue,
          args: [{ orderNumber }],
        });
        await submitting.promise;
        // The provider's "in production" webhook reaches the shop before the submission's answer does.
        await handle.signal(printOrderHintSignal, { eventId: 'evt_in_production' });
        release.resolve();
        // Bounded well under the 600 s poll: only the hint can bring the refresh this soon.
        const timeout = new Promise<'no refresh'>((resolve) => setTimeout(() => resolve('no refresh'), 60_000).unref());
        assert.equal(await Promise.race([refreshed.promise.then(() => 'refreshed'), timeout]), 'refreshed');
        const result = await handle.result();
        await recordHistory(env.address, handle.workflowId, 'fulfillment-print-hint-during-submit.json');
        return result;
      }),
    );
    assert.deepEqual(outcome, { outcome: 'delivered' });
    assert.deepEqual(calls, [
      'planFulfilment',
      'preparePrintFile',
      'submitPrintOrder',
      'refreshPrintOrder',
      'sendOrderEmail:order-shipped',
      'recordDelivery:provider',
      'recordFulfillmentEvent:review_due',
    ]);
  });
});
