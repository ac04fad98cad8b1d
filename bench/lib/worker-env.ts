// The bench stack's worker (`worker-<name>`, serving both task queues) run again with other settings, and a wait for the
// shop to go quiet, so a measurement starts neither on a worker still starting nor on the tail of earlier work.
import path from 'node:path';
import type { Stack } from '../../scripts/lib/stack.ts';
import { ROOT } from '../../scripts/tools.mjs';
import { coresUsed, cpuSnapshot, type CpuSnapshot } from './cpu.ts';
import { sleep } from './stats.ts';

const workerName = (stack: Stack) => `worker-${stack.name}`;

/** CPU seconds so far of the stack's web, worker and Temporal process groups (and the machine's; bench/lib/cpu.ts). */
export function stackCpu(stack: Stack): CpuSnapshot {
  return cpuSnapshot({
    web: stack.group.pid(`web-${stack.name}`),
    worker: stack.group.pid(workerName(stack)),
    temporal: stack.group.pid(`temporal-${stack.name}`),
  });
}

/**
 * Stops the worker (SIGTERM: it finishes its tasks in flight) and starts it again with the stack's environment plus
 * `env`, as the stack started it (one process, both queues, the same log file); resolves once it logs "worker ready".
 */
export async function restartWorkerWith(stack: Stack, env: Record<string, string>, timeoutMs = 180_000): Promise<void> {
  const name = workerName(stack);
  await stack.group.stop(name);
  stack.group.add(name, path.join(ROOT, 'node_modules', '.bin', 'tsx'), ['worker/index.ts'], {
    cwd: ROOT,
    // As the stack does: the developer's own Stripe or Resend keys never reach the shop.
    env: { STRIPE_SECRET_KEY: undefined, RESEND_API_KEY: undefined, RESEND_BASE_URL: undefined, ...stack.env, ...env },
    silent: true,
    logFile: path.join(stack.logDir, 'worker.log'),
  });
  const until = Date.now() + timeoutMs;
  while (!/worker ready/.test(stack.group.output(name, 200))) {
    if (!stack.group.isRunning(name)) throw new Error(`the worker exited during start-up:\n${stack.group.output(name, 30)}`);
    if (Date.now() > until) throw new Error(`the worker was not ready after ${timeoutMs / 1000} s:\n${stack.group.output(name, 30)}`);
    await sleep(200);
  }
}

export interface Quiet {
  seconds: number;
  /** False: the shop never went quiet within the time allowed (or the CPU cannot be read here). */
  quiet: boolean;
  /** Cores each label used in the last second waited: the idle rate when quiet. */
  idle: Record<string, number>;
}

/** Waits until web and worker together use less than `maxCores` over a second (at most `timeoutMs`). */
export async function waitForQuiet(stack: Stack, maxCores = 0.15, timeoutMs = 60_000): Promise<Quiet> {
  const t0 = Date.now();
  let idle: Record<string, number> = {};
  while (Date.now() - t0 < timeoutMs) {
    const before = stackCpu(stack);
    await sleep(1000);
    const used = coresUsed(before, stackCpu(stack));
    if (!used) break;
    idle = used;
    if ((used.web ?? 0) + (used.worker ?? 0) < maxCores) return { seconds: (Date.now() - t0) / 1000, quiet: true, idle };
  }
  return { seconds: (Date.now() - t0) / 1000, quiet: false, idle };
}
