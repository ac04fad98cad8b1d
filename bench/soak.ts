// `npm run soak -- --minutes 10 --rate 5`: a steady load for a while, then the books are checked.
// Starts its own shop like bench/run.ts (own Temporal dev server, fresh database `atelier_soak_…`, web
// + worker on free ports, local payment mode, loopback only), drives orders at --rate per second
// through the real web forms (add to cart → POST /checkout → the local pay page POST, which delivers
// the signed webhook) with browsing beside them (--browse-rate GETs per second of the catalog and a
// product page), samples the RSS of the web and worker processes (and their children) every 10 s, and
// at the end checks with SQL and Temporal's visibility:
//   - no order lost or stuck: every order placed is paid, no other order is left unpaid, every
//     `checkout` workflow completed (none running, failed, terminated or timed out);
//   - every paid order has exactly one 'order-confirmation' email, sent;
// and reports p50/p95/p99 of checkout start (POST /checkout → 303) and webhook-to-paid (pay POST sent →
// orders.paid_at) plus a memory steadiness verdict. Writes bench/results/soak-<timestamp>.md/.json and
// prints it. Exits 1 when an order is lost or stuck, a confirmation is missing or duplicated, or an
// order could not be placed. Stops everything it started, also on failure and Ctrl-C.
//
// Options: --minutes M (10; 1 for a smoke)   --rate R orders/s (5)   --browse-rate R GETs/s (4)
//          --skip-build (use the existing build/)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import pg from 'pg';
import { ensurePostgres } from '../scripts/lib/embedded-postgres.ts';
import { logInfo } from '../scripts/lib/output.ts';
import { ProcessGroup } from '../scripts/lib/process-group.ts';
import { buildApp, startStack, type Stack } from '../scripts/lib/stack.ts';
import { PRODUCT_SLUG, createCart, lookupVariantId } from './lib/carts.ts';
import { BuyError, checkoutAndPay, type BoughtOrder } from './lib/end-to-end.ts';
import { Failures, type Failure } from './lib/failures.ts';
import { cpuSnapshot } from './lib/cpu.ts';
import { STEADY, commandOf, steadiness, treeRss, type Steadiness, type TreeRss } from './lib/rss.ts';
import { ms, num, paced, sleep, summarize, type Summary } from './lib/stats.ts';

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.dirname(BENCH_DIR);
const RESULTS_DIR = path.join(BENCH_DIR, 'results');
const BASE_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const STACK_NAME = 'soak';
const RSS_INTERVAL_MS = 10_000;
/** Emails that count as sent (with no RESEND_API_KEY the outbox stores them). */
const SENT_STATUSES = ['sent', 'stored', 'delivered'];

const { values: args } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    rate: { type: 'string', default: '5' },
    'browse-rate': { type: 'string', default: '4' },
    'skip-build': { type: 'boolean', default: false },
  },
  strict: true,
});

