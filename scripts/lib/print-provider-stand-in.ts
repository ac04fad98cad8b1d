// The local print provider stand-in (server/print-provider/stand-in/) as a child of a ProcessGroup: Gelato's
// order API for `npm start` and the test stacks when no GELATO_API_KEY is set. Like stripe-mock it can be
// stopped (a provider outage: the process is gone) and started again on the same port.

import { canConnect, parseHostPort, waitForHttp } from './net.ts';
import type { ProcessOptions } from './process-child.ts';
import type { ProcessGroup } from './process-group.ts';
import { ROOT } from '../tools.mjs';

export const STAND_IN_ENTRY = 'server/print-provider/stand-in/main.ts';

export interface PrintProviderStandIn {
  name: string;
  /** PRINT_PROVIDER_STAND_IN_URL: Gelato's API at `/v4`, the control API at `/control`. */
  url: string;
  /** Stops the process (a real outage: nothing listens) and waits until it is gone. */
  stop(): Promise<void>;
  /** Starts it again on the same port, with the same state file, and waits until it answers. */
  start(): Promise<void>;
}

/**
 * Starts the stand-in with `env` (the web server's: APP_URL, DATA_DIR, PRINT_PROVIDER_WEBHOOK_SECRET,
 * PRINT_PROVIDER_STAND_IN_STEP_SECONDS…) listening on `url`, and waits for its `/control/health`.
 */
export async function startPrintProviderStandIn(opts: {
  group: ProcessGroup;
  url: string;
  env: Record<string, string | undefined>;
  name?: string;
  timeoutMs?: number;
  processOptions?: Omit<ProcessOptions, 'env' | 'cwd' | 'infra'>;
}): Promise<PrintProviderStandIn> {
  const name = opts.name ?? 'print-provider';
  const url = opts.url.replace(/\/+$/, '');
  const { host, port } = parseHostPort(url, 80);
  if (await canConnect(host === 'localhost' ? '127.0.0.1' : host, port, 500)) {
    throw new Error(`Cannot start the print provider stand-in: ${host}:${port} (PRINT_PROVIDER_STAND_IN_URL) is already in use`);
  }
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const ready = () => waitForHttp(`${url}/control/health`, timeoutMs, { group: opts.group, name, what: 'the print provider stand-in' });
  // Infrastructure, as stripe-mock: stopped after web and the workers, which may still call it on their way out.
  opts.group.add(name, process.execPath, ['--import', 'tsx', STAND_IN_ENTRY], {
    ...opts.processOptions,
    cwd: ROOT,
    env: { ...opts.env, PRINT_PROVIDER_STAND_IN_URL: url },
    infra: true,
  });
  try {
    await ready();
  } catch (error) {
    await opts.group.stop(name);
    throw error;
  }
  return {
    name,
    url,
    stop: () => opts.group.stop(name),
    async start() {
      await opts.group.restart(name);
      await ready();
    },
  };
}
