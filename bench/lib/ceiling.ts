// Ceilings the shop's figures are compared with, on the same machine and servers:
//   - an empty workflow started and completed on the shop's Temporal dev server (a Worker in this
//     process, own task queue), N concurrent starters in a closed loop;
//   - a single-row PostgreSQL insert with commit, N connections;
//   - the cost of durability: the order a checkout writes (order + item + event), in one plain
//     transaction with pg, no workflow.
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import pg from 'pg';
import { Failures, type Failure } from './failures.ts';
import { summarize, type Summary } from './stats.ts';

export interface ThroughputRun {
  /** Concurrent starters / connections. */
  concurrency: number;
  seconds: number;
  /** Completed operations in the measured window. */
  count: number;
  perSecond: number;
  latency: Summary;
  failures: Failure[];
  failureCount: number;
}

const errorText = (err: unknown) => (err instanceof Error ? `${err.name}: ${err.message}` : String(err));

/**
 * Closed loop: `concurrency` lanes each run `op()` back to back for `warmupSeconds` (not counted), then
 * for `durationSeconds` (counted: operations that finish inside the window).
 */
async function closedLoop(
  concurrency: number,
  durationSeconds: number,
  warmupSeconds: number,
  op: (lane: number) => Promise<void>,
): Promise<ThroughputRun> {
  const failures = new Failures();
  const samples: number[] = [];
  const warmEnd = performance.now() + warmupSeconds * 1000;
  const end = warmEnd + durationSeconds * 1000;
  const lane = async (i: number) => {
    while (performance.now() < end) {
      const t0 = performance.now();
      try {
        await op(i);
        const t1 = performance.now();
        if (t0 >= warmEnd && t1 <= end) samples.push(t1 - t0);
      } catch (err) {
        if (t0 >= warmEnd) failures.add(err instanceof Error ? err.name : 'error', errorText(err));
        // A failing server must not turn this into a busy loop.
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, i) => lane(i)));
  return {
    concurrency,
    seconds: durationSeconds,
    count: samples.length,
    perSecond: samples.length / durationSeconds,
    latency: summarize(samples),
    failures: failures.list(),
    failureCount: failures.total,
  };
}

let runtimeInstalled = false;

/** The SDK's own log (bundling, worker state changes) only from warnings up, so the bench output stays readable. */
function quietRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    // a Runtime already exists in this process: keep it
  }
}

/** Empty workflows on the given Temporal server: a Worker in this process, `concurrency` starters awaiting each result. */
export async function benchEmptyWorkflows(opts: {
  address: string;
  namespace?: string;
  concurrency: number;
  durationSeconds: number;
  warmupSeconds: number;
}): Promise<ThroughputRun> {
  const namespace = opts.namespace ?? 'default';
  const taskQueue = `bench-empty-${randomBytes(4).toString('hex')}`;
  quietRuntime();
  const nativeConnection = await NativeConnection.connect({ address: opts.address });
  const connection = await Connection.connect({ address: opts.address });
  try {
    const worker = await Worker.create({
      connection: nativeConnection,
      namespace,
      taskQueue,
      workflowsPath: fileURLToPath(new URL('./empty-workflow.ts', import.meta.url)),
      // Enough workflow-task slots and pollers for the starters never to wait on the worker itself.
      maxConcurrentWorkflowTaskExecutions: Math.max(opts.concurrency * 2, 16),
    });
    const client = new Client({ connection, namespace });
    let n = 0;
    const run = async (): Promise<ThroughputRun> => {
      try {
        return await closedLoop(opts.concurrency, opts.durationSeconds, opts.warmupSeconds, async () => {
          await client.workflow.execute('empty', { taskQueue, workflowId: `${taskQueue}-${n++}`, args: [] });
        });
      } finally {
        worker.shutdown();
      }
    };
    return await worker.runUntil(run());
  } finally {
    await connection.close().catch(() => undefined);
    await nativeConnection.close().catch(() => undefined);
  }
}

