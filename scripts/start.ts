// `npm start` (after `node scripts/setup.mjs --quiet`): runs the whole shop locally.
//
//  1. Reads the environment (defaults in README.md "Configuration"; a `.env` file is loaded when present, see .env.example), makes `.data/`,
//     and generates SESSION_SECRET once into `.data/session-secret` when it is unset (not in production),
//     and likewise TEMPORAL_PAYLOAD_KEY into `.data/temporal-payload-key` (payload encryption).
//  2. PostgreSQL: reuses the server in DATABASE_URL when it answers, otherwise starts an embedded one
//     (data in `.data/postgres`); creates the database when missing.
//     Temporal: reuses TEMPORAL_ADDRESS when it answers, otherwise starts `temporal server start-dev`
//     (data in `.data/temporal.db`, UI on TEMPORAL_UI_URL's port, search attributes registered).
//  3. Migrates, seeds, builds (skipped when the build is newer than its sources; `--rebuild` forces it).
//  4. Runs web (`node --import tsx server.ts`) and the workers of the `commerce` and `rendering` task
//     queues, and without GELATO_API_KEY the print provider stand-in (Gelato's API on
//     PRINT_PROVIDER_STAND_IN_URL, orders on /dev/provider); restarts a crashed one with backoff (at most
//     5 times a minute); prints the URLs.
//
// Ctrl-C stops everything this started (applications first, then Temporal and PostgreSQL); a second
// `npm start` while the first runs reuses its PostgreSQL and Temporal.

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ensurePostgres } from './lib/embedded-postgres.ts';
import { canConnect, isLocalHost, parseHostPort, waitForHttp } from './lib/net.ts';
import { displayPath, logInfo } from './lib/output.ts';
import { ensureDatabase, redactUrl } from './lib/postgres.ts';
import { startPrintProviderStandIn } from './lib/print-provider-stand-in.ts';
import type { AutoRestartOptions } from './lib/process-child.ts';
import { ProcessGroup } from './lib/process-group.ts';
import { ensureSearchAttributes, startTemporalDevServer } from './lib/temporal.ts';
import { ROOT, findTool } from './tools.mjs';

const argv = process.argv.slice(2);
if (argv.includes('--help') || argv.includes('-h')) {
  console.log('usage: npm start [-- --rebuild]\n  --rebuild   run `remix build` even when build/ is up to date');
  process.exit(0);
}
const forceBuild = argv.includes('--rebuild');

process.chdir(ROOT);
const DATA = path.join(ROOT, '.data');
const LOGS = path.join(DATA, 'logs');

const useColor = process.stdout.isTTY && !process.env.NO_COLOR;
const bold = (s: string) => (useColor ? `\x1b[1m${s}\x1b[0m` : s);
const dim = (s: string) => (useColor ? `\x1b[2m${s}\x1b[0m` : s);
const yellow = (s: string) => (useColor ? `\x1b[33m${s}\x1b[0m` : s);
const red = (s: string) => (useColor ? `\x1b[31m${s}\x1b[0m` : s);

function binPath(name: string): string {
  const file = path.join(ROOT, 'node_modules', '.bin', process.platform === 'win32' ? `${name}.cmd` : name);
  if (!fs.existsSync(file)) throw new Error(`node_modules/.bin/${name} is missing; run \`npm run setup\``);
  return file;
}

// ------------------------------------------------------------------------------------------------
// Environment

if (fs.existsSync(path.join(ROOT, '.env'))) {
  // Variables already set win over the file. (process.loadEnvFile: Node 20.12+.)
  if (typeof process.loadEnvFile === 'function') process.loadEnvFile(path.join(ROOT, '.env'));
  else logInfo(yellow('.env is ignored: loading it needs Node 20.12 or later'));
}

const env = process.env;
const PORT = Number(env.PORT || 3000);
if (!Number.isInteger(PORT) || PORT <= 0 || PORT > 65535) {
  console.error(red(`PORT=${env.PORT} is not a valid port`));
  process.exit(1);
}
const APP_URL = (env.APP_URL || `http://localhost:${PORT}`).replace(/\/+$/, '');
const DATABASE_URL = env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/atelier';
const TEMPORAL_ADDRESS = env.TEMPORAL_ADDRESS || '127.0.0.1:7233';
const TEMPORAL_NAMESPACE = env.TEMPORAL_NAMESPACE || 'default';
const TEMPORAL_UI_URL = (env.TEMPORAL_UI_URL || 'http://localhost:8233').replace(/\/+$/, '');
const temporalSecured = Boolean(env.TEMPORAL_API_KEY || env.TEMPORAL_TLS_CERT || env.TEMPORAL_TLS_KEY);
const gelato = Boolean(env.GELATO_API_KEY?.trim());
const PRINT_PROVIDER_STAND_IN_URL = (env.PRINT_PROVIDER_STAND_IN_URL || 'http://127.0.0.1:3300').replace(/\/+$/, '');

