// A Temporal dev server for workflow tests, from the CLI that `npm run setup` installed (no downloads).
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { CustomerEmailKey, OrderNumberKey, OrderStatusKey } from '#workflows/messages.ts';
import { workflowsPath } from '#worker/index.ts';
import { findTool } from '../scripts/tools.mjs';

export async function createTestEnv(): Promise<TestWorkflowEnvironment> {
  const temporal = findTool('temporal');
  if (!temporal) throw new Error('the temporal CLI is missing: run `npm run setup`');
  return TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: temporal },
      searchAttributes: [OrderNumberKey, CustomerEmailKey, OrderStatusKey],
      ui: false,
    },
  });
}

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;
/** The workflow bundle, built once per test process. */
export function workflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  bundle ??= bundleWorkflowCode({
    workflowsPath,
    logger: { info() {}, warn() {}, error: console.error, debug() {}, trace() {}, log() {} },
  });
  return bundle;
}
