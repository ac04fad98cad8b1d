// ProcessGroup: named child processes with prefixed, coloured output; stop, kill and restart one; run a
// one-shot command to completion; restart a crashed child with back-off; stop them all in order
// (applications first, infrastructure last). Ctrl-C handling is in process-signals.ts, spawning and
// output capture of one child in process-child.ts.

import { type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { errorMessage, logInfo, paint, seconds } from './output.ts';
import { TAIL_LINES, spawnChild, type AutoRestartOptions, type ChildEntry, type ExitInfo, type ProcessOptions } from './process-child.ts';
import { registerGroup, signalGroup, unregisterGroup } from './process-signals.ts';

/** Colours for child names, in order of registration. */
const NAME_COLORS = ['36', '35', '33', '32', '34', '96', '95', '93', '92', '94', '91'];

interface GroupEvents {
  exit: ExitInfo;
  restart: { name: string; attempt: number; delayMs: number };
  'gave-up': { name: string; restarts: number; windowMs: number };
}

export interface ProcessGroupOptions {
  /** Stop all children on SIGINT/SIGTERM/SIGHUP and then exit the process (default true). */
  handleSignals?: boolean;
  /** Exit code after a signal-triggered stop; default 128 + signal number. */
  signalExitCode?: number;
  /** SIGTERM → SIGKILL grace period; default 5000 ms. */
  killTimeoutMs?: number;
}

/**
 * Named child processes with prefixed output. Ctrl-C (SIGINT), SIGTERM and SIGHUP stop every child
 * (applications first, then infrastructure) and exit; on any process exit the children still
 * running are stopped too, so nothing is left orphaned.
 */
export class ProcessGroup {
  readonly handlesSignals: boolean;
  readonly signalExitCode: number | undefined;
  readonly killTimeoutMs: number;
  private readonly entries = new Map<string, ChildEntry>();
  private readonly emitter = new EventEmitter();
  private readonly cleanups: Array<() => unknown> = [];
  private colorIndex = 0;
  private nameWidth = 8;
  private stopping = false;
  private stopAllPromise: Promise<void> | undefined;

  constructor(options: ProcessGroupOptions = {}) {
    this.handlesSignals = options.handleSignals ?? true;
    this.signalExitCode = options.signalExitCode;
    this.killTimeoutMs = options.killTimeoutMs ?? 5000;
    registerGroup(this);
  }

  /** Subscribes to 'exit', 'restart' or 'gave-up'; returns an unsubscribe function. */
  on<E extends keyof GroupEvents>(event: E, listener: (info: GroupEvents[E]) => void): () => void {
    this.emitter.on(event, listener);
    return () => this.emitter.off(event, listener);
  }

  /** Starts a long-running child. Throws if a child of that name is already running. */
  add(name: string, cmd: string, args: string[] = [], opts: ProcessOptions = {}): ChildProcess {
    return this.spawnEntry(name, cmd, args, opts, false);
  }

  /**
   * Runs a one-shot command to completion (migrations, builds). Resolves on exit code 0; rejects with
   * its last output otherwise, or after `timeoutMs`. Ctrl-C stops it like any other child.
   */
  async run(name: string, cmd: string, args: string[] = [], opts: ProcessOptions & { timeoutMs?: number } = {}): Promise<void> {
    this.spawnEntry(name, cmd, args, opts, true);
    const entry = this.mustGet(name);
    let timer: NodeJS.Timeout | undefined;
    const timeout = opts.timeoutMs
      ? new Promise<'timeout'>((resolve) => {
          timer = setTimeout(() => resolve('timeout'), opts.timeoutMs);
        })
      : undefined;
    const result = await (timeout ? Promise.race([entry.exited, timeout]) : entry.exited);
    clearTimeout(timer);
    if (result === 'timeout') {
      await this.stop(name);
      this.entries.delete(name);
      throw new Error(
        `${name} (${[cmd, ...args].join(' ')}) did not finish within ${seconds(opts.timeoutMs ?? 0)}\n${this.tailText(entry, 30)}`,
      );
    }
    this.entries.delete(name);
    if (result.code !== 0) {
      const how = result.signal ? `was killed by ${result.signal}` : `failed with exit code ${result.code}`;
      const tail = this.tailText(entry, 30);
      throw new Error(`${name} (${[cmd, ...args].join(' ')}) ${how}${tail ? `; last output:\n${tail}` : ''}`);
    }
  }

  /** Sends a signal to the child's whole process group; its exit then counts as expected (no auto-restart). */
  kill(name: string, signal: NodeJS.Signals = 'SIGTERM'): boolean {
    const entry = this.mustGet(name);
    entry.expectedExit = true;
    this.clearRestartTimer(entry);
    if (!entry.running || !entry.child?.pid) return false;
    return signalGroup(entry.child.pid, signal);
  }

  /** Stops one child: its stop signal, then SIGKILL after the grace period. Resolves once it is gone. */
  async stop(name: string, timeoutMs = this.killTimeoutMs): Promise<void> {
    const entry = this.entries.get(name);
    if (!entry) return;
    entry.expectedExit = true;
    this.clearRestartTimer(entry);
    if (!entry.running || !entry.child?.pid) return;
    const pid = entry.child.pid;
    entry.stopRequested = true;
    signalGroup(pid, entry.opts.stopSignal ?? 'SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([
      entry.exited.then(() => false),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(true), timeoutMs);
      }),
    ]);
    clearTimeout(timer);
    if (timedOut) {
      this.print(entry, paint('33', `did not stop within ${seconds(timeoutMs)}; sending SIGKILL`), true, true);
      signalGroup(pid, 'SIGKILL');
      await Promise.race([entry.exited, sleep(3000)]);
    }
    // Stragglers of the same process group (e.g. a grandchild that ignored the signal).
    signalGroup(pid, 'SIGKILL');
  }

  /** Stops the child (if running) and starts it again with the same command and options. */
  async restart(name: string): Promise<ChildProcess> {
    const entry = this.mustGet(name);
    await this.stop(name);
    entry.restartTimes = [];
    return this.spawnEntry(name, entry.cmd, entry.args, entry.opts, entry.oneShot, true);
  }

  /** Enables, changes or disables auto-restart for a child (also for ones added by helpers). */
  setAutoRestart(name: string, policy: boolean | AutoRestartOptions): void {
    this.mustGet(name).opts.autoRestart = policy;
  }

  /** Runs `fn` at the end of stopAll(), after the children are gone. */
  addCleanup(fn: () => unknown): void {
    this.cleanups.push(fn);
  }

  /** Stops every child: applications first, then infrastructure; runs the cleanups. Idempotent. */
  stopAll(): Promise<void> {
    this.stopAllPromise ??= (async () => {
      this.stopping = true;
      for (const entry of this.entries.values()) this.clearRestartTimer(entry);
      const apps = [...this.entries.values()].filter((e) => !e.opts.infra).map((e) => e.name);
      const infra = [...this.entries.values()].filter((e) => e.opts.infra).map((e) => e.name);
      await Promise.allSettled(apps.map((n) => this.stop(n)));
      await Promise.allSettled(infra.reverse().map((n) => this.stop(n)));
      for (const fn of this.cleanups.splice(0).reverse()) {
        try {
          await fn();
        } catch (error) {
          logInfo(`cleanup failed: ${errorMessage(error)}`);
        }
      }
      unregisterGroup(this);
    })();
    return this.stopAllPromise;
  }

  /** SIGKILLs every child at once, without waiting. */
  killAllNow(): void {
    this.stopping = true;
    for (const entry of this.entries.values()) {
      entry.expectedExit = true;
      this.clearRestartTimer(entry);
      if (entry.running && entry.child?.pid) signalGroup(entry.child.pid, 'SIGKILL');
    }
  }

  /** True once stopAll() (or a Ctrl-C) began. */
  isStopping(): boolean {
    return this.stopping;
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  isRunning(name: string): boolean {
    return this.entries.get(name)?.running ?? false;
  }

  /** True while an auto-restart of this child is scheduled. */
  isRestarting(name: string): boolean {
    return this.entries.get(name)?.restartTimer !== undefined;
  }

  pid(name: string): number | undefined {
    const entry = this.entries.get(name);
    return entry?.running ? entry.child?.pid : undefined;
  }

  names(): string[] {
    return [...this.entries.keys()];
  }

  /** Running children (one-shot commands included): pid (a process group leader) and stop signal. */
  runningChildren(): Array<{ name: string; pid: number; stopSignal: NodeJS.Signals }> {
    const out: Array<{ name: string; pid: number; stopSignal: NodeJS.Signals }> = [];
    for (const e of this.entries.values()) {
      if (e.running && e.child?.pid) out.push({ name: e.name, pid: e.child.pid, stopSignal: e.opts.stopSignal ?? 'SIGTERM' });
    }
    return out;
  }

  /** Resolves when the current run of that child exits. */
  waitForExit(name: string): Promise<ExitInfo> {
    return this.mustGet(name).exited;
  }

  /** The child's last output lines (stdout and stderr), for error messages. */
  output(name: string, lines = TAIL_LINES): string {
    const entry = this.entries.get(name);
    return entry ? this.tailText(entry, lines) : '';
  }

  /** Prints a line under a child's prefix (or the group's when the name is unknown). */
  log(name: string, message: string): void {
    const entry = this.entries.get(name);
    if (entry) this.print(entry, message, false, true);
    else logInfo(message);
  }

  // -- internals --------------------------------------------------------------------------------

  private mustGet(name: string): ChildEntry {
    const entry = this.entries.get(name);
    if (!entry) throw new Error(`No process named "${name}" in this group (known: ${this.names().join(', ') || 'none'})`);
    return entry;
  }

  private tailText(entry: ChildEntry, lines: number): string {
    return entry.tail.slice(-lines).join('\n');
  }

  private clearRestartTimer(entry: ChildEntry): void {
    if (entry.restartTimer) clearTimeout(entry.restartTimer);
    entry.restartTimer = undefined;
  }

  private print(entry: ChildEntry, line: string, isErr: boolean, force = false): void {
    // Once asked to stop, a child's shutdown chatter goes to its log file and tail only.
    if ((entry.opts.silent || entry.stopRequested) && !force) return;
    const out = isErr ? process.stderr : process.stdout;
    if (entry.opts.prefixOutput === false && !force) {
      out.write(`${line}\n`);
      return;
    }
    out.write(`${paint(entry.color, entry.name.padEnd(this.nameWidth))} ${paint('2', '│')} ${line}\n`);
  }

  private spawnEntry(name: string, cmd: string, args: string[], opts: ProcessOptions, oneShot: boolean, reuse = false): ChildProcess {
    if (this.stopping) throw new Error(`Cannot start ${name}: the process group is stopping`);
    const previous = this.entries.get(name);
    if (previous?.running) throw new Error(`A process named "${name}" is already running (pid ${previous.child?.pid})`);
    this.nameWidth = Math.max(this.nameWidth, name.length);

    let resolveExit!: (info: ExitInfo) => void;
    const exited = new Promise<ExitInfo>((resolve) => {
      resolveExit = resolve;
    });
    const entry: ChildEntry =
      reuse && previous
        ? Object.assign(previous, { running: true, expectedExit: false, stopRequested: false, exited, child: undefined })
        : {
            name,
            cmd,
            args,
            opts: { ...opts },
            color: previous?.color ?? NAME_COLORS[this.colorIndex++ % NAME_COLORS.length] ?? '36',
            running: true,
            expectedExit: false,
            stopRequested: false,
            exited,
            tail: [],
            restartTimes: previous?.restartTimes ?? [],
            oneShot,
          };
    this.entries.set(name, entry);

    return spawnChild(entry, {
      print: (line, isErr, force) => this.print(entry, line, isErr, force),
      isStopping: () => this.stopping,
      onExit: (info) => {
        resolveExit(info);
        this.emitter.emit('exit', info);
        if (!info.expected && !oneShot) this.maybeAutoRestart(entry);
      },
    });
  }

  private maybeAutoRestart(entry: ChildEntry): void {
    const policy = entry.opts.autoRestart;
    if (!policy || this.stopping) return;
    const { maxRestarts = 5, windowMs = 60_000, initialDelayMs = 1000, maxDelayMs = 15_000 } = policy === true ? {} : policy;
    const now = Date.now();
    entry.restartTimes = entry.restartTimes.filter((t) => now - t < windowMs);
    if (entry.restartTimes.length >= maxRestarts) {
      this.print(entry, paint('31', `crashed ${maxRestarts + 1} times within ${seconds(windowMs)}; not restarting it again`), true, true);
      this.emitter.emit('gave-up', { name: entry.name, restarts: entry.restartTimes.length, windowMs });
      return;
    }
    const delayMs = Math.min(maxDelayMs, initialDelayMs * 2 ** entry.restartTimes.length);
    entry.restartTimes.push(now);
    const attempt = entry.restartTimes.length;
    this.print(
      entry,
      paint('33', `restarting in ${seconds(delayMs)} (restart ${attempt} of at most ${maxRestarts} per ${seconds(windowMs)})`),
      true,
      true,
    );
    entry.restartTimer = setTimeout(() => {
      entry.restartTimer = undefined;
      if (this.stopping || entry.running) return;
      try {
        this.spawnEntry(entry.name, entry.cmd, entry.args, entry.opts, false, true);
        this.emitter.emit('restart', { name: entry.name, attempt, delayMs });
      } catch (error) {
        this.print(entry, paint('31', `restart failed: ${errorMessage(error)}`), true, true);
      }
    }, delayMs);
  }
}