fs.mkdirSync(LOGS, { recursive: true });

function sessionSecret(): string {
  if (env.SESSION_SECRET) return env.SESSION_SECRET;
  if (env.NODE_ENV === 'production') {
    throw new Error('SESSION_SECRET is required when NODE_ENV=production (a long random string, e.g. `openssl rand -base64 32`)');
  }
  const file = path.join(DATA, 'session-secret');
  const existing = fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim() : '';
  if (existing) return existing;
  const secret = crypto.randomBytes(32).toString('base64url');
  fs.writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  logInfo(`generated a session secret into ${displayPath(file)}`);
  return secret;
}

/** TEMPORAL_PAYLOAD_KEY, or outside production one generated once into `.data/`: payloads are encrypted locally too. */
function payloadKey(): string | undefined {
  if (env.TEMPORAL_PAYLOAD_KEY) return env.TEMPORAL_PAYLOAD_KEY;
  if (env.NODE_ENV === 'production') return undefined;
  const file = path.join(DATA, 'temporal-payload-key');
  const existing = fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim() : '';
  if (existing) return existing;
  const key = crypto.randomBytes(32).toString('base64');
  fs.writeFileSync(file, `${key}\n`, { mode: 0o600 });
  logInfo(`generated a Temporal payload encryption key into ${displayPath(file)}`);
  return key;
}

// ------------------------------------------------------------------------------------------------
// Build freshness: skip `remix build` when build/ is newer than every source it compiles.

const BUILD_STAMP = path.join(DATA, 'build-stamp');
const BUILD_INPUTS = [
  'app',
  'core',
  'emails',
  'db',
  'workflows',
  'remix.config.js',
  'package.json',
  'package-lock.json',
  'tsconfig.json',
  'tailwind.config.ts',
  'tailwind.config.js',
  'postcss.config.js',
  'postcss.config.cjs',
];

