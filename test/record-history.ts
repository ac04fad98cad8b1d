// For the replay test (workflows/checkout.replay.test.ts): with RECORD_HISTORY_DIR set (e.g. workflows/histories), a
// workflow's history once it has completed, in the JSON form the Temporal CLI and UI download and the SDK replays.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { findTool } from '../scripts/tools.mjs';
import { waitFor } from './http.ts';

export async function recordHistory(temporalAddress: string, workflowId: string, file: string): Promise<void> {
  const dir = process.env.RECORD_HISTORY_DIR;
  if (!dir) return;
  const temporal = findTool('temporal')!;
  const cli = (command: string) =>
    execFileSync(temporal, ['workflow', command, '--address', temporalAddress, '--workflow-id', workflowId, '--output', 'json']);
  await waitFor(`${workflowId} completed`, async () => cli('describe').toString().includes('WORKFLOW_EXECUTION_STATUS_COMPLETED'));
  fs.writeFileSync(path.join(dir, file), cli('show'));
}
