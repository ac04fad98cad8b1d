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
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ensurePostgres } from '../scripts/lib/embedded-postgres.ts';
import { logInfo } from '../scripts/lib/output.ts';
import { ProcessGroup } from '../scripts/lib/process-group.ts';
import { buildApp, startStack, type Stack } from '../scripts/lib/stack.ts';
import { PRODUCT_SLUG } from './lib/carts.ts';
import { machineInfo } from './lib/machine.ts';
import { membershipStackEnv } from './lib/membership.ts';
import { newestOrderCost } from './lib/order-cost-report.ts';
import { RESULTS_DIR, ROOT } from './lib/paths.ts';
import { toMarkdown } from './lib/report.ts';
import type { BenchResults } from './lib/results.ts';
import { previousRun, writeResults } from './lib/results-files.ts';
import { sleep } from './lib/stats.ts';
import { runCeilingPhase } from './phases/ceiling.ts';
import { runCheckoutPhase } from './phases/checkout.ts';
import { runContentionPhase } from './phases/contention.ts';
import { PHASES, phaseContext, type BenchConfig, type Phase, type PhaseContext } from './phases/context.ts';
import { runDropPhase } from './phases/drop.ts';
import { runEndToEndPhase } from './phases/e2e.ts';
import { runMembershipPhase } from './phases/membership.ts';
import { runPagesPhase } from './phases/pages.ts';
import { runPointsPhase } from './phases/points.ts';
import { runRenderPhase } from './phases/render.ts';

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

const only = args.only === undefined ? null : args.only.split(',').map((p) => p.trim());
for (const p of only ?? [])
  if (!(PHASES as readonly string[]).includes(p)) throw new Error(`--only: no phase "${p}" (${PHASES.join(', ')})`);
/** Whether a phase runs: not skipped, and named by --only when given. */
const runs = (phase: Phase) => !args[`skip-${phase}`] && (only === null || only.includes(phase));

const quick = args.quick;
const config: BenchConfig = {
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

async function main(): Promise<void> {
  const startedAt = new Date();
  const t0 = performance.now();
  const machine = machineInfo();
  const previous = previousRun();
  const group = new ProcessGroup();
  let ctx: PhaseContext | undefined;
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
    cpu: [],
    notes: [],
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

    ctx = phaseContext({ stack, config, results, runs, log: logInfo, stackName: STACK_NAME });

    // Smoke check: both pages answer 200 before we load them.
    for (const p of ['/', `/products/${PRODUCT_SLUG}`]) {
      const res = await fetch(new URL(p, stack.baseUrl));
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`GET ${p} answered ${res.status}; see ${stack.logDir}/web.log`);
    }

    if (runs('pages')) await runPagesPhase(ctx);
    if (runs('ceiling')) await runCeilingPhase(ctx);
    if (runs('checkout')) await runCheckoutPhase(ctx);
    if (runs('contention')) await runContentionPhase(ctx);
    if (runs('e2e')) await runEndToEndPhase(ctx);
    if (runs('drop')) await runDropPhase(ctx);
    if (runs('points')) await runPointsPhase(ctx);
    if (runs('membership')) await runMembershipPhase(ctx);
  } finally {
    await ctx?.db?.end().catch(() => undefined);
    logInfo('bench: stopping the shop…');
    await group.stopAll();
  }

  if (runs('render')) runRenderPhase({ config, results, log: logInfo });

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
