// The render workflow on a real Temporal dev server with mocked activities: every item made, one
// files-ready email, retries that succeed, failures that tell the admins, re-renders, and never more
// renders at once than the worker allows.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createTestEnv, workflowBundle } from '../test/temporal-env.ts';
import type { RenderActivities } from '#worker/activities/types.ts';
import { renderStatusQuery, renderWorkflowId } from './render-messages.ts';
import type { render, RenderInput } from './render.ts';

let env: TestWorkflowEnvironment;
before(async () => {
  env = await createTestEnv();
});
after(async () => {
  await env?.teardown();
});

type Calls = Array<[string, unknown]>;

interface MockOptions {
  items?: number[];
  /** renderItem fails like this for the given item (attempt number → error), else succeeds. */
  fail?: (itemId: number, attempt: number) => Error | null;
  /** How long each render takes (ms). */
  renderMs?: number;
  onRender?: (running: number) => void;
}

function mocks(calls: Calls, opts: MockOptions = {}): RenderActivities {
  const attempts = new Map<number, number>();
  let running = 0;
  return {
    async prepareDownloads(input) {
      calls.push(['prepareDownloads', input]);
      const ids = input.itemIds ?? opts.items ?? [1, 2];
      return {
        orderNumber: input.orderNumber,
        email: 'jane@example.com',
        items: ids.map((itemId) => ({ itemId, label: `Poster ${itemId}` })),
        alreadyReady: 0,
        closed: false,
      };
    },
    async renderItem(input) {
      const attempt = (attempts.get(input.itemId) ?? 0) + 1;
      attempts.set(input.itemId, attempt);
      calls.push(['renderItem', { ...input, attempt }]);
      running++;
      opts.onRender?.(running);
      try {
        await new Promise((r) => setTimeout(r, opts.renderMs ?? 10));
        const error = opts.fail?.(input.itemId, attempt);
        if (error) throw error;
        return {
          itemId: input.itemId,
          files: [
            { kind: 'png' as const, size: 10, checksum: 'a' },
            { kind: 'pdf' as const, size: 5, checksum: 'b' },
          ],
        };
      } finally {
        running--;
      }
    },
    async markRenderFailed(input) {
      calls.push(['markRenderFailed', input]);
    },
    async notifyAdminsOfRenderFailure(input) {
      calls.push(['notifyAdminsOfRenderFailure', input]);
      return { emailIds: [7] };
    },
    async sendFilesReadyEmail(input) {
      calls.push(['sendFilesReadyEmail', input]);
      return { emailId: 9, status: 'stored' };
    },
    async settleItemCredits(input) {
      calls.push(['settleItemCredits', input]);
      return { credits: 1 };
    },
  };
}

let seq = 0;
async function run<T>(
  activities: RenderActivities,
  fn: (taskQueue: string, orderNumber: string) => Promise<T>,
  concurrency = 2,
): Promise<T> {
  const taskQueue = `render-${++seq}`;
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: await workflowBundle(),
    activities,
    maxConcurrentActivityTaskExecutions: concurrency,
  });
  return worker.runUntil(fn(taskQueue, `ATL-2026-RENDER${String(seq).padStart(2, '0')}`));
}

const start = (taskQueue: string, orderNumber: string, extra: Partial<RenderInput> = {}) =>
  env.client.workflow.start<typeof render>('render', {
    workflowId: renderWorkflowId(orderNumber),
    taskQueue,
    args: [{ orderNumber, retryIntervalSeconds: 1, ...extra }],
  });

const names = (calls: Calls) => calls.map(([n]) => n);