function newestMtime(file: string): number {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs; // a deleted file changes its folder's mtime
  for (const entry of fs.readdirSync(file, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    newest = Math.max(newest, newestMtime(path.join(file, entry.name)));
  }
  return newest;
}

function buildIsFresh(): boolean {
  if (forceBuild) return false;
  if (!fs.existsSync(path.join(ROOT, 'build')) || !fs.existsSync(path.join(ROOT, 'public', 'build'))) return false;
  let built: number;
  try {
    built = fs.statSync(BUILD_STAMP).mtimeMs;
  } catch {
    return false;
  }
  return BUILD_INPUTS.every((input) => newestMtime(path.join(ROOT, input)) < built);
}

// ------------------------------------------------------------------------------------------------

const group = new ProcessGroup({ signalExitCode: 0 });
const RESTART: AutoRestartOptions = { maxRestarts: 5, windowMs: 60_000, initialDelayMs: 1000, maxDelayMs: 15_000 };
let ready = false;

async function shutdown(code: number, message?: string): Promise<never> {
  if (message) console.error(red(message));
  await group.stopAll();
  process.exit(code);
}

group.on('gave-up', ({ name }) => {
  if (name.startsWith('worker-')) {
    logInfo(
      yellow(
        `${name} keeps crashing and stays down: its workflows wait until a worker is back (fix it, then restart npm start). The shop keeps running.`,
      ),
    );
    return;
  }
  if (name === 'print-provider') {
    logInfo(
      yellow(
        `${name} keeps crashing and stays down: print orders wait and retry until it is back (see ${displayPath(logFile(name))}). The shop keeps running.`,
      ),
    );
    return;
  }
  void shutdown(
    1,
    `${name} keeps crashing; stopping everything (see its output above and ${displayPath(path.join(LOGS, `${name}.log`))}).`,
  );
});
group.on('restart', ({ name }) => {
  if (ready) logInfo(`${name} restarted`);
});

function logFile(name: string): string {
  return path.join(LOGS, `${name}.log`);
}

async function startTemporal(): Promise<string> {
  const { host, port } = parseHostPort(TEMPORAL_ADDRESS, 7233);
  if (await canConnect(host, port, 1500)) {
    if (isLocalHost(host) && !temporalSecured && findTool('temporal')) {
      try {
        const created = await ensureSearchAttributes({ address: TEMPORAL_ADDRESS, namespace: TEMPORAL_NAMESPACE, timeoutMs: 20_000 });
        if (created.length) logInfo(`registered search attributes ${created.join(', ')} on ${TEMPORAL_ADDRESS}`);
      } catch (error) {
        logInfo(yellow(`could not check the search attributes on ${TEMPORAL_ADDRESS}: ${(error as Error).message}`));
      }
    }
    return `reusing the server at ${TEMPORAL_ADDRESS}`;
  }
  if (!isLocalHost(host) || temporalSecured) {
    throw new Error(
      `Temporal at ${TEMPORAL_ADDRESS} does not answer (TEMPORAL_ADDRESS). Check the address and credentials, or unset it to run a local dev server.`,
    );
  }
  let uiPort = 8233;
  try {
    const ui = new URL(TEMPORAL_UI_URL);
    if (isLocalHost(ui.hostname) && ui.port) uiPort = Number(ui.port);
    else if (!isLocalHost(ui.hostname)) uiPort = port + 1000;
  } catch {
    throw new Error(`TEMPORAL_UI_URL "${TEMPORAL_UI_URL}" is not a URL`);
  }
  const dbFile = path.join(DATA, 'temporal.db');
  logInfo(`starting the Temporal dev server on ${host}:${port} (UI on port ${uiPort}, data in ${displayPath(dbFile)})`);
  await startTemporalDevServer({
    group,
    ip: host === 'localhost' ? '127.0.0.1' : host,
    port,
    uiPort,
    dbFile,
    namespace: TEMPORAL_NAMESPACE,
    // The UI decrypts payloads through the web app's codec endpoint (an admin's session; see README).
    codecEndpoint: `${APP_URL}/codec`,
    logLevel: 'warn',
    timeoutMs: 90_000,
    processOptions: { logFile: logFile('temporal') },
  });
  group.setAutoRestart('temporal', RESTART);
  return `dev server started here, data in ${displayPath(dbFile)}`;
}

async function startPostgres(): Promise<string> {
  const dataDir = path.join(DATA, 'postgres');
  const { hostname, port } = new URL(DATABASE_URL);
  const handle = await ensurePostgres({
    url: DATABASE_URL,
    dataDir,
    group,
    timeoutMs: 90_000,
    processOptions: { logFile: logFile('postgres') },
  });
  if (handle.started && handle.processName) group.setAutoRestart(handle.processName, RESTART);
  const created = await ensureDatabase(DATABASE_URL);
  if (created) logInfo(`created the database in ${redactUrl(DATABASE_URL)}`);
  return handle.started
    ? `embedded server started here on port ${port || 5432}, data in ${displayPath(dataDir)}`
    : `reusing the server at ${hostname}:${port || 5432}`;
}

function requireFile(file: string, what: string): void {
  if (!fs.existsSync(path.join(ROOT, file))) throw new Error(`${file} is missing (${what})`);
}

function printBox(lines: Array<[string, string] | string>): void {
  // eslint-disable-next-line no-control-regex
  const visible = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '').length;
  const labelWidth = Math.max(...lines.map((l) => (typeof l === 'string' ? 0 : l[0].length)));
  const rendered = lines.map((l) => (typeof l === 'string' ? l : `${l[0].padEnd(labelWidth)}   ${l[1]}`));
  const width = Math.max(...rendered.map(visible));
  const out = [`╭${'─'.repeat(width + 4)}╮`];
  for (const line of rendered) out.push(`│  ${line}${' '.repeat(width - visible(line))}  │`);
  out.push(`╰${'─'.repeat(width + 4)}╯`);
  console.log(`\n${out.join('\n')}\n`);
}

