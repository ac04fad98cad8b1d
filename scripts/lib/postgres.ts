// PostgreSQL through node-postgres: DATABASE_URL helpers, waiting for a server to accept sessions, and
// creating or re-creating a database. Starting a local server is embedded-postgres.ts.

import { setTimeout as sleep } from 'node:timers/promises';
import { checkChildAlive, type WaitOptions } from './net.ts';
import { errorCode, errorMessage, seconds } from './output.ts';

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

export interface ParsedPgUrl {
  url: URL;
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
}

/** The parts of a postgres:// URL, with PostgreSQL's defaults (localhost, 5432, user postgres). */
export function parsePgUrl(databaseUrl: string): ParsedPgUrl {
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

const RETRYABLE_PG = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  '57P03' /* cannot_connect_now */,
  '53300' /* too_many_connections */,
]);

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
      await client.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [
        database,
      ]);
      await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(database)}`);
    }
    await client.query(`CREATE DATABASE ${quoteIdent(database)}`);
  });
}
