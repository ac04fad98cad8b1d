// What the workflow bundle holds. The worker evaluates every module of the bundle again for each workflow it starts
// or replays (module state stays per workflow), so a library in it costs CPU on every order: zod alone was about a
// third of the workflow thread. Workflows import plain rules instead (docs/decisions/065-no-zod-in-workflows.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { workflowBundle } from '../test/temporal-env';

/** The packages a workflow may pull in: the SDK and what it needs itself. */
const ALLOWED = new Set(['@temporalio/common', '@temporalio/workflow', 'nexus-rpc', 'ms', 'long']);

test('the workflow bundle holds no library but the Temporal SDK', async () => {
  const { code } = await workflowBundle();
  const packages = new Set([...code.matchAll(/^\/\*\*\*\/ "\.\/node_modules\/((?:@[^/]+\/)?[^/]+)\//gm)].map((m) => m[1]!));
  assert.ok(packages.has('@temporalio/workflow'), 'the bundle is read as webpack writes it');
  assert.deepEqual(
    [...packages].filter((p) => !ALLOWED.has(p)),
    [],
    'a workflow imports a library: move what it needs into a plain module',
  );
});
