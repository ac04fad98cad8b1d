// The cart-upkeep workflow on a Temporal dev server with recording activities: one set-based activity
// per batch, looping while batches come back full (at most MAX_ROUNDS), stopping when a whole batch
// failed; the per-cart activities of runs started before patch remind-quiet-carts-set are not called.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createTestEnv, workflowBundle } from '../test/temporal-env.ts';
import type { CampaignActivities, QuietCartsReminded } from '#worker/activities/campaign-types.ts';
import type { cartUpkeep } from './cart-upkeep.ts';

let env: TestWorkflowEnvironment;
before(async () => {
  env = await createTestEnv();
});
after(async () => {
  await env?.teardown();
});

// Non-retryable: the run fails at once instead of retrying for minutes.
const notCalled = (name: string) => async (): Promise<never> => {
  throw ApplicationFailure.nonRetryable(`${name} must not be called by a new cart-upkeep run`);
};
let seq = 0;

/** Runs one cartUpkeep whose remindQuietCarts answers the given batches in turn (then empty ones). */
async function upkeep(batches: QuietCartsReminded[]): Promise<{ result: Awaited<ReturnType<typeof cartUpkeep>>; limits: number[] }> {
  const limits: number[] = [];
  const activities: Pick<
    CampaignActivities,
    'remindQuietCarts' | 'findQuietCarts' | 'enrolInCampaign' | 'markCartReminded' | 'markIdleCartsAbandoned'
  > = {
    async remindQuietCarts({ limit }) {
      limits.push(limit);
      return batches[limits.length - 1] ?? { carts: 0, reminded: 0, skipped: 0, failed: 0 };
    },
    findQuietCarts: notCalled('findQuietCarts'),
    enrolInCampaign: notCalled('enrolInCampaign'),
    markCartReminded: notCalled('markCartReminded'),
    markIdleCartsAbandoned: notCalled('markIdleCartsAbandoned'),
  };
  const taskQueue = `cart-upkeep-test-${++seq}`;
  const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: await workflowBundle(), activities });
  const result = await worker.runUntil(
    env.client.workflow.execute<typeof cartUpkeep>('cartUpkeep', { taskQueue, workflowId: taskQueue, retry: { maximumAttempts: 1 } }),
  );
  return { result, limits };
}

const full = (limit: number, failed = 0): QuietCartsReminded => ({ carts: limit, reminded: limit - failed - 1, skipped: 1, failed });

describe('cartUpkeep', () => {
  test('a backlog: batches until one comes back short, one activity each', async () => {
    const { result, limits } = await upkeep([full(200), full(200, 3), { carts: 17, reminded: 15, skipped: 2, failed: 0 }]);
    assert.deepEqual(limits, [200, 200, 200]);
    assert.deepEqual(result, { reminded: 199 + 196 + 15, failed: 3 });
  });

  test('nothing quiet: one batch', async () => {
    const { result, limits } = await upkeep([]);
    assert.equal(limits.length, 1);
    assert.deepEqual(result, { reminded: 0, failed: 0 });
  });

  test('a backlog bigger than one run: at most 10 batches, the rest wait for the next run', async () => {
    const { limits } = await upkeep(Array.from({ length: 20 }, () => full(200)));
    assert.equal(limits.length, 10);
  });

  test('a batch where every enrolment failed ends the run (the next batch would find the same carts)', async () => {
    const { result, limits } = await upkeep([full(200), { carts: 200, reminded: 0, skipped: 0, failed: 200 }, full(200)]);
    assert.equal(limits.length, 2);
    assert.deepEqual(result, { reminded: 199, failed: 200 });
  });
});
