// The fulfillment workflow on a real Temporal dev server with mocked activities.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createTestEnv, workflowBundle } from '../test/temporal-env.ts';
import type { PrintProviderActivities } from '#worker/activities/print-provider-types.ts';
import type { CheckoutActivities } from '#worker/activities/types.ts';
import type { fulfillment } from './fulfillment.ts';
import {
  cancelFulfillmentSignal,
  fulfillmentStatusQuery,
  fulfillmentWorkflowId,
  markDeliveredSignal,
  markShippedUpdate,
  type ShipmentInput,
} from './messages.ts';

let env: TestWorkflowEnvironment;
before(async () => {
  env = await createTestEnv();
});
after(async () => {
  await env?.teardown();
});

type FulfillmentActivities = Pick<
  CheckoutActivities,
  'notifyShopOfOrder' | 'recordShipment' | 'recordDelivery' | 'recordFulfillmentEvent' | 'sendOrderEmail'
>;
type Calls = Array<[string, unknown]>;

function mocks(calls: Calls): FulfillmentActivities & Pick<PrintProviderActivities, 'planFulfilment'> {
  return {
    async planFulfilment(input) {
      calls.push(['planFulfilment', input]);
      return { providerItems: [], byHand: true, pollSeconds: 60 };
    },
    async notifyShopOfOrder(input) {
      calls.push(['notifyShopOfOrder', input]);
      return { emailId: 1, status: 'stored' };
    },
    async recordShipment(input) {
      calls.push(['recordShipment', input]);
      return { shippedAt: '2026-11-22T10:00:00.000Z' };
    },
    async recordDelivery(input) {
      calls.push(['recordDelivery', input]);
    },
    async recordFulfillmentEvent(input) {
      calls.push(['recordFulfillmentEvent', input]);
    },
    async sendOrderEmail(input) {
      calls.push(['sendOrderEmail', input]);
      return { emailId: 2, status: 'stored' };
    },
  };
}

let seq = 0;
async function run<T>(calls: Calls, fn: (orderNumber: string, taskQueue: string) => Promise<T>): Promise<T> {
  const taskQueue = `fulfil-${++seq}`;
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: await workflowBundle(),
    activities: mocks(calls),
  });
  return worker.runUntil(fn(`ATL-2026-FULF${String(seq).padStart(4, '0')}`, taskQueue));
}

const start = (orderNumber: string, taskQueue: string, deliveryDays?: number) =>
  env.client.workflow.start<typeof fulfillment>('fulfillment', {
    workflowId: fulfillmentWorkflowId(orderNumber),
    taskQueue,
    args: [{ orderNumber, deliveryDays }],
  });

const good: ShipmentInput = {
  carrier: 'An Post',
  trackingNumber: 'RR123456789IE',
  trackingUrl: 'https://track.example/RR123456789IE',
  by: 'admin@example.com',
};

async function rejection(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof WorkflowUpdateFailedError);
    return (err.cause as Error | undefined)?.message ?? '';
  }
  assert.fail('the update was accepted');
}

describe('fulfillment workflow', () => {
  test('the shop is told; bad shipment input is refused; shipped; the customer is emailed; delivered', async () => {
    const calls: Calls = [];
    await run(calls, async (orderNumber, taskQueue) => {
      const handle = await start(orderNumber, taskQueue);
      assert.match(await rejection(handle.executeUpdate(markShippedUpdate, { args: [{ ...good, carrier: ' ' }] })), /Enter the carrier/);
      assert.match(
        await rejection(handle.executeUpdate(markShippedUpdate, { args: [{ ...good, trackingUrl: 'javascript:alert(1)' }] })),
        /https/,
      );
      const answer = await handle.executeUpdate(markShippedUpdate, { args: [good] });
      assert.equal(answer.shippedAt, '2026-11-22T10:00:00.000Z');
      assert.match(await rejection(handle.executeUpdate(markShippedUpdate, { args: [good] })), /already marked shipped/);
      await handle.signal(markDeliveredSignal, { by: 'admin@example.com' });
      assert.deepEqual(await handle.result(), { outcome: 'delivered' });
    });
    assert.deepEqual(
      calls.map(([n]) => n),
      ['planFulfilment', 'notifyShopOfOrder', 'recordShipment', 'sendOrderEmail', 'recordDelivery', 'recordFulfillmentEvent'],
    );
    assert.deepEqual(calls[3]![1], { orderNumber: 'ATL-2026-FULF0001', template: 'order-shipped' });
    assert.deepEqual(calls[4]![1], { orderNumber: 'ATL-2026-FULF0001', how: 'admin' });
  });

  test('a cancellation before shipping (full refund) ends it and records why', async () => {
    const calls: Calls = [];
    await run(calls, async (orderNumber, taskQueue) => {
      const handle = await start(orderNumber, taskQueue);
      await handle.signal(cancelFulfillmentSignal, { reason: 'fully refunded' });
      assert.deepEqual(await handle.result(), { outcome: 'cancelled' });
      assert.equal((await handle.query(fulfillmentStatusQuery)).cancelReason, 'fully refunded');
    });
    assert.ok(!calls.some(([n]) => n === 'recordShipment'));
    assert.ok(calls.some(([n, input]) => n === 'recordFulfillmentEvent' && (input as { type: string }).type === 'fulfillment_cancelled'));
  });

  test('delivery is assumed when nobody marks it within the configured days', async () => {
    const calls: Calls = [];
    await run(calls, async (orderNumber, taskQueue) => {
      // 0.00002 days ≈ 1.7 s.
      const handle = await start(orderNumber, taskQueue, 0.00002);
      await handle.executeUpdate(markShippedUpdate, { args: [good] });
      assert.deepEqual(await handle.result(), { outcome: 'delivered' });
    });
    assert.ok(calls.some(([n, input]) => n === 'recordDelivery' && (input as { how: string }).how === 'assumed'));
  });
});