/** Single-row insert + commit (autocommit) into a scratch table, one pool connection per lane. */
export async function benchRowInserts(opts: {
  databaseUrl: string;
  connections: number;
  durationSeconds: number;
  warmupSeconds: number;
}): Promise<ThroughputRun> {
  const db = new pg.Pool({ connectionString: opts.databaseUrl, max: opts.connections });
  const table = 'bench_scratch_inserts';
  try {
    await db.query(`drop table if exists ${table}`);
    await db.query(
      `create table ${table} (id bigserial primary key, lane int not null, payload text not null, created_at timestamptz not null default now())`,
    );
    const clients = await Promise.all(Array.from({ length: opts.connections }, () => db.connect()));
    try {
      return await closedLoop(opts.connections, opts.durationSeconds, opts.warmupSeconds, async (lane) => {
        await clients[lane]!.query(`insert into ${table} (lane, payload) values ($1, $2)`, [
          lane,
          'a row of about the size of an order event message',
        ]);
      });
    } finally {
      for (const c of clients) c.release();
    }
  } finally {
    await db.query(`drop table if exists ${table}`).catch(() => undefined);
    await db.end();
  }
}

export const PLAIN_ORDER_PREFIX = 'PLAIN-';

/**
 * The durable part of a paid checkout without any workflow: one transaction inserting the order as
 * createPendingOrder + markOrderPaid leave it (paid, totals, Stripe ids, shipping address), its item
 * (personalised A3 poster) and its `paid` order event. The rows are deleted afterwards.
 */
export async function benchPlainOrders(opts: {
  databaseUrl: string;
  connections: number;
  durationSeconds: number;
  warmupSeconds: number;
}): Promise<ThroughputRun> {
  const db = new pg.Pool({ connectionString: opts.databaseUrl, max: opts.connections });
  const run = randomBytes(3).toString('hex');
  let n = 0;
  try {
    const clients = await Promise.all(Array.from({ length: opts.connections }, () => db.connect()));
    try {
      return await closedLoop(opts.connections, opts.durationSeconds, opts.warmupSeconds, async (lane) => {
        const c = clients[lane]!;
        const orderNumber = `${PLAIN_ORDER_PREFIX}${run}-${n++}`;
        await c.query('begin');
        try {
          const { rows } = await c.query<{ id: number }>(
            `insert into orders (created_at, updated_at, order_number, status, fulfilment_type, currency, email, subtotal, discount, shipping, tax, total,
                                 stripe_checkout_session_id, stripe_payment_intent_id, shipping_address, shipping_method, paid_at)
             values (now(), now(), $1, 'paid', 'physical', 'eur', $2, 3900, 0, 999, 0, 4899, $3, $4, $5, 'Standard', now())
             returning id`,
            [
              orderNumber,
              `plain+${n}@example.com`,
              `cs_plain_${orderNumber}`,
              `pi_plain_${orderNumber}`,
              JSON.stringify({
                name: 'Bench Buyer',
                line1: '1 Grafton Street',
                line2: null,
                city: 'Dublin',
                postalCode: 'D02 XY00',
                state: null,
                country: 'IE',
              }),
            ],
          );
          const orderId = rows[0]!.id;
          await c.query(
            `insert into order_items (created_at, updated_at, order_id, variant_id, sku, product_title, variant_title, format, print_size, unit_price, quantity, line_total, personalisation)
             values (now(), now(), $1, null, 'NSP-PHY-A3', 'Night Sky Poster', 'A3 print', 'physical', 'A3', 3900, 1, 3900, $2)`,
            [
              orderId,
              JSON.stringify({
                title: 'Our first night',
                subtitle: 'Benchmark edition',
                place: 'Dublin, Ireland',
                date: '2024-05-01',
                theme: 'midnight',
              }),
            ],
          );
          await c.query(
            `insert into order_events (created_at, updated_at, order_id, type, message, data, dedupe_key) values (now(), now(), $1, 'paid', 'Paid €48.99', $2, $3)`,
            [
              orderId,
              JSON.stringify({ eventId: `evt_plain_${orderNumber}`, paymentIntent: `pi_plain_${orderNumber}` }),
              `${orderNumber}:paid`,
            ],
          );
          await c.query('commit');
        } catch (err) {
          await c.query('rollback').catch(() => undefined);
          throw err;
        }
      });
    } finally {
      for (const c of clients) c.release();
    }
  } finally {
    // The shop's books must not count them (order_items and order_events cascade).
    await db.query(`delete from orders where order_number like $1`, [`${PLAIN_ORDER_PREFIX}${run}-%`]).catch(() => undefined);
    await db.end();
  }
}
