// `npm run bench`: builds the app, starts a private shop (own Temporal dev server, fresh database
// `atelier_bench`, web + worker on free ports, local payment mode), measures it from this process over
// loopback, prints a markdown table with the shop's performance targets and writes it to
// bench/results/ (<timestamp>.md/.json and latest.md/.json). Stops everything it started, also on
// failure and Ctrl-C.
//
// Options (`npm run bench -- --quick`):
//   --duration S          seconds per page run (10)          --warmup S        warm-up per page run (2)
//   --connections 1,16,64                                   --gzip            send Accept-Encoding: gzip
//   --checkouts N         measured checkouts (300)           --checkout-concurrency N (16)
//   --pay N               of those, paid on the local pay page (60), at --pay-rate R/s (5)
//   --webhook-rate R      signed webhooks per second for the rest (10)
//   --skip-pages          --skip-checkout                    --skip-build (use the existing build/)
//   --skip-render         (rendering: one A3 PNG + PDF x3, then items/min at concurrency 1 and 2, in child processes)
//   --ceiling-concurrency N  starters / connections for the ceilings (16)
//   --workflow-seconds S  empty workflows on the shop's Temporal dev server (10)
//   --insert-seconds S    single-row inserts, then plain order transactions, each (5)
//   --e2e N               checkouts end to end (start → pay page → paid) at --checkout-concurrency (160)
//   --skip-ceiling        --skip-e2e
//   --contention-checkouts N  checkouts per side of the stock-contention phase (256): each of --checkout-concurrency
//                         lanes buys, in rounds, the same tracked variant (5,000 on hand), and for comparison a
//                         tracked variant of its own (bench/lib/contention.ts)
//   --skip-contention     skip that phase
//   --points-orders N     webhook-to-paid with loyalty points off and on (bench/lib/points.ts): N orders per side (120),
//                         signed-in customers, paid on the local pay page at --points-rate R/s (2), in --points-rounds
//                         rounds (4: off, on, on, off, off, on, on, off); runs after the others but membership, as it
//                         restarts the worker with POINTS_EARN_RATE
//   --skip-points         skip that phase
//   --members N           membership renewals (bench/lib/membership.ts): N members (1,000) join through the shop's pages,
//                         then their first periods end within --membership-spread S (60) of each other, and each
//                         renewal's invoice.paid → credits granted is measured; a 30-day period lasts
//                         --membership-period S (600, via MEMBERSHIP_TIME_SCALE); runs after the points phase, as its
//                         members go on renewing every period until the stack stops
//   --skip-membership     skip that phase
//   --drop-customers N    a drop (bench/lib/drop.ts): N guest customers (500) press Checkout, open loop, evenly within
//                         --drop-seconds S (10), for a new tracked variant with --drop-stock N (50) in stock; exactly that
//                         many must start and the rest be told it is sold out; all but 5 started are paid, those 5 left
//                         to expire (the worker restarted for the phase with CHECKOUT_SESSION_TTL_SECONDS=60), then no
//                         order or checkout workflow may be left waiting and their stock must be sellable again
//   --skip-drop           skip that phase
//   --only PHASES         run only these phases (comma-separated: pages, ceiling, checkout, contention, e2e, drop,
//                         points, membership, render), e.g. `--only membership`; such a run does not replace latest.md/.json
//   --commerce-workers N  commerce worker processes (1); more run beside the stack's own, on the same task queue
//   --quick               a short smoke run (3 s pages, 60 checkouts, 64 per contention side, a drop of 100 customers
//                         for 10 in stock within 5 s, 30 orders per points side in 2 rounds); not for reporting, and it
//                         does not replace latest.md/.json (the run later ones are compared with)
//
// The "vs previous" column compares with bench/results/latest.json, or when that is a quick run, with
// the newest full run in bench/results/.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type pg from 'pg';
import { ensurePostgres } from '../scripts/lib/embedded-postgres.ts';
import { logInfo } from '../scripts/lib/output.ts';
import { ProcessGroup } from '../scripts/lib/process-group.ts';
import { buildApp, startStack, type Stack } from '../scripts/lib/stack.ts';
import { coresUsed, cpuSnapshot, type CpuSnapshot } from './lib/cpu.ts';
import { countOrderHistories, cpuMsPerOrder, waitUntilQuiet } from './lib/order-cost.ts';
import { newestOrderCost } from './lib/order-cost-report.ts';
import { benchEmptyWorkflows, benchPlainOrders, benchRowInserts } from './lib/ceiling.ts';
import { benchContention } from './lib/contention.ts';
import { benchDrop } from './lib/drop.ts';
import { createCarts, lookupVariantId, payOnLocalPage, runCheckouts, runEndToEnd, sendSignedWebhooks, PRODUCT_SLUG } from './lib/flows.ts';
import { benchPage } from './lib/pages.ts';
import { benchSignedInPages } from './lib/signed-in-pages.ts';
import { integrityHolds } from './lib/membership-checks.ts';
import { benchMemberships, membershipStackEnv } from './lib/membership.ts';
import { benchPoints } from './lib/points.ts';
import { toMarkdown, type BenchResults, type MachineInfo } from './lib/report.ts';
import { ms, num, sleep } from './lib/stats.ts';

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.dirname(BENCH_DIR);
const RESULTS_DIR = path.join(BENCH_DIR, 'results');
const BASE_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const STACK_NAME = 'bench';

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string' },
    warmup: { type: 'string' },
    connections: { type: 'string' },
    gzip: { type: 'boolean', default: false },
    checkouts: { type: 'string' },
    'checkout-concurrency': { type: 'string' },
    pay: { type: 'string' },
    'pay-rate': { type: 'string' },
    'webhook-rate': { type: 'string' },
    'skip-pages': { type: 'boolean', default: false },
    'skip-checkout': { type: 'boolean', default: false },
    'skip-build': { type: 'boolean', default: false },
    'skip-render': { type: 'boolean', default: false },
    'ceiling-concurrency': { type: 'string' },
    'workflow-seconds': { type: 'string' },
    'insert-seconds': { type: 'string' },
    e2e: { type: 'string' },
    'skip-ceiling': { type: 'boolean', default: false },
    'skip-e2e': { type: 'boolean', default: false },
    'contention-checkouts': { type: 'string' },
    'skip-contention': { type: 'boolean', default: false },
    'points-orders': { type: 'string' },
    'points-rounds': { type: 'string' },
    'points-rate': { type: 'string' },
    'skip-points': { type: 'boolean', default: false },
    members: { type: 'string' },
    'membership-period': { type: 'string' },
    'membership-spread': { type: 'string' },
    'skip-membership': { type: 'boolean', default: false },
    'drop-customers': { type: 'string' },
    'drop-stock': { type: 'string' },
    'drop-seconds': { type: 'string' },
    'skip-drop': { type: 'boolean', default: false },
    only: { type: 'string' },
    'commerce-workers': { type: 'string' },
    quick: { type: 'boolean', default: false },
  },
  strict: true,
});

