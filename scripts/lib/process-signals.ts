// Process-level signal handling shared by every live ProcessGroup. Ctrl-C (SIGINT), SIGTERM and SIGHUP
// stop the children of the groups that handle signals (applications first, infrastructure last) and
// exit; on any exit of this process the children still running are stopped too.
//
// Children are spawned in their own process group (detached) so that signals reach every process of a
// child (`tsx` runs the script in a grandchild) and so that Ctrl-C in the terminal reaches only this
// process, which then stops the children in order.

import os from 'node:os';
import { logInfo } from './output.ts';
import type { ProcessGroup } from './process-group.ts';

// All live groups share one set of process-level handlers.
const liveGroups = new Set<ProcessGroup>();
let signalHandlersInstalled = false;
let exitHandlerInstalled = false;
let shutdownStartedAt = 0;

function signalNumber(signal: NodeJS.Signals): number {
  return os.constants.signals[signal] ?? 1;
}

async function onProcessSignal(signal: NodeJS.Signals): Promise<void> {
  const handling = [...liveGroups].filter((g) => g.handlesSignals);
  if (handling.length === 0) return;
  if (shutdownStartedAt) {
    // npm, tsx and the terminal may each deliver the same Ctrl-C; a later one forces the issue.
    if (Date.now() - shutdownStartedAt > 1500) {
      logInfo(`${signal} again: killing all children now`);
      for (const group of handling) group.killAllNow();
      process.exit(128 + signalNumber(signal));
    }
    return;
  }
  shutdownStartedAt = Date.now();
  const running = handling.some((g) => g.names().some((n) => g.isRunning(n)));
  if (running) logInfo(`${signal} received: stopping… (press Ctrl-C again to kill)`);
  await Promise.allSettled(handling.map((g) => g.stopAll()));
  const code = handling.find((g) => g.signalExitCode !== undefined)?.signalExitCode ?? 128 + signalNumber(signal);
  process.exit(code);
}

const signalListener = (signal: NodeJS.Signals) => void onProcessSignal(signal);

// Synchronous last-chance cleanup: the process is exiting (normally, through process.exit, or after an
// uncaught exception) — ask every child still running to stop, wait up to 3 s, then kill.
function onProcessExit(): void {
  const pending: Array<{ pid: number; stopSignal: NodeJS.Signals }> = [];
  for (const group of liveGroups) pending.push(...group.runningChildren());
  if (pending.length === 0) return;
  for (const { pid, stopSignal } of pending) signalGroup(pid, stopSignal);
  const wait = new Int32Array(new SharedArrayBuffer(4));
  const deadline = Date.now() + 3000;
  let alive = pending.filter(({ pid }) => signalGroup(pid, 0));
  while (alive.length > 0 && Date.now() < deadline) {
    Atomics.wait(wait, 0, 0, 50);
    alive = alive.filter(({ pid }) => signalGroup(pid, 0));
  }
  for (const { pid } of alive) signalGroup(pid, 'SIGKILL');
}

// Signal listeners only while some live group handles signals (a listener disables Node's default
// exit on Ctrl-C); the exit listener while any group is live.
function syncHandlers(): void {
  const wantSignals = [...liveGroups].some((g) => g.handlesSignals);
  if (wantSignals !== signalHandlersInstalled) {
    signalHandlersInstalled = wantSignals;
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
      if (wantSignals) process.on(signal, signalListener);
      else process.off(signal, signalListener);
    }
  }
  const wantExit = liveGroups.size > 0;
  if (wantExit !== exitHandlerInstalled) {
    exitHandlerInstalled = wantExit;
    if (wantExit) process.on('exit', onProcessExit);
    else process.off('exit', onProcessExit);
  }
}

/** Adds a group to the live ones, whose children the signal and exit handlers stop. */
export function registerGroup(group: ProcessGroup): void {
  liveGroups.add(group);
  syncHandlers();
}

/** Removes a group whose children are gone; the handlers go with the last group that needs them. */
export function unregisterGroup(group: ProcessGroup): void {
  liveGroups.delete(group);
  syncHandlers();
}

/** Sends `signal` to the process group led by `pid` (the child and its descendants); false if gone. */
export function signalGroup(pid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    // Windows has no process groups; elsewhere children are spawned detached, i.e. as group leaders.
    process.kill(process.platform === 'win32' ? pid : -pid, signal);
    return true;
  } catch {
    return false;
  }
}