function positive(value: string, name: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number (got "${value}")`);
  return n;
}

const config = {
  minutes: positive(args.minutes, 'minutes'),
  rate: positive(args.rate, 'rate'),
  browseRate: positive(args['browse-rate'], 'browse-rate'),
};

/** The processes measured (RSS, CPU): process-group names in the stack. Workers run split, as in production. */
const PROCESSES = {
  web: `web-${STACK_NAME}`,
  'commerce worker': `worker-${STACK_NAME}`,
  'rendering worker': `worker-${STACK_NAME}-rendering`,
} as const;
type ProcessName = keyof typeof PROCESSES;
const PROCESS_NAMES = Object.keys(PROCESSES) as ProcessName[];
/** A checkout answered 503 is pressed again (the page asks the customer to), at most this often, after this pause. */
const CHECKOUT_RETRIES = 2;
const CHECKOUT_RETRY_PAUSE_MS = 3_000;

interface RssSample {
  /** Minutes since the load started. */
  minutes: number;
  trees: Partial<Record<ProcessName, TreeRss | null>>;
}

interface SoakReport {
  startedAt: string;
  finishedAt: string;
  config: typeof config & { cores: number; node: string; loadAverage: number[] };
  orders: {
    planned: number;
    placed: number;
    failures: Failure[];
    failureCount: number;
    checkoutStart: Summary;
    payPost: Summary;
    webhookToPaid: Summary;
    cart: Summary;
  };
  browsing: { requests: number; non2xx: number; errors: number; latency: Summary };
  /** Checkouts that answered 503 and were pressed again (each press counted), and how many then went through. */
  retries: { presses: number; recovered: number };
  /** CPU time per paid order by process (ms), over the load and the settling; postgres = every PostgreSQL process on the machine. */
  cpuMsPerPaidOrder: Record<string, number> | null;
  books: {
    ordersByStatus: Record<string, number>;
    /** Placed (pay page answered) but not paid in the database. */
    lost: string[];
    /** Any order in the database not paid (pending from a failed pay step, cancelled…). */
    stuck: string[];
    workflows: Record<string, number>;
    runningCheckouts: string[];
    confirmations: { paidOrders: number; exactlyOnce: number; missing: string[]; duplicated: string[]; notSent: string[] };
  };
  rss: {
    intervalSeconds: number;
    samples: RssSample[];
    processes: Record<string, string>;
    verdicts: Partial<Record<ProcessName, Steadiness>>;
  };
  ok: boolean;
  problems: string[];
}

const errorText = (err: unknown) => (err instanceof Error ? `${err.name}: ${err.message}` : String(err));

async function temporalCounts(client: Client): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const status of ['Running', 'Completed', 'Failed', 'Canceled', 'Terminated', 'TimedOut', 'ContinuedAsNew']) {
    const { count } = await client.workflow.count(`WorkflowType = 'checkout' AND ExecutionStatus = '${status}'`);
    out[status] = count;
  }
  return out;
}

async function runningCheckouts(client: Client, limit = 20): Promise<string[]> {
  const ids: string[] = [];
  for await (const wf of client.workflow.list({ query: `WorkflowType = 'checkout' AND ExecutionStatus = 'Running'` })) {
    ids.push(wf.workflowId);
    if (ids.length >= limit) break;
  }
  return ids;
}

async function waitUntil(what: string, timeoutMs: number, done: () => Promise<boolean>): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (await done()) return true;
    if (Date.now() > until) {
      logInfo(`soak: gave up waiting for ${what} after ${timeoutMs / 1000} s`);
      return false;
    }
    await sleep(500);
  }
}

function fmtMb(x: number): string {
  return Number.isFinite(x) ? x.toFixed(1) : '—';
}

function toMarkdown(r: SoakReport): string {
  const o = r.orders;
  const b = r.books;
  const lat = (label: string, s: Summary, note: string) =>
    `| ${label} | ${num(s.n)} | ${ms(s.p50)} | ${ms(s.p95)} | ${ms(s.p99)} | ${ms(s.max)} | ${note} |`;
  const out = [
    `# Atelier soak — ${r.startedAt}`,
    '',
    `**${r.ok ? '✅ PASS' : '❌ FAIL'}**${r.problems.length ? ` — ${r.problems.join('; ')}` : ''}`,
    '',
    `- **Load:** ${r.config.minutes} min, orders at ${r.config.rate}/s through the web forms (add to cart → \`POST /checkout\` → local pay page POST, which delivers the signed webhook), browsing at ${r.config.browseRate} GET/s (\`/\` and \`/products/${PRODUCT_SLUG}\`)`,
    `- **Machine:** ${r.config.cores} cores, Node ${r.config.node}, load average at start ${r.config.loadAverage.map((x) => x.toFixed(2)).join(' ')}`,
    `- **Shop:** its own stack (web \`NODE_ENV=production\`, the \`commerce\` and \`rendering\` workers in their own processes as \`npm start\` runs them, Temporal dev server, database \`atelier_soak_…\`), local payment mode, loopback only`,
    `- **Customers:** a checkout answered 503 is pressed again after ${CHECKOUT_RETRY_PAUSE_MS / 1000} s, at most ${CHECKOUT_RETRIES} times (the page asks them to); ${num(r.retries.presses)} such presses, ${num(r.retries.recovered)} checkouts went through on one`,
    `- **Ran:** ${r.startedAt} → ${r.finishedAt}`,
    '',
    '## Books',
    '',
    `| Check | Result |`,
    `| --- | --- |`,
    `| Orders placed (pay page answered) | ${num(o.placed)} of ${num(o.planned)} planned; ${num(o.failureCount)} could not be placed |`,
    `| Orders in the database by status | ${
      Object.entries(b.ordersByStatus)
        .map(([k, v]) => `${k}: ${num(v)}`)
        .join(', ') || 'none'
    } |`,
    `| Lost (placed, not paid) | ${b.lost.length === 0 ? '✅ 0' : `❌ ${b.lost.length}: ${b.lost.slice(0, 10).join(', ')}`} |`,
    `| Stuck (any order not paid) | ${b.stuck.length === 0 ? '✅ 0' : `❌ ${b.stuck.length}: ${b.stuck.slice(0, 10).join(', ')}`} |`,
    `| \`checkout\` workflows | ${
      Object.entries(b.workflows)
        .filter(([, v]) => v > 0)
        .map(([k, v]) => `${k}: ${num(v)}`)
        .join(', ') || 'none'
    }${b.runningCheckouts.length ? ` (running: ${b.runningCheckouts.join(', ')})` : ''} |`,
    `| Confirmation emails exactly once | ${b.confirmations.exactlyOnce} of ${b.confirmations.paidOrders} paid orders; missing ${b.confirmations.missing.length}, duplicated ${b.confirmations.duplicated.length}, not sent ${b.confirmations.notSent.length} |`,
    '',
    '## Latency (ms)',
    '',
    '| Step | n | p50 | p95 | p99 | max | |',
    '| --- | ---: | ---: | ---: | ---: | ---: | --- |',
    lat('Checkout start `POST /checkout` → 303', o.checkoutStart, ''),
    lat('Webhook-to-paid: pay POST sent → `orders.paid_at`', o.webhookToPaid, 'the pay POST delivers the signed webhook'),
    lat('Pay POST → 303', o.payPost, 'includes webhook delivery + ack'),
    lat('Add to cart → 303', o.cart, ''),
    lat(
      'Browsing GET',
      r.browsing.latency,
      `${num(r.browsing.requests)} requests, ${num(r.browsing.non2xx)} non-2xx, ${num(r.browsing.errors)} errors`,
    ),
    '',
    `## Memory (RSS, MB, every ${r.rss.intervalSeconds} s; a process and its children)`,
    '',
    '| Process | samples | first | last | peak | 1st-quartile mean | last-quartile mean | growth | slope, 2nd half | verdict |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
  ];
  for (const name of PROCESS_NAMES) {
    const s = r.rss.verdicts[name];
    if (!s) continue;
    out.push(
      `| ${name} | ${s.samples} | ${fmtMb(s.firstMb)} | ${fmtMb(s.lastMb)} | ${fmtMb(s.peakMb)} | ${fmtMb(s.firstQuartileMeanMb)} | ${fmtMb(s.lastQuartileMeanMb)} | ${Number.isFinite(s.quartileGrowth) ? `${(s.quartileGrowth * 100).toFixed(1)} %` : '—'} | ${Number.isFinite(s.secondHalfSlopeMbPerMin) ? `${s.secondHalfSlopeMbPerMin.toFixed(2)} MB/min` : '—'} | ${s.verdict} |`,
    );
  }
  out.push(
    '',
    `Steady = slope of a linear fit over the second half ≤ ${STEADY.maxSlopeMbPerMin} MB/min and last-quartile mean ≤ first-quartile mean + ${STEADY.maxQuartileGrowth * 100} %; fewer than ${STEADY.minSamples} samples are too short to judge.`,
    '',
    'Processes sampled:',
    '',
    ...Object.entries(r.rss.processes).map(([pid, cmd]) => `- ${pid}: \`${cmd}\``),
    '',
  );
  if (r.cpuMsPerPaidOrder) {
    out.push(
      '## CPU per paid order (ms of CPU time, load + settling)',
      '',
      `| ${Object.keys(r.cpuMsPerPaidOrder).join(' | ')} |`,
      `| ${Object.keys(r.cpuMsPerPaidOrder)
        .map(() => '---:')
        .join(' | ')} |`,
      `| ${Object.values(r.cpuMsPerPaidOrder)
        .map((v) => v.toFixed(1))
        .join(' | ')} |`,
      '',
      '`postgres` counts every PostgreSQL process on the machine; `whole machine` is all busy CPU (anything else running included); `cpu pressure` is time some task waited for a CPU.',
      '',
    );
  }
  if (o.failures.length > 0) out.push('## Failures', '', ...o.failures.map((f) => `- ${f.count} × \`${f.status}\` — ${f.example}`), '');
  return out.join('\n');
}

