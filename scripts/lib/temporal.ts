// The Temporal dev server (`temporal server start-dev`) and the custom search attributes the workflows
// use, which the CLI registers on it or on any Temporal server reachable without TLS.

import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { findTool } from '../tools.mjs';
import { execText } from './exec-text.ts';
import { canConnect, waitForPort } from './net.ts';
import { errorMessage } from './output.ts';
import type { ProcessOptions } from './process-child.ts';
import type { ProcessGroup } from './process-group.ts';

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
            [
              'operator',
              'search-attribute',
              'create',
              '--address',
              opts.address,
              '--namespace',
              namespace,
              '--type',
              type,
              ...names.flatMap((n) => ['--name', n]),
              '--command-timeout',
              '10s',
            ],
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
  for (const [key, value] of Object.entries(opts.dynamicConfig ?? {}))
    args.push('--dynamic-config-value', `${key}=${JSON.stringify(value)}`);

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
      await waitForPort(connectHost, uiPort, Math.max(5000, timeoutMs - (Date.now() - started)), {
        group: opts.group,
        name,
        what: 'the Temporal UI',
      });
    }
  } catch (error) {
    await opts.group.stop(name);
    throw error;
  }
  const uiHost = ip === '0.0.0.0' || ip === '::' ? 'localhost' : connectHost.includes(':') ? `[${connectHost}]` : connectHost;
  return { address, uiUrl: `http://${uiHost}:${uiPort}`, namespace, port, uiPort, name };
}
