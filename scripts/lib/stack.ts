// A whole running shop for tests and benchmarks: its own database, Temporal dev server, optional
// stripe-mock, the print provider stand-in, the web server and the workers, on free ports. Stops everything it started.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { getFreePort, waitForHttp, waitForPort } from './net.ts';
import { dropAndCreateDatabase, withDatabaseName } from './postgres.ts';
import { startPrintProviderStandIn, type PrintProviderStandIn } from './print-provider-stand-in.ts';
import { ProcessGroup } from './process-group.ts';
import { startStripeMock, type StripeMock } from './stripe-mock.ts';
import { startTemporalDevServer, type TemporalDevServer } from './temporal.ts';
import { ROOT } from '../tools.mjs';

export const TEST_WEBHOOK_SECRET = 'whsec_atelier_test_secret';
export const TEST_SESSION_SECRET = 'test-session-secret-0123456789abcdef';
/** The token in the print provider's webhook URL in every test stack. */
export const TEST_PRINT_PROVIDER_TOKEN = 'test-print-provider-token-0123456789';
/** Temporal payload encryption is on in every test stack (32 fixed bytes; a test may pass its own). */
export const TEST_PAYLOAD_KEY = Buffer.from('atelier-test-payload-key-32bytes').toString('base64');
/** The stacks run with NODE_ENV=production, where CustomerEmail is a keyed hash by default: its key (a test may pass its own). */
export const TEST_CUSTOMER_EMAIL_HASH_KEY = 'atelier-test-customer-email-hash-key-0123456789';
const BASE_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface StackOptions {
  /** Names the database (`atelier_<name>`) and the log folder. */
  name: string;
  group?: ProcessGroup;
  /** 'local': the built-in payment page; 'mock': the stripe SDK against stripe-mock. */
  payments?: 'local' | 'mock';
  /** Extra environment for web and workers. */
  env?: Record<string, string>;
  /** Start the web server (default true) and the workers (default true). */
  web?: boolean;
  workers?: boolean;
  /**
   * Run the `commerce` and `rendering` task queues in two worker processes, as `npm start` and a
   * production deployment do (default: one process serving both, cheaper for tests).
   */
  splitWorkers?: boolean;
  /** Print children's output (default: only to log files). */
  verbose?: boolean;
  /** An existing Temporal server to use instead of starting one. */
  temporal?: TemporalDevServer;
}

export interface Stack {
  name: string;
  group: ProcessGroup;
  baseUrl: string;
  port: number;
  databaseUrl: string;
  temporal: TemporalDevServer;
  stripeMock: StripeMock | null;
  /**
   * The print provider stand-in (Gelato's API; steps only when asked, PRINT_PROVIDER_STAND_IN_STEP_SECONDS=0).
   * `stop()` is a real outage (nothing listens); `start()` brings it back on the same port with its orders.
   */
  printProvider: Pick<PrintProviderStandIn, 'url' | 'stop' | 'start'>;
  /** The environment web and workers run with (the same for in-process tests). */
  env: Record<string, string>;
  logDir: string;
  startWorker(): void;
  /** SIGKILL the worker (as a crash would) and wait for it to be gone. */
  killWorker(): Promise<void>;
  /** Stop stripe-mock (`payments: 'mock'`), as a Stripe outage would, and wait for it to be gone. */
  stopStripeMock(): Promise<void>;
  /** Start it again on the same port and wait until it accepts connections. */
  startStripeMock(): Promise<void>;
  stop(): Promise<void>;
}

const tsx = () => path.join(ROOT, 'node_modules', '.bin', 'tsx');

/** Builds the Remix app once per run (the caller decides when sources changed). */
export async function buildApp(group: ProcessGroup): Promise<void> {
  await group.run('build', path.join(ROOT, 'node_modules', '.bin', 'remix'), ['build'], { cwd: ROOT, silent: true, timeoutMs: 180_000 });
}

export async function startStack(opts: StackOptions): Promise<Stack> {
  const group = opts.group ?? new ProcessGroup();
  try {
    return await startStackIn(group, opts);
  } catch (error) {
    // A stack that failed half-way stops what it started: the caller has no stack to stop, and a Temporal
    // server or stripe-mock left running would keep the test process alive.
    if (!opts.group) await group.stopAll();
    throw error;
  }
}

