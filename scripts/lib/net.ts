// Network probes: parse host:port, tell a local host, wait for a TCP port or an HTTP answer, find a
// free port. A wait can watch a child of a ProcessGroup and fail early, with its output, when it exits.

import fs from 'node:fs';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { errorCode, errorMessage, seconds } from './output.ts';
import type { ProcessGroup } from './process-group.ts';

/** Splits "host:port" (also "[::1]:7233"); `defaultPort` applies when there is no port. */
export function parseHostPort(address: string, defaultPort?: number): { host: string; port: number } {
  const trimmed = address
    .trim()
    .replace(/^[a-z]+:\/\//i, '')
    .replace(/\/.*$/, '');
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

/** Throws (with the child's last output) when the child `opts` watches has exited and is not restarting. */
export function checkChildAlive(opts: WaitOptions | undefined, what: string): void {
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

/** Whether a server can listen on host:port right now. */
function canListen(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** The lowest port Linux hands out for outgoing connections and port 0 (32768 unless configured). */
function ephemeralPortsFrom(): number {
  try {
    const low = Number(fs.readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    return Number.isInteger(low) && low > FREE_PORTS_FROM + 1000 ? low : 32768;
  } catch {
    return 32768;
  }
}

/** Where getFreePort looks: above the well-known services, below the ephemeral range. */
const FREE_PORTS_FROM = 10_000;
/** Ports this process handed out: never handed out twice, even if not listened on yet. */
const handedOut = new Set<number>();

/**
 * A TCP port that is free right now on `host`, for a server to be started on it soon. Chosen at random below the
 * ephemeral range: a port the OS picked (listen on port 0) is in that range, where any outgoing connection made
 * before the server starts (PostgreSQL, Temporal, fetches of the tests running alongside) may take it.
 */
export async function getFreePort(host = '127.0.0.1'): Promise<number> {
  const below = ephemeralPortsFrom();
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = FREE_PORTS_FROM + Math.floor(Math.random() * (below - FREE_PORTS_FROM));
    if (handedOut.has(port) || !(await canListen(host, port))) continue;
    handedOut.add(port);
    return port;
  }
  throw new Error(`Could not find a free port on ${host} between ${FREE_PORTS_FROM} and ${below}`);
}