async function main(): Promise<number> {
  const startedAt = new Date();
  const group = new ProcessGroup();
  let db: pg.Pool | undefined;
  let connection: Connection | undefined;
  let report: SoakReport;
  try {
    await ensurePostgres({ url: BASE_DATABASE_URL, group });
    if (args['skip-build']) {
      if (!fs.existsSync(path.join(ROOT, 'build', 'index.js'))) throw new Error('--skip-build, but there is no build/index.js');
    } else {
      logInfo('soak: building the app…');
      await buildApp(group);
    }
    logInfo('soak: starting the shop (Temporal dev server, database atelier_soak, web, worker)…');
    const stack: Stack = await startStack({
      name: STACK_NAME,
      payments: 'local',
      group,
      splitWorkers: true,
      env: { NODE_ENV: 'production' },
    });
    logInfo(`soak: shop at ${stack.baseUrl} (logs in ${path.relative(ROOT, stack.logDir)})`);
    db = new pg.Pool({ connectionString: stack.databaseUrl, max: 3 });
    connection = await Connection.connect({ address: stack.temporal.address });
    const temporal = new Client({ connection, namespace: stack.temporal.namespace });
    const variantId = await lookupVariantId(db);

    // RSS of web and worker (their process trees: tsx wrapper → node, cluster primary → workers).
    const samples: RssSample[] = [];
    const processes: Record<string, string> = {};
    const t0 = Date.now();
    const sample = () => {
      const s: RssSample = {
        minutes: (Date.now() - t0) / 60_000,
        trees: Object.fromEntries(PROCESS_NAMES.map((name) => [name, treeRss(stack.group.pid(PROCESSES[name]))])),
      };
      for (const t of Object.values(s.trees)) for (const pid of Object.keys(t?.processes ?? {})) processes[pid] ??= commandOf(Number(pid));
      samples.push(s);
    };
    sample();
    const sampler = setInterval(sample, RSS_INTERVAL_MS);
    const cpuGroups = () =>
      Object.fromEntries([
        ...PROCESS_NAMES.map((n) => [n, stack.group.pid(PROCESSES[n])]),
        ['temporal', stack.group.pid(`temporal-${STACK_NAME}`)],
      ]);
    const cpuBefore = cpuSnapshot(cpuGroups());
    const retries = { presses: 0, recovered: 0 };

    const planned = Math.max(1, Math.round(config.rate * config.minutes * 60));
    const bought: BoughtOrder[] = [];
    const cartMs: number[] = [];
    const failures = new Failures();
    let pendingFromFailedPay = 0;
    const progress = setInterval(() => {
      const last = samples[samples.length - 1];
      logInfo(
        `soak: ${((Date.now() - t0) / 60_000).toFixed(1)} min — ${bought.length} orders placed, ${failures.total} failed, ${retries.presses} checkout retries; RSS ${PROCESS_NAMES.map((n) => `${n} ${fmtMb(last?.trees[n]?.totalMb ?? NaN)} MB`).join(', ')}`,
      );
    }, 60_000);

    const browseLatency: number[] = [];
    let browseNon2xx = 0;
    let browseErrors = 0;
    const pages = ['/', `/products/${PRODUCT_SLUG}`];
    logInfo(`soak: ${config.minutes} min: ${planned} orders at ${config.rate}/s, browsing at ${config.browseRate}/s…`);
    try {
      await Promise.all([
        paced(planned, config.rate, 64, async (i) => {
          let cookie: string;
          const c0 = performance.now();
          try {
            cookie = await createCart(stack.baseUrl, variantId);
            cartMs.push(performance.now() - c0);
          } catch (err) {
            failures.add('cart', errorText(err));
            return;
          }
          try {
            for (let attempt = 0; ; attempt++) {
              try {
                bought.push(await checkoutAndPay(stack.baseUrl, cookie, `soak+${i}@example.com`));
                if (attempt > 0) retries.recovered++;
                break;
              } catch (err) {
                if (!(err instanceof BuyError && err.stage === 'checkout' && err.status === 503) || attempt >= CHECKOUT_RETRIES) throw err;
                retries.presses++;
                await sleep(CHECKOUT_RETRY_PAUSE_MS);
              }
            }
          } catch (err) {
            if (err instanceof BuyError) {
              failures.add(`${err.stage} ${err.status}`, err.message);
              if (err.stage === 'pay') pendingFromFailedPay++;
            } else failures.add('error', errorText(err));
          }
        }),
        paced(Math.round(config.browseRate * config.minutes * 60), config.browseRate, 32, async (i) => {
          const b0 = performance.now();
          try {
            const res = await fetch(new URL(pages[i % pages.length]!, stack.baseUrl));
            await res.arrayBuffer();
            browseLatency.push(performance.now() - b0);
            if (res.status < 200 || res.status > 299) browseNon2xx++;
          } catch {
            browseErrors++;
          }
        }),
      ]);
    } finally {
      clearInterval(sampler);
      clearInterval(progress);
    }
    sample();
    logInfo(
      `soak: load done: ${bought.length} orders placed, ${failures.total} failed${pendingFromFailedPay ? ` (${pendingFromFailedPay} at the pay step)` : ''}; settling…`,
    );

    // Let the tail settle (bounded): orders paid, checkout workflows closed, confirmations sent.
    const numbers = bought.map((b) => b.orderNumber);
    await waitUntil('the last orders to be paid', 60_000, async () => {
      const { rows } = await db!.query<{ n: string }>(`select count(*) as n from orders where status = 'pending'`);
      return Number(rows[0]!.n) === pendingFromFailedPay;
    });
    await waitUntil(
      'the checkout workflows to complete',
      60_000,
      async () => (await temporal.workflow.count(`WorkflowType = 'checkout' AND ExecutionStatus = 'Running'`)).count === 0,
    );
    await waitUntil('the confirmation emails', 30_000, async () => {
      const { rows } = await db!.query<{ n: string }>(
        `select count(*) as n from orders o where o.status = 'paid'
            and not exists (select 1 from emails e where e.order_number = o.order_number and e.template = 'order-confirmation' and e.status = any($1))`,
        [SENT_STATUSES],
      );
      return Number(rows[0]!.n) === 0;
    });

    // The books.
    const byStatus = await db.query<{ status: string; n: string }>(
      `select status, count(*) as n from orders group by status order by status`,
    );
    const paidAt = await db.query<{ order_number: string; paid_at: Date }>(
      `select order_number, paid_at from orders where order_number = any($1) and status = 'paid' and paid_at is not null`,
      [numbers],
    );
    const paidMap = new Map(paidAt.rows.map((r) => [r.order_number, r.paid_at.getTime()]));
    const lost = numbers.filter((n) => !paidMap.has(n));
    const stuck = (
      await db.query<{ order_number: string; status: string }>(`select order_number, status from orders where status <> 'paid' order by id`)
    ).rows.map((r) => `${r.order_number} (${r.status})`);
    const emails = await db.query<{ order_number: string; n: string; sent: string }>(
      `select o.order_number, count(e.id) as n, count(e.id) filter (where e.status = any($1)) as sent
         from orders o left join emails e on e.order_number = o.order_number and e.template = 'order-confirmation'
        where o.status = 'paid' group by o.order_number`,
      [SENT_STATUSES],
    );
    const missing = emails.rows.filter((r) => Number(r.n) === 0).map((r) => r.order_number);
    const duplicated = emails.rows.filter((r) => Number(r.n) > 1).map((r) => r.order_number);
    const notSent = emails.rows.filter((r) => Number(r.n) >= 1 && Number(r.sent) === 0).map((r) => r.order_number);
    const workflows = await temporalCounts(temporal);
    const running = workflows.Running ? await runningCheckouts(temporal) : [];

    const problems: string[] = [];
    if (lost.length) problems.push(`${lost.length} order(s) placed but not paid`);
    if (stuck.length) problems.push(`${stuck.length} order(s) in the database not paid`);
    const unfinished = ['Running', 'Failed', 'Canceled', 'Terminated', 'TimedOut'].filter((k) => (workflows[k] ?? 0) > 0);
    if (unfinished.length) problems.push(`checkout workflows not completed: ${unfinished.map((k) => `${k} ${workflows[k]}`).join(', ')}`);
    if ((workflows.Completed ?? 0) !== paidMap.size)
      problems.push(`${workflows.Completed ?? 0} checkout workflows completed for ${paidMap.size} paid orders`);
    if (missing.length) problems.push(`${missing.length} paid order(s) without a confirmation email`);
    if (duplicated.length) problems.push(`${duplicated.length} paid order(s) with more than one confirmation email`);
    if (notSent.length) problems.push(`${notSent.length} confirmation email(s) not sent`);
    if (failures.total) problems.push(`${failures.total} order(s) could not be placed`);
    if (bought.length === 0) problems.push('no order was placed');

    const cpuAfter = cpuSnapshot(cpuGroups());
    const cpuMsPerPaidOrder =
      cpuBefore && cpuAfter && paidMap.size > 0
        ? Object.fromEntries(
            Object.entries(cpuAfter.seconds).map(([k, v]) => [k, ((v - (cpuBefore.seconds[k] ?? 0)) * 1000) / paidMap.size]),
          )
        : null;
    const series = (key: ProcessName) =>
      samples.filter((s) => s.trees[key]).map((s) => ({ minutes: s.minutes, mb: s.trees[key]!.totalMb }));
    const verdicts: Partial<Record<ProcessName, Steadiness>> = {};
    for (const name of PROCESS_NAMES) if (series(name).length) verdicts[name] = steadiness(series(name));
    for (const [name, v] of Object.entries(verdicts))
      if (v.verdict === 'growing')
        problems.push(`${name} memory growing (${v.secondHalfSlopeMbPerMin.toFixed(1)} MB/min over the second half)`);
    report = {
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      config: { ...config, cores: os.availableParallelism?.() ?? os.cpus().length, node: process.version, loadAverage: os.loadavg() },
      orders: {
        planned,
        placed: bought.length,
        failures: failures.list(),
        failureCount: failures.total,
        checkoutStart: summarize(bought.map((b) => b.checkoutMs)),
        payPost: summarize(bought.map((b) => b.payMs)),
        webhookToPaid: summarize(bought.filter((b) => paidMap.has(b.orderNumber)).map((b) => paidMap.get(b.orderNumber)! - b.payAt)),
        cart: summarize(cartMs),
      },
      browsing: {
        requests: browseLatency.length + browseErrors,
        non2xx: browseNon2xx,
        errors: browseErrors,
        latency: summarize(browseLatency),
      },
      retries,
      cpuMsPerPaidOrder,
      books: {
        ordersByStatus: Object.fromEntries(byStatus.rows.map((r) => [r.status, Number(r.n)])),
        lost,
        stuck,
        workflows,
        runningCheckouts: running,
        confirmations: {
          paidOrders: emails.rows.length,
          exactlyOnce: emails.rows.filter((r) => Number(r.n) === 1 && Number(r.sent) === 1).length,
          missing,
          duplicated,
          notSent,
        },
      },
      rss: {
        intervalSeconds: RSS_INTERVAL_MS / 1000,
        samples,
        processes,
        verdicts,
      },
      ok: problems.length === 0,
      problems,
    };
  } finally {
    await connection?.close().catch(() => undefined);
    await db?.end().catch(() => undefined);
    logInfo('soak: stopping the shop…');
    await group.stopAll();
  }

  const markdown = toMarkdown(report);
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const stamp = report.startedAt.replace(/:/g, '-').replace(/\.\d+Z$/, 'Z');
  const md = path.join(RESULTS_DIR, `soak-${stamp}.md`);
  const json = path.join(RESULTS_DIR, `soak-${stamp}.json`);
  fs.writeFileSync(md, `${markdown}\n`);
  fs.writeFileSync(json, `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(`\n${markdown}\n`);
  logInfo(`soak: wrote ${path.relative(ROOT, md)}, ${path.relative(ROOT, json)}`);
  return report.ok ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    process.exitCode = 1;
  },
);
