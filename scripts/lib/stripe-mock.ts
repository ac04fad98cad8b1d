// stripe-mock: Stripe's API shapes answered with fixtures, so tests and local runs reach "Stripe"
// without a network or an account. Stateless: webhooks are built and signed by the caller.

import { findTool } from '../tools.mjs';
import { canConnect, getFreePort, waitForPort } from './net.ts';
import type { ProcessOptions } from './process-child.ts';
import type { ProcessGroup } from './process-group.ts';

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
  // stripe-mock always serves HTTPS too (on 12112 unless told otherwise): without an HTTPS port of our own it
  // takes a free one, so two stacks on one machine never fight over 12112.
  const args = ['-http-addr', `${host}:${httpPort}`, '-https-addr', `${host}:${httpsPort ?? (await getFreePort(host))}`];
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
