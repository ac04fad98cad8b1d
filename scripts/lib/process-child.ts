// One child of a ProcessGroup: its options, the record the group keeps of it, and how it is spawned
// (leading its own process group) with its output captured line by line.

import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { ROOT } from '../tools.mjs';
import { paint } from './output.ts';
import { signalGroup } from './process-signals.ts';

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

/** What a ProcessGroup keeps of a child across its runs (restarts reuse it). */
export interface ChildEntry {
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

/** Output lines kept per child for error messages. */
export const TAIL_LINES = 60;

export interface ChildHooks {
  /** Prints a line under the child's prefix; `force` prints it even when silent or stopping. */
  print(line: string, isErr: boolean, force?: boolean): void;
  /** True once the group is stopping: every exit then counts as expected. */
  isStopping(): boolean;
  /** Called once, when the child has exited or failed to start. */
  onExit(info: ExitInfo): void;
}

/**
 * Starts the entry's command as the leader of a new process group, with the entry's environment, folder
 * and user. Each output line goes to the entry's tail and log file, then to `print`. On exit whatever is
 * left of its process group is killed and `onExit` is called.
 */
export function spawnChild(entry: ChildEntry, hooks: ChildHooks): ChildProcess {
  const { name, cmd, args, oneShot } = entry;
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
      hooks.print(clean, isErr);
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
    const info: ExitInfo = { name, code, signal, expected: entry.expectedExit || hooks.isStopping() };
    if (spawnError) {
      entry.tail.push(`failed to start ${cmd}: ${spawnError.message}`);
      hooks.print(paint('31', `failed to start ${cmd}: ${spawnError.message}`), true, true);
    }
    entry.log?.write(`--- ${new Date().toISOString()} ${name} exited (${signal ?? `code ${code}`})\n`);
    // Whatever of its process group is left goes with it.
    if (child.pid) signalGroup(child.pid, 'SIGKILL');
    if (!info.expected && !oneShot && !spawnError) {
      hooks.print(paint('31', `exited unexpectedly (${signal ? `signal ${signal}` : `exit code ${code}`})`), true, true);
    }
    hooks.onExit(info);
  };
  child.once('exit', (code, signal) => onDone(code, signal));
  child.once('error', (error) => {
    // 'error' without a pid means the spawn itself failed; otherwise 'exit' follows.
    if (child.pid === undefined) onDone(null, null, error);
  });
  return child;
}