async function main(): Promise<void> {
  for (const [file, what] of [
    ['db/cli.ts', 'database migrations and seed'],
    ['server.ts', 'the web server'],
    ['worker/index.ts', 'the Temporal workers'],
  ] as const) {
    requireFile(file, what);
  }
  if (await canConnect('127.0.0.1', PORT, 1000)) {
    throw new Error(`Port ${PORT} is already in use — is another \`npm start\` running? Stop it, or set PORT to another port.`);
  }

  const TSX = binPath('tsx');
  const REMIX = binPath('remix');
  const SESSION_SECRET = sessionSecret();
  const TEMPORAL_PAYLOAD_KEY = payloadKey();
  const [pgNote, temporalNote] = await Promise.all([startPostgres(), startTemporal()]);

  const childEnv: Record<string, string> = {
    PORT: String(PORT),
    APP_URL,
    DATABASE_URL,
    TEMPORAL_ADDRESS,
    TEMPORAL_NAMESPACE,
    TEMPORAL_UI_URL,
    SESSION_SECRET,
    ...(TEMPORAL_PAYLOAD_KEY ? { TEMPORAL_PAYLOAD_KEY } : {}),
  };

  await group.run('migrate', TSX, ['db/cli.ts', 'migrate'], { env: childEnv, timeoutMs: 300_000 });
  await group.run('seed', TSX, ['server/seed-cli.ts'], { env: childEnv, timeoutMs: 300_000 });
  if (buildIsFresh()) {
    logInfo(`build/ is up to date ${dim('(npm start -- --rebuild forces a build)')}`);
  } else {
    await group.run('build', REMIX, ['build'], { env: childEnv, timeoutMs: 600_000 });
    fs.writeFileSync(BUILD_STAMP, `${new Date().toISOString()}\n`);
  }

  // The stand-in for Gelato: the web server's environment, so its webhooks reach APP_URL with the same token.
  if (!gelato) {
    await startPrintProviderStandIn({
      group,
      url: PRINT_PROVIDER_STAND_IN_URL,
      env: childEnv,
      processOptions: { autoRestart: RESTART, logFile: logFile('print-provider') },
    });
  }
  group.add('web', process.execPath, ['--import', 'tsx', 'server.ts'], { env: childEnv, autoRestart: RESTART, logFile: logFile('web') });
  for (const queue of ['commerce', 'rendering']) {
    group.add(`worker-${queue}`, TSX, ['worker/index.ts', '--queue', queue], {
      env: childEnv,
      autoRestart: RESTART,
      logFile: logFile(`worker-${queue}`),
    });
  }
  await waitForHttp(`http://127.0.0.1:${PORT}/healthz`, 120_000, { group, name: 'web', what: 'the web server (/healthz)' });
  ready = true;

  const adminEmail = env.ADMIN_EMAIL || 'admin@example.com';
  const lines: Array<[string, string] | string> = [
    bold('Atelier is running'),
    '',
    ['Shop', bold(APP_URL)],
    ['Admin', `${APP_URL}/admin  ${dim(`sign in as ${adminEmail} (magic link)`)}`],
  ];
  if (!env.RESEND_API_KEY) {
    lines.push(['Dev mailbox', `${APP_URL}/dev/mailbox  ${dim('emails are not sent: RESEND_API_KEY unset')}`]);
  } else {
    lines.push(['Emails', 'sent through Resend']);
  }
  if (!env.STRIPE_SECRET_KEY) {
    lines.push(['Payments', `local payment page ${dim('(STRIPE_SECRET_KEY unset): nothing is charged')}`]);
  } else {
    lines.push(['Payments', `Stripe ${env.STRIPE_SECRET_KEY.startsWith('sk_live') ? yellow('LIVE mode') : 'test mode'}`]);
  }
  if (gelato) {
    lines.push(['Print orders', `Gelato ${dim(`(${env.GELATO_API_URL || 'https://order.gelatoapis.com'})`)}`]);
  } else {
    lines.push([
      'Print orders',
      `${APP_URL}/dev/provider  ${dim(`local stand-in on ${PRINT_PROVIDER_STAND_IN_URL} (GELATO_API_KEY unset): nothing is printed`)}`,
    ]);
  }
  lines.push(['Temporal UI', `${TEMPORAL_UI_URL}/namespaces/${encodeURIComponent(TEMPORAL_NAMESPACE)}/workflows`]);
  lines.push('');
  lines.push(['PostgreSQL', dim(pgNote)]);
  lines.push(['Temporal', dim(temporalNote)]);
  lines.push(['Logs', dim(`${displayPath(LOGS)}/`)]);
  lines.push('');
  lines.push(dim('Ctrl-C stops everything started here.'));
  printBox(lines);
}

main().catch(async (error: unknown) => {
  // A Ctrl-C during start-up makes the running step fail; the signal handler is already stopping.
  if (group.isStopping()) return;
  await shutdown(1, `npm start failed: ${error instanceof Error ? error.message : String(error)}`);
});
