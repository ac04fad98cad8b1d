// Starts one shop for the whole run (database `atelier_e2e`, its own Temporal dev server with the UI,
// web server and workers on free ports, local payment and email modes) and stops it afterwards.
// The app must be built (`npx remix build`); the test orchestrator builds before running Playwright.
import fs from 'node:fs';
import path from 'node:path';
import type { FullConfig } from '@playwright/test';
import { ProcessGroup } from '../scripts/lib/process-group.ts';
import { ROOT } from '../scripts/tools.mjs';
import { startStack } from '../scripts/lib/stack.ts';

export default async function globalSetup(_config: FullConfig): Promise<() => Promise<void>> {
  if (!fs.existsSync(path.join(ROOT, 'build', 'index.js'))) {
    throw new Error('The app is not built: run `npx remix build` before the browser tests');
  }
  // Ctrl-C stops every child; a failed start stops whatever had started.
  const group = new ProcessGroup();
  let stack;
  try {
    stack = await startStack({ name: 'e2e', group, payments: 'local', verbose: false });
  } catch (error) {
    await group.stopAll();
    throw error;
  }
  process.env.E2E_BASE_URL = stack.baseUrl;
  process.env.E2E_TEMPORAL_UI_URL = stack.temporal.uiUrl;
  process.env.E2E_DATABASE_URL = stack.databaseUrl;
  process.stdout.write(`e2e: shop ${stack.baseUrl} · Temporal UI ${stack.temporal.uiUrl} · logs ${stack.logDir}\n`);
  const running = stack;
  return async () => {
    await running.stop();
  };
}