describe('render workflow', () => {
  test('renders every digital item, then sends one files-ready email; the status query tells the state', async () => {
    const calls: Calls = [];
    await run(mocks(calls, { items: [11, 12, 13] }), async (q, orderNumber) => {
      const handle = await start(q, orderNumber);
      const result = await handle.result();
      assert.deepEqual(result, { orderNumber, rendered: [11, 12, 13], failed: [], filesReadyEmailSent: true });
      const status = await handle.query(renderStatusQuery);
      assert.equal(status.state, 'done');
      assert.deepEqual(
        status.items.map((i) => i.state),
        ['ready', 'ready', 'ready'],
      );
    });
    assert.equal(names(calls).filter((n) => n === 'renderItem').length, 3);
    assert.deepEqual(
      names(calls).filter((n) => n === 'sendFilesReadyEmail'),
      ['sendFilesReadyEmail'],
    );
    assert.ok(!names(calls).includes('markRenderFailed'));
  });

  test('a render that fails then succeeds on retry makes the file once and tells nobody of a failure', async () => {
    const calls: Calls = [];
    const fail = (itemId: number, attempt: number) => (itemId === 2 && attempt < 3 ? new Error('renderer ran out of memory') : null);
    await run(mocks(calls, { fail }), async (q, orderNumber) => {
      const result = await (await start(q, orderNumber)).result();
      assert.deepEqual(result.failed, []);
      assert.deepEqual([...result.rendered].sort(), [1, 2]);
    });
    const item2 = calls.filter(([n, i]) => n === 'renderItem' && (i as { itemId: number }).itemId === 2);
    assert.equal(item2.length, 3, 'two failures, then the success');
    assert.ok(!names(calls).includes('notifyAdminsOfRenderFailure'));
    assert.ok(names(calls).includes('sendFilesReadyEmail'));
  });

  test('an invalid design fails at once (no retries): marked failed, admins told, no files-ready email', async () => {
    const calls: Calls = [];
    const fail = (itemId: number) =>
      itemId === 1 ? ApplicationFailure.nonRetryable('invalid personalisation: date', 'InvalidDesign') : null;
    await run(mocks(calls, { fail }), async (q, orderNumber) => {
      const handle = await start(q, orderNumber);
      const result = await handle.result();
      assert.deepEqual(result.rendered, [2]);
      assert.deepEqual(result.failed, [{ itemId: 1, error: 'invalid personalisation: date' }]);
      assert.equal(result.filesReadyEmailSent, false);
      assert.equal((await handle.query(renderStatusQuery)).state, 'failed');
    });
    assert.equal(calls.filter(([n, i]) => n === 'renderItem' && (i as { itemId: number }).itemId === 1).length, 1, 'not retried');
    assert.deepEqual(
      calls.filter(([n]) => n === 'markRenderFailed').map(([, i]) => i),
      [
        {
          orderNumber: calls[0] && (calls[0][1] as { orderNumber: string }).orderNumber,
          itemId: 1,
          error: 'invalid personalisation: date',
        },
      ],
    );
    assert.equal(names(calls).filter((n) => n === 'notifyAdminsOfRenderFailure').length, 1);
    assert.ok(!names(calls).includes('sendFilesReadyEmail'));
  });

  test('a re-render makes only the items asked for', async () => {
    const calls: Calls = [];
    await run(mocks(calls), async (q, orderNumber) => {
      const result = await (await start(q, orderNumber, { itemIds: [2], requestedBy: 'admin@example.com' })).result();
      assert.deepEqual(result.rendered, [2]);
    });
    assert.deepEqual(calls[0]![1], { orderNumber: (calls[0]![1] as { orderNumber: string }).orderNumber, itemIds: [2] });
    assert.deepEqual(
      calls.filter(([n]) => n === 'renderItem').map(([, i]) => (i as { itemId: number }).itemId),
      [2],
    );
  });

  test('never more renders at once than the worker allows', async () => {
    const calls: Calls = [];
    let peak = 0;
    await run(
      mocks(calls, { items: [1, 2, 3, 4, 5], renderMs: 150, onRender: (n) => (peak = Math.max(peak, n)) }),
      async (q, orderNumber) => {
        await (await start(q, orderNumber)).result();
      },
      2,
    );
    assert.equal(peak, 2, `at most 2 at once (saw ${peak})`);
  });
});