async function startStackIn(group: ProcessGroup, opts: StackOptions): Promise<Stack> {
  const logDir = path.join(ROOT, '.data', 'test-logs', opts.name);
  fs.mkdirSync(logDir, { recursive: true });
  const quiet = { silent: !opts.verbose };

  const temporal =
    opts.temporal ??
    (await startTemporalDevServer({
      group,
      name: `temporal-${opts.name}`,
      port: await getFreePort(),
      uiPort: await getFreePort(),
      processOptions: { ...quiet, logFile: path.join(logDir, 'temporal.log') },
    }));
  const stripeMock =
    opts.payments === 'mock'
      ? await startStripeMock({
          group,
          name: `stripe-mock-${opts.name}`,
          httpPort: await getFreePort(),
          httpsPort: null,
          processOptions: { ...quiet, logFile: path.join(logDir, 'stripe-mock.log') },
        })
      : null;

  // The checkout's path is part of the name, so two clones testing on one PostgreSQL never collide.
  const checkout = createHash('sha256').update(ROOT).digest('hex').slice(0, 6);
  const databaseUrl = withDatabaseName(BASE_DATABASE_URL, `atelier_${opts.name.replace(/[^a-z0-9_]/gi, '_')}_${checkout}`);
  await dropAndCreateDatabase(databaseUrl);
  const port = await getFreePort();
  const printProviderPort = await getFreePort();
  const env: Record<string, string> = {
    NODE_ENV: 'production',
    PORT: String(port),
    APP_URL: `http://127.0.0.1:${port}`,
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_MAX: '10',
    DATA_DIR: path.join(ROOT, '.data', 'test-data', opts.name),
    STORAGE_DIR: path.join(ROOT, '.data', 'test-data', opts.name, 'files'),
    TEMPORAL_ADDRESS: temporal.address,
    TEMPORAL_UI_URL: temporal.uiUrl,
    STRIPE_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET,
    SESSION_SECRET: TEST_SESSION_SECRET,
    PRINT_PROVIDER_WEBHOOK_SECRET: TEST_PRINT_PROVIDER_TOKEN,
    PRINT_PROVIDER_STAND_IN_URL: `http://127.0.0.1:${printProviderPort}`,
    // Orders move only when a test says so (stack.printProvider's control API, /dev/provider).
    PRINT_PROVIDER_STAND_IN_STEP_SECONDS: '0',
    TEMPORAL_PAYLOAD_KEY: TEST_PAYLOAD_KEY,
    CUSTOMER_EMAIL_HASH_KEY: TEST_CUSTOMER_EMAIL_HASH_KEY,
    CHECKOUT_EXPIRY_GRACE_SECONDS: '5',
    // Parallel stacks must not fight over the workers' default metrics port (a test gives a free one).
    WORKER_METRICS_ADDRESS: 'off',
    // Tests act as clients elsewhere (X-Forwarded-For from 198.18.0.0/15) and still use the local payment page
    // and the dev mailbox; test/access-matrix.integration.test.ts runs with the default (loopback only).
    DEV_ROUTES: 'open',
    ...(stripeMock
      ? {
          STRIPE_SECRET_KEY: 'sk_test_atelier',
          STRIPE_API_HOST: '127.0.0.1',
          STRIPE_API_PORT: String(stripeMock.httpPort),
          STRIPE_API_PROTOCOL: 'http',
        }
      : {}),
    ...opts.env,
  };
  // Children must not inherit the developer's own keys (a real Stripe or Resend account).
  const childEnv = { STRIPE_SECRET_KEY: undefined, RESEND_API_KEY: undefined, RESEND_BASE_URL: undefined, ...env };

  await group.run(`migrate-${opts.name}`, tsx(), ['db/cli.ts', 'migrate'], { cwd: ROOT, env: childEnv, silent: true, timeoutMs: 60_000 });
  await group.run(`seed-${opts.name}`, tsx(), ['server/seed-cli.ts'], { cwd: ROOT, env: childEnv, silent: true, timeoutMs: 60_000 });

  // A fresh database gets a stand-in without the orders of an earlier run of the same stack.
  fs.rmSync(path.resolve(ROOT, env.DATA_DIR!, 'print-provider-stand-in.json'), { force: true });
  const printProvider = await startPrintProviderStandIn({
    group,
    name: `print-provider-${opts.name}`,
    url: env.PRINT_PROVIDER_STAND_IN_URL!,
    env: childEnv,
    processOptions: { ...quiet, logFile: path.join(logDir, 'print-provider.log') },
  });

  // The commerce worker (or the one serving both queues) is `worker-<name>`; split, rendering is `worker-<name>-rendering`.
  const workerName = `worker-${opts.name}`;
  const workerLogs = opts.splitWorkers
    ? [path.join(logDir, 'worker.log'), path.join(logDir, 'worker-rendering.log')]
    : [path.join(logDir, 'worker.log')];
  const startWorker = () => {
    const args = opts.splitWorkers ? ['worker/index.ts', '--queue', 'commerce'] : ['worker/index.ts'];
    group.add(workerName, tsx(), args, { cwd: ROOT, env: childEnv, ...quiet, logFile: workerLogs[0] });
  };
  const startRenderingWorker = () => {
    group.add(`${workerName}-rendering`, tsx(), ['worker/index.ts', '--queue', 'rendering'], {
      cwd: ROOT,
      env: childEnv,
      ...quiet,
      logFile: workerLogs[1],
    });
  };
  if (opts.web !== false) {
    group.add(`web-${opts.name}`, process.execPath, ['--import', 'tsx', 'server.ts'], {
      cwd: ROOT,
      env: childEnv,
      ...quiet,
      logFile: path.join(logDir, 'web.log'),
    });
    await waitForHttp(`http://127.0.0.1:${port}/healthz`, 60_000, { group, name: `web-${opts.name}` });
  }
  if (opts.workers !== false) {
    const logSizes = workerLogs.map((f) => (fs.existsSync(f) ? fs.statSync(f).size : 0));
    startWorker();
    if (opts.splitWorkers) startRenderingWorker();
    // Tests start once the workers poll: bundling the workflow code takes seconds (more on a busy
    // machine), and a checkout sent before that waits out its deadline.
    await waitForWorkersRunning(workerLogs, logSizes, 180_000);
  }

  return {
    name: opts.name,
    group,
    baseUrl: `http://127.0.0.1:${port}`,
    port,
    databaseUrl,
    temporal,
    stripeMock,
    printProvider: { url: printProvider.url, stop: printProvider.stop, start: printProvider.start },
    env,
    logDir,
    startWorker,
    async killWorker() {
      group.kill(workerName, 'SIGKILL');
      await group.waitForExit(workerName);
    },
    async stopStripeMock() {
      if (!stripeMock) throw new Error(`the ${opts.name} stack has no stripe-mock (payments: 'mock')`);
      await group.stop(stripeMock.name);
    },
    async startStripeMock() {
      if (!stripeMock) throw new Error(`the ${opts.name} stack has no stripe-mock (payments: 'mock')`);
      // restart() spawns the same command: the same -http-addr, so the shop's STRIPE_API_PORT still points at it.
      await group.restart(stripeMock.name);
      await waitForPort(stripeMock.host, stripeMock.httpPort, 30_000, { group, name: stripeMock.name, what: 'stripe-mock' });
    },
    async stop() {
      await group.stopAll();
    },
  };
}

/** Waits until the workers' logs say both task queues' workers are RUNNING (this start's lines only). */
async function waitForWorkersRunning(logFiles: string[], startedAt: number[], timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    // startedAt holds byte sizes: cut the bytes, then decode (a log with multi-byte characters would shift a string cut).
    const text = logFiles.map((f, i) => (fs.existsSync(f) ? fs.readFileSync(f).subarray(startedAt[i]).toString('utf8') : '')).join('\n');
    // The SDK's "Worker state changed" line: a JSON log line in production, util.inspect style otherwise.
    const running = ['commerce', 'rendering'].every((q) =>
      new RegExp(`taskQueue(?:: '|":")${q}'?"?, ?"?state(?:: '|":")RUNNING`).test(text),
    );
    if (running) return;
    if (Date.now() > until) throw new Error(`the workers did not start within ${timeoutMs / 1000} s; see ${logFiles.join(', ')}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