function positive(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number (got "${value}")`);
  return n;
}

const PHASES = ['pages', 'ceiling', 'checkout', 'contention', 'e2e', 'drop', 'points', 'membership', 'render'] as const;
type Phase = (typeof PHASES)[number];
const only = args.only === undefined ? null : args.only.split(',').map((p) => p.trim());
for (const p of only ?? [])
  if (!(PHASES as readonly string[]).includes(p)) throw new Error(`--only: no phase "${p}" (${PHASES.join(', ')})`);
/** Whether a phase runs: not skipped, and named by --only when given. */
const runs = (phase: Phase) => !args[`skip-${phase}`] && (only === null || only.includes(phase));

const quick = args.quick;
const config = {
  quick,
  durationSeconds: positive(args.duration, quick ? 3 : 10, 'duration'),
  warmupSeconds: args.warmup === '0' ? 0 : positive(args.warmup, quick ? 1 : 2, 'warmup'),
  connections: (args.connections ?? '1,16,64').split(',').map((c) => Math.round(positive(c.trim(), 1, 'connections'))),
  gzip: args.gzip,
  checkouts: Math.round(positive(args.checkouts, quick ? 60 : 300, 'checkouts')),
  checkoutConcurrency: Math.round(positive(args['checkout-concurrency'], 16, 'checkout-concurrency')),
  pay: Math.round(positive(args.pay, quick ? 20 : 60, 'pay')),
  payRate: positive(args['pay-rate'], 5, 'pay-rate'),
  webhookRate: positive(args['webhook-rate'], 10, 'webhook-rate'),
  ceilingConcurrency: Math.round(positive(args['ceiling-concurrency'], 16, 'ceiling-concurrency')),
  workflowSeconds: positive(args['workflow-seconds'], quick ? 3 : 10, 'workflow-seconds'),
  insertSeconds: positive(args['insert-seconds'], quick ? 2 : 5, 'insert-seconds'),
  endToEndCheckouts: Math.round(positive(args.e2e, quick ? 32 : 160, 'e2e')),
  contentionCheckouts: Math.round(positive(args['contention-checkouts'], quick ? 64 : 256, 'contention-checkouts')),
  contentionRounds: quick ? 2 : 4,
  pointsOrders: Math.round(positive(args['points-orders'], quick ? 30 : 120, 'points-orders')),
  pointsRounds: Math.round(positive(args['points-rounds'], quick ? 2 : 4, 'points-rounds')),
  pointsRate: positive(args['points-rate'], 2, 'points-rate'),
  members: Math.round(positive(args.members, quick ? 200 : 1000, 'members')),
  membershipPeriodSeconds: positive(args['membership-period'], 600, 'membership-period'),
  membershipSpreadSeconds: positive(args['membership-spread'], quick ? 20 : 60, 'membership-spread'),
  dropCustomers: Math.round(positive(args['drop-customers'], quick ? 100 : 500, 'drop-customers')),
  dropStock: Math.round(positive(args['drop-stock'], quick ? 10 : 50, 'drop-stock')),
  dropSeconds: positive(args['drop-seconds'], quick ? 5 : 10, 'drop-seconds'),
  only,
  commerceWorkers: Math.round(positive(args['commerce-workers'], 1, 'commerce-workers')),
};
const CEILING_WARMUP_SECONDS = quick ? 0.5 : 1;
const CHECKOUT_WARMUP = config.checkoutConcurrency;
/** Checkouts one at a time after the concurrent run: the latency without queueing (info). */
const SEQUENTIAL_CHECKOUTS = quick ? 10 : 30;

function machineInfo(): MachineInfo {
  let commit = 'unknown';
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    commit = `${head}${dirty ? ' (with uncommitted changes)' : ''}`;
  } catch {
    // not a git checkout
  }
  const cpus = os.cpus();
  return {
    cores: os.availableParallelism?.() ?? cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown CPU',
    memoryGb: os.totalmem() / 1024 ** 3,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    loadAverage: os.loadavg(),
    commit,
  };
}

/** Waits for the worker's "worker ready" line, so its start-up (bundling the workflows) is not measured. */
async function waitForWorker(stack: Stack, timeoutMs: number): Promise<void> {
  const name = `worker-${STACK_NAME}`;
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (/worker ready/.test(stack.group.output(name, 200))) return;
    if (!stack.group.isRunning(name)) throw new Error(`the worker exited during start-up:\n${stack.group.output(name, 30)}`);
    await sleep(200);
  }
  throw new Error(`the worker was not ready after ${timeoutMs / 1000} s:\n${stack.group.output(name, 30)}`);
}

/** The run to compare with: latest.json, or when that was a quick run, the newest full run in results/. */
function previousRun(): { results: BenchResults; file: string } | null {
  const read = (file: string): BenchResults | null => {
    try {
      const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as BenchResults;
      return typeof parsed.startedAt === 'string' && Array.isArray(parsed.pages) ? parsed : null;
    } catch {
      return null;
    }
  };
  const latestFile = path.join(RESULTS_DIR, 'latest.json');
  const latest = fs.existsSync(latestFile) ? read(latestFile) : null;
  if (latest && !latest.config.quick && !latest.config.only) return { results: latest, file: path.relative(ROOT, latestFile) };
  if (!fs.existsSync(RESULTS_DIR)) return null;
  let best: { results: BenchResults; file: string } | null = null;
  for (const name of fs.readdirSync(RESULTS_DIR)) {
    if (!/^\d{4}-.*\.json$/.test(name)) continue;
    const r = read(path.join(RESULTS_DIR, name));
    if (r && !r.config.quick && !r.config.only && (!best || r.startedAt > best.results.startedAt))
      best = { results: r, file: path.relative(ROOT, path.join(RESULTS_DIR, name)) };
  }
  return best ?? (latest ? { results: latest, file: path.relative(ROOT, latestFile) } : null);
}

function writeResults(results: BenchResults, markdown: string): string[] {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const stamp = results.startedAt.replace(/:/g, '-').replace(/\.\d+Z$/, 'Z');
  const json = `${JSON.stringify(results, null, 2)}\n`;
  // A quick or partial run is no reference: latest.* stay the last full run.
  const reference = !results.config.quick && !results.config.only;
  const files = [
    [path.join(RESULTS_DIR, `${stamp}.md`), markdown],
    ...(reference ? [[path.join(RESULTS_DIR, 'latest.md'), markdown] as const] : []),
    [path.join(RESULTS_DIR, `${stamp}.json`), json],
    ...(reference ? [[path.join(RESULTS_DIR, 'latest.json'), json] as const] : []),
  ] as const;
  for (const [file, text] of files) fs.writeFileSync(file, text);
  return files.map(([file]) => path.relative(ROOT, file));
}

/** Rendering on its own, after the shop has stopped: each measurement in a fresh child process. */
function benchRender(quick: boolean): NonNullable<BenchResults['render']> {
  const tsx = path.join(ROOT, 'node_modules', '.bin', 'tsx');
  const child = (...a: string[]) =>
    JSON.parse(
      execFileSync(tsx, [path.join(BENCH_DIR, 'render-worker.ts'), ...a], { cwd: ROOT, encoding: 'utf8' })
        .trim()
        .split('\n')
        .pop()!,
    );
  const size = 'A3';
  logInfo(`bench: rendering one ${size} PNG + PDF (3 runs)…`);
  const one = [1, 2, 3].map(() => child('one', size) as { ms: number; peakRssMb: number });
  const items = quick ? 4 : 20;
  const throughput = [1, 2].map((concurrency) => {
    logInfo(`bench: rendering ${items} ${size} items at concurrency ${concurrency}…`);
    return {
      concurrency,
      items,
      ...(child('throughput', String(concurrency), String(items), size) as {
        itemsPerMinute: number;
        seconds: number;
        peakInFlight: number;
        peakRssMb: number;
      }),
    };
  });
  return { size, one, throughput };
}

async function main(): Promise<void> {
  const startedAt = new Date();
  const t0 = performance.now();
  const machine = machineInfo();
  const previous = previousRun();
  const group = new ProcessGroup();
  let db: pg.Pool | undefined;
  const notes: string[] = [];
  const cpu: BenchResults['cpu'] = [];
  const results: BenchResults = {
    startedAt: startedAt.toISOString(),
    finishedAt: '',
    runtimeSeconds: 0,
    machine,
    config: { ...config, stackEnv: {} },
    pages: [],
    carts: null,
    checkout: null,
    checkoutSequential: null,
    pay: null,
    webhooks: null,
    cpu,
    notes,
    render: null,
    ceiling: null,
    endToEnd: null,
    contention: null,
    points: null,
    membership: null,
    drop: null,
    previous: previous ? { startedAt: previous.results.startedAt, file: previous.file, quick: previous.results.config.quick } : null,
  };

  try {
    logInfo(`bench: ${machine.cores} cores, Node ${machine.node}, load average ${machine.loadAverage.map((x) => x.toFixed(2)).join(' ')}`);
    await ensurePostgres({ url: BASE_DATABASE_URL, group });
    if (args['skip-build']) {
      if (!fs.existsSync(path.join(ROOT, 'build', 'index.js'))) throw new Error('--skip-build, but there is no build/index.js');
      logInfo('bench: using the existing build (--skip-build)');
    } else {
      logInfo('bench: building the app…');
      await buildApp(group);
    }
    logInfo('bench: starting the shop (Temporal dev server, database atelier_bench, web, worker)…');
    const stack = await startStack({
      name: STACK_NAME,
      payments: 'local',
      group,
      env: runs('membership') ? membershipStackEnv(config.membershipPeriodSeconds, config.membershipSpreadSeconds) : {},
    });
    results.config.stackEnv = Object.fromEntries(
      Object.entries(stack.env).filter(([k]) =>
        [
          'NODE_ENV',
          'DATABASE_POOL_MAX',
          'CHECKOUT_EXPIRY_GRACE_SECONDS',
          'WORKER_CONCURRENCY',
          'MEMBERSHIP_TIME_SCALE',
          'MEMBERSHIP_RENEWAL_CHECK_DAYS',
          'LOCAL_SUBSCRIPTIONS_TICK_MS',
        ].includes(k),
      ),
    );
    await waitForWorker(stack, 120_000);
    // More commerce workers on the same task queue (docs/capacity.md checks its prediction for two with this).
    for (let i = 2; i <= config.commerceWorkers; i++)
      stack.group.add(
        `worker-${STACK_NAME}-${i}`,
        path.join(ROOT, 'node_modules', '.bin', 'tsx'),
        ['worker/index.ts', '--queue', 'commerce'],
        {
          cwd: ROOT,
          env: stack.env,
          silent: true,
          logFile: path.join(stack.logDir, `worker-${i}.log`),
        },
      );
    if (config.commerceWorkers > 1) await sleep(15_000);
    logInfo(`bench: shop at ${stack.baseUrl} (logs in ${path.relative(ROOT, stack.logDir)})`);

    const pgids = () => ({
      web: stack.group.pid(`web-${STACK_NAME}`),
      worker: stack.group.pid(`worker-${STACK_NAME}`),
      temporal: stack.group.pid(`temporal-${STACK_NAME}`),
      ...Object.fromEntries(
        Array.from({ length: config.commerceWorkers - 1 }, (_, i) => [`worker ${i + 2}`, stack.group.pid(`worker-${STACK_NAME}-${i + 2}`)]),
      ),
    });
    const measure = async <T>(phase: string, fn: () => Promise<T>): Promise<T> => {
      const before: CpuSnapshot = cpuSnapshot(pgids());
      const value = await fn();
      cpu.push({ phase, cores: coresUsed(before, cpuSnapshot(pgids())) });
      return value;
    };

    // Smoke check: both pages answer 200 before we load them.
    for (const p of ['/', `/products/${PRODUCT_SLUG}`]) {
      const res = await fetch(new URL(p, stack.baseUrl));
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`GET ${p} answered ${res.status}; see ${stack.logDir}/web.log`);
    }

    if (runs('pages')) {
      const pages = [
        { name: 'Catalog', path: '/' },
        { name: 'Product page', path: `/products/${PRODUCT_SLUG}` },
      ];
      for (const page of pages) {
        for (const connections of config.connections) {
          logInfo(
            `bench: ${page.name} ${page.path} at ${connections} connections (${config.warmupSeconds} s warm-up + ${config.durationSeconds} s)…`,
          );
          const run = await benchPage({
            baseUrl: stack.baseUrl,
            ...page,
            connections,
            durationSeconds: config.durationSeconds,
            warmupSeconds: config.warmupSeconds,
            headers: config.gzip ? { 'accept-encoding': 'gzip' } : undefined,
            wrap: (fn) => measure(`${page.name} ${connections} conn`, fn),
          });
          results.pages.push(run);
          logInfo(
            `bench:   ${num(run.okPerSecond)} req/s, p50 ${ms(run.latency.p50)} ms, p95 ${ms(run.latency.p95)} ms, p99 ${ms(run.latency.p99)} ms, errors ${num(run.non2xx + run.errors)}`,
          );
        }
      }
      // The same pages and more for signed-in shoppers with carts: never from the page cache, one session per request in turn.
      db ??= new (await import('pg')).default.Pool({ connectionString: stack.databaseUrl, max: 3 });
      results.signedInPages = await benchSignedInPages({
        stack,
        db,
        shoppers: quick ? 50 : 200,
        connections: config.connections,
        durationSeconds: config.durationSeconds,
        warmupSeconds: config.warmupSeconds,
        headers: config.gzip ? { 'accept-encoding': 'gzip' } : undefined,
        wrap: measure,
        log: logInfo,
      });
    }

    if (runs('ceiling')) {
      const ceiling: NonNullable<BenchResults['ceiling']> = { emptyWorkflow: null, rowInsert: null, plainOrder: null };
      results.ceiling = ceiling;
      const n = config.ceilingConcurrency;
      logInfo(`bench: ceiling — empty workflows on the shop's Temporal dev server, ${n} starters, ${config.workflowSeconds} s…`);
      ceiling.emptyWorkflow = await measure('ceiling: empty workflows', () =>
        benchEmptyWorkflows({
          address: stack.temporal.address,
          namespace: stack.temporal.namespace,
          concurrency: n,
          durationSeconds: config.workflowSeconds,
          warmupSeconds: CEILING_WARMUP_SECONDS,
        }),
      );
      const wf = ceiling.emptyWorkflow;
      logInfo(
        `bench:   ${wf.perSecond.toFixed(1)} workflows/s, p50/p95/p99 ${ms(wf.latency.p50)}/${ms(wf.latency.p95)}/${ms(wf.latency.p99)} ms, ${wf.failureCount} failed`,
      );
      logInfo(`bench: ceiling — single-row inserts + commit, ${n} connections, ${config.insertSeconds} s…`);
      ceiling.rowInsert = await measure('ceiling: row inserts', () =>
        benchRowInserts({
          databaseUrl: stack.databaseUrl,
          connections: n,
          durationSeconds: config.insertSeconds,
          warmupSeconds: CEILING_WARMUP_SECONDS,
        }),
      );
      logInfo(
        `bench:   ${num(ceiling.rowInsert.perSecond)} rows/s, p50/p99 ${ms(ceiling.rowInsert.latency.p50)}/${ms(ceiling.rowInsert.latency.p99)} ms`,
      );
      logInfo(`bench: plain order transactions (order + item + event, no workflow), ${n} connections, ${config.insertSeconds} s…`);
      ceiling.plainOrder = await measure('plain order transactions', () =>
        benchPlainOrders({
          databaseUrl: stack.databaseUrl,
          connections: n,
          durationSeconds: config.insertSeconds,
          warmupSeconds: CEILING_WARMUP_SECONDS,
        }),
      );
      logInfo(
        `bench:   ${num(ceiling.plainOrder.perSecond)} orders/s, p50/p99 ${ms(ceiling.plainOrder.latency.p50)}/${ms(ceiling.plainOrder.latency.p99)} ms`,
      );
    }

    if (runs('checkout')) {
      db = new (await import('pg')).default.Pool({ connectionString: stack.databaseUrl, max: 3 });
      const variantId = await lookupVariantId(db);
      const phaseDeadline = Date.now() + 150_000;

      const cartCount = CHECKOUT_WARMUP + config.checkouts + SEQUENTIAL_CHECKOUTS;
      logInfo(`bench: creating ${cartCount} carts…`);
      const carts = await createCarts({ baseUrl: stack.baseUrl, variantId, count: cartCount, concurrency: 8, deadline: phaseDeadline });
      results.carts = { created: carts.cookies.length, seconds: carts.seconds, failures: carts.failures.list() };
      if (carts.cookies.length <= CHECKOUT_WARMUP)
        throw new Error(`only ${carts.cookies.length} carts could be created: ${JSON.stringify(carts.failures.list())}`);
      const sequentialCookies = carts.cookies.splice(Math.max(CHECKOUT_WARMUP + 1, carts.cookies.length - SEQUENTIAL_CHECKOUTS));

      logInfo(
        `bench: ${CHECKOUT_WARMUP} warm-up checkouts, then ${carts.cookies.length - CHECKOUT_WARMUP} at ${config.checkoutConcurrency} concurrent…`,
      );
      const warm = await runCheckouts({
        baseUrl: stack.baseUrl,
        cookies: carts.cookies.slice(0, CHECKOUT_WARMUP),
        concurrency: config.checkoutConcurrency,
        deadline: phaseDeadline,
      });
      if (warm.failureCount > 0)
        notes.push(`Warm-up checkouts: ${warm.failureCount} failed (${warm.failures.map((f) => `${f.status}: ${f.example}`).join('; ')})`);
      const checkout = await measure('checkout start', () =>
        runCheckouts({
          baseUrl: stack.baseUrl,
          cookies: carts.cookies.slice(CHECKOUT_WARMUP),
          concurrency: config.checkoutConcurrency,
          deadline: phaseDeadline,
        }),
      );
      results.checkout = { ...checkout, started: [] };
      logInfo(
        `bench:   ${num(checkout.latency.n)} started, p50 ${ms(checkout.latency.p50)} ms, p95 ${ms(checkout.latency.p95)} ms, p99 ${ms(checkout.latency.p99)} ms, ${checkout.failureCount} failed`,
      );
      if (sequentialCookies.length > 0) {
        await sleep(1000);
        logInfo(`bench: ${sequentialCookies.length} checkouts one at a time…`);
        const seq = await measure('checkout start, one at a time', () =>
          runCheckouts({ baseUrl: stack.baseUrl, cookies: sequentialCookies, concurrency: 1, deadline: phaseDeadline }),
        );
        results.checkoutSequential = { ...seq, started: [] };
        checkout.started.push(...seq.started);
        logInfo(`bench:   p50 ${ms(seq.latency.p50)} ms, p95 ${ms(seq.latency.p95)} ms, ${seq.failureCount} failed`);
      }
      // Let the worker finish the tail of session creation before the payment phases.
      await sleep(1000);

      const toPay = checkout.started.slice(0, Math.min(config.pay, Math.floor(checkout.started.length / 3)));
      const toWebhook = checkout.started.slice(toPay.length);
      if (toWebhook.length > 0) {
        logInfo(`bench: ${toWebhook.length} signed webhooks at ${config.webhookRate}/s…`);
        results.webhooks = await measure('webhooks', () =>
          sendSignedWebhooks({
            baseUrl: stack.baseUrl,
            db: db!,
            secret: stack.env.STRIPE_WEBHOOK_SECRET!,
            checkouts: toWebhook,
            ratePerSecond: config.webhookRate,
            maxInFlight: 64,
            paidTimeoutMs: 30_000,
          }),
        );
        const w = results.webhooks;
        logInfo(
          `bench:   ack p50/p95/p99 ${ms(w.ack.p50)}/${ms(w.ack.p95)}/${ms(w.ack.p99)} ms; send → paid p50/p95/p99 ${ms(w.sendToPaid.p50)}/${ms(w.sendToPaid.p95)}/${ms(w.sendToPaid.p99)} ms; ${w.failureCount} failed, ${w.notPaid} not paid`,
        );
      }
      if (toPay.length > 0) {
        logInfo(`bench: paying ${toPay.length} checkouts on the local payment page at ${config.payRate}/s…`);
        results.pay = await measure('local pay page', () =>
          payOnLocalPage({
            baseUrl: stack.baseUrl,
            db: db!,
            checkouts: toPay,
            ratePerSecond: config.payRate,
            maxInFlight: 32,
            paidTimeoutMs: 30_000,
          }),
        );
        const p = results.pay;
        logInfo(
          `bench:   pay POST p50/p95/p99 ${ms(p.payLatency.p50)}/${ms(p.payLatency.p95)}/${ms(p.payLatency.p99)} ms; click → paid p50/p95 ${ms(p.sendToPaid.p50)}/${ms(p.sendToPaid.p95)} ms; ${p.failureCount} failed, ${p.notPaid} not paid`,
        );
      }
    }

    if (runs('contention')) {
      db ??= new (await import('pg')).default.Pool({ connectionString: stack.databaseUrl, max: 3 });
      const pool = db;
      await sleep(1000);
      results.contention = await measure('stock contention (carts, both sides)', () =>
        benchContention({
          baseUrl: stack.baseUrl,
          db: pool,
          lanes: config.checkoutConcurrency,
          checkouts: config.contentionCheckouts,
          rounds: config.contentionRounds,
          deadline: Date.now() + 300_000,
          log: logInfo,
        }),
      );
      const { contended: c, uncontended: u, ratio, hot } = results.contention;
      logInfo(
        `bench:   same variant ${c.perSecond.toFixed(1)} /s, p95 ${ms(c.latency.p95)} ms, ${c.failureCount} failed; one variant per lane ${u.perSecond.toFixed(1)} /s, p95 ${ms(u.latency.p95)} ms, ${u.failureCount} failed; ratio ${(ratio * 100).toFixed(0)} %`,
      );
      if (!hot.logMatches)
        notes.push(`Contention: the hot variant's levels (${hot.onHand} / ${hot.reserved}) are not the sums of its movements`);
      if (results.contention.cartFailures.length > 0)
        notes.push(`Contention carts: ${results.contention.cartFailures.map((f) => `${f.count} × ${f.status}: ${f.example}`).join('; ')}`);
    }

    if (runs('e2e')) {
      db ??= new (await import('pg')).default.Pool({ connectionString: stack.databaseUrl, max: 3 });
      const variantId = await lookupVariantId(db);
      const deadline = Date.now() + 180_000;
      logInfo(`bench: creating ${config.endToEndCheckouts} carts for the end-to-end batch…`);
      const carts = await createCarts({ baseUrl: stack.baseUrl, variantId, count: config.endToEndCheckouts, concurrency: 8, deadline });
      if (carts.failures.total > 0)
        notes.push(
          `End-to-end carts: ${carts.failures.total} could not be created (${carts.failures
            .list()
            .map((f) => f.example)
            .join('; ')})`,
        );
      await sleep(1000);
      logInfo(`bench: ${carts.cookies.length} checkouts end to end (start → pay page → paid) at ${config.checkoutConcurrency} concurrent…`);
      const batchStart = new Date();
      const cpuBefore = cpuSnapshot(pgids());
      results.endToEnd = await measure('checkouts end to end', () =>
        runEndToEnd({
          baseUrl: stack.baseUrl,
          db: db!,
          cookies: carts.cookies,
          concurrency: config.checkoutConcurrency,
          deadline,
          paidTimeoutMs: 60_000,
        }),
      );
      const e = results.endToEnd;
      const wf = results.ceiling?.emptyWorkflow;
      logInfo(
        `bench:   ${e.perSecond.toFixed(1)} orders/s${wf ? ` (${Math.round((100 * e.perSecond) / wf.perSecond)} % of ${wf.perSecond.toFixed(1)} empty wf/s)` : ''}; start → paid p50/p95/p99 ${ms(e.latency.p50)}/${ms(e.latency.p95)}/${ms(e.latency.p99)} ms; ${e.failureCount} failed, ${e.notPaid} not paid`,
      );
      logInfo('bench: waiting for the shop to go quiet, then counting what the paid orders cost…');
      await waitUntilQuiet(pgids);
      const cpu = cpuMsPerOrder(cpuBefore, cpuSnapshot(pgids()), e.paid);
      results.orderCost = {
        orders: e.paid,
        ...(await countOrderHistories({
          address: stack.temporal.address,
          namespace: stack.temporal.namespace,
          since: batchStart,
          orders: e.paid,
        })),
        cpuMsPerOrder: cpu.perOrder,
        seconds: cpu.seconds,
      };
      const oc = results.orderCost;
      logInfo(
        `bench:   per paid order ${oc.perOrder.actions.toFixed(1)} actions, ${oc.perOrder.events.toFixed(1)} events, ${oc.perOrder.workflowTasks.toFixed(1)} workflow tasks, ${oc.perOrder.activityTasks.toFixed(1)} activity tasks; CPU ${Object.entries(
          oc.cpuMsPerOrder,
        )
          .map(([k, v]) => `${k} ${v.toFixed(0)}`)
          .join(', ')} ms`,
      );
    }

    if (runs('drop')) {
      db ??= new (await import('pg')).default.Pool({ connectionString: stack.databaseUrl, max: 3 });
      results.drop = await benchDrop({
        stack,
        db,
        customers: config.dropCustomers,
        stock: config.dropStock,
        seconds: config.dropSeconds,
        // Its short sessions are for its own checkouts only: a later phase gets the worker as the stack started it.
        restoreWorker: runs('points') || runs('membership'),
        wrap: measure,
        log: logInfo,
      });
      const failed = results.drop.checks.filter((c) => !c.ok).map((c) => `${c.name} — ${c.detail}`);
      if (failed.length > 0) notes.push(`Drop: ${failed.join('; ')}`);
    }

    if (runs('points')) {
      db ??= new (await import('pg')).default.Pool({ connectionString: stack.databaseUrl, max: 3 });
      results.points = await benchPoints({
        stack,
        db,
        ordersPerSide: config.pointsOrders,
        rounds: config.pointsRounds,
        ratePerSecond: config.pointsRate,
        warmup: quick ? 4 : 8,
        wrap: measure,
        log: logInfo,
      });
      const { off, on, ratio } = results.points;
      const side = (s: typeof off) =>
        `p50/p95 ${ms(s.webhookToPaid.p50)}/${ms(s.webhookToPaid.p95)} ms (${s.webhookToPaid.n} paid, ${s.failureCount} failed, ${s.notPaid} not paid)`;
      logInfo(
        `bench:   webhook → paid, points off ${side(off)}; points on ${side(on)}; on/off p95 ${(ratio * 100).toFixed(0)} %; shop CPU per order ${ms(off.cpuMsPerOrder.total)} → ${ms(on.cpuMsPerOrder.total)} ms`,
      );
    }

    if (runs('membership')) {
      db ??= new (await import('pg')).default.Pool({ connectionString: stack.databaseUrl, max: 3 });
      results.membership = await benchMemberships({
        stack,
        db,
        members: config.members,
        periodSeconds: config.membershipPeriodSeconds,
        spreadSeconds: config.membershipSpreadSeconds,
        wrap: measure,
        log: logInfo,
      });
      const m = results.membership;
      logInfo(
        `bench:   ${m.renewals} renewals, ${m.granted} granted at ${m.grantsPerSecond.toFixed(1)}/s; event → granted p50/p95/max ${ms(m.eventToGranted.p50)}/${ms(m.eventToGranted.p95)}/${ms(m.eventToGranted.max)} ms; ledger ${integrityHolds(m.integrity) ? 'holds' : 'does NOT hold'}`,
      );
      if (m.seeding.firstGranted < m.seeding.subscribed)
        notes.push(`Membership: only ${m.seeding.firstGranted} of ${m.seeding.subscribed} first periods were granted before the renewals`);
      if (!integrityHolds(m.integrity)) notes.push(`Membership ledger: ${JSON.stringify(m.integrity)}`);
    }
  } finally {
    await db?.end().catch(() => undefined);
    logInfo('bench: stopping the shop…');
    await group.stopAll();
  }

  if (runs('render')) results.render = benchRender(quick);

  results.orderCostPrevious = results.orderCost ? newestOrderCost(RESULTS_DIR, results.startedAt) : null;
  results.finishedAt = new Date().toISOString();
  results.runtimeSeconds = (performance.now() - t0) / 1000;
  const markdown = toMarkdown(results, previous?.results ?? null);
  const files = writeResults(results, markdown);
  process.stdout.write(`\n${markdown}\n`);
  logInfo(`bench: wrote ${files.join(', ')}`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exitCode = 1;
});
