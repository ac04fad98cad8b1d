// Runs the workers: `tsx worker/index.ts [--queue commerce|rendering]` (both queues by default).
import { readdirSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode, NativeConnection, Runtime, Worker, type WorkerOptions } from '@temporalio/worker';
import { MikroORM } from '@mikro-orm/postgresql';
import { makeConfig } from '#db/mikro-orm.config.ts';
import { getEnv, type Env } from '#server/env.server.ts';
import { makeResend } from '#server/resend.server.ts';
import { makeStripe } from '#server/stripe.server.ts';
import { getTemporalClient, temporalConnectionOptions } from '#server/temporal/client.server.ts';
import { temporalDataConverter } from '#server/temporal/payload-codec.server.ts';
import { TASK_QUEUES, type TaskQueue } from '#workflows/messages.ts';
import { createStorage } from '#server/storage/storage.server.ts';
import { createActivities, createRenderActivities } from './activities/index';
import { ensureSchedules } from './schedules';
import { installRuntime, orderNumberLogAttributes, workerMetricsAddress } from './telemetry';
import { logger } from '#server/log.server.ts';
import { startTracing, withWorkerTracing } from '#server/tracing.server.ts';

export const workflowsPath = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));

export interface RunningWorkers {
  workers: Worker[];
  run: Promise<void>;
  shutdown(): Promise<void>;
}

/** Builds the activities from real clients and starts a worker per task queue. */
export async function startWorkers(env: Env, queues: TaskQueue[], extra: Partial<WorkerOptions> = {}): Promise<RunningWorkers> {
  // Activity concurrency stays within the database pool.
  const orm = await MikroORM.init(makeConfig({ url: env.DATABASE_URL, poolMax: env.WORKER_CONCURRENCY + 2 }));
  const connection = await NativeConnection.connect(temporalConnectionOptions(env));
  const resend = makeResend(env);
  const activities = createActivities({ orm, env, stripe: env.stripeMode === 'stripe' ? makeStripe(env) : null, resend });
  // Each queue's worker has its own activities: rendering work never runs on (or blocks) the commerce queue.
  const renderActivities = queues.includes(TASK_QUEUES.rendering)
    ? createRenderActivities({ orm, env, resend, storage: createStorage(env) })
    : {};
  const dataConverter = temporalDataConverter(env);
  // Tracing (OTEL_EXPORTER_OTLP_ENDPOINT; null when off): workflow and activity spans in the caller's trace.
  const tracing = await startTracing(
    queues.length === 1 && queues[0] === TASK_QUEUES.rendering ? 'atelier-worker-rendering' : 'atelier-worker',
  );
  const interceptorsAndSinks = await withWorkerTracing({ interceptors: { activity: [orderNumberLogAttributes] } }, tracing);
  // One bundle for every queue's worker: webpack runs once per process, not once per queue.
  const workflowBundle = await bundleWorkflowCode({
    workflowsPath,
    workflowInterceptorModules: interceptorsAndSinks.interceptors?.workflowModules,
    payloadConverterPath: dataConverter?.payloadConverterPath,
    failureConverterPath: dataConverter?.failureConverterPath,
    logger: Runtime.instance().logger,
  });
  const workers = await Promise.all(
    queues.map((taskQueue) =>
      Worker.create({
        connection,
        namespace: env.TEMPORAL_NAMESPACE,
        taskQueue,
        workflowBundle,
        activities: taskQueue === TASK_QUEUES.rendering ? renderActivities : activities,
        maxConcurrentActivityTaskExecutions: taskQueue === TASK_QUEUES.rendering ? env.RENDER_CONCURRENCY : env.WORKER_CONCURRENCY,
        // Waiting workflows (fulfillments, campaigns) leave the cache and are replayed when they wake: memory stays bounded.
        maxCachedWorkflows: env.WORKER_MAX_CACHED_WORKFLOWS,
        // Activity log lines carry the order number the activity was given; with tracing, the OpenTelemetry interceptors and sink.
        ...interceptorsAndSinks,
        // Payload encryption (TEMPORAL_PAYLOAD_KEY): the codec runs here, outside the workflow sandbox.
        dataConverter,
        ...extra,
      }),
    ),
  );
  // The cart-upkeep Schedule (created or brought up to date; idempotent, so every commerce worker may do it).
  if (queues.includes(TASK_QUEUES.commerce)) await ensureSchedules(getTemporalClient(), env);
  const run = Promise.all(workers.map((w) => w.run())).then(() => undefined);
  return {
    workers,
    run,
    async shutdown() {
      for (const w of workers) if (w.getState() === 'RUNNING') w.shutdown();
      await run.catch(() => undefined);
      await connection.close();
      await orm.close();
      await tracing?.shutdown();
    },
  };
}

async function main(): Promise<void> {
  const env = getEnv();
  const arg = process.argv.indexOf('--queue');
  const queues = arg > 0 ? [process.argv[arg + 1] as TaskQueue] : [TASK_QUEUES.commerce, TASK_QUEUES.rendering];
  for (const q of queues) {
    if (!Object.values(TASK_QUEUES).includes(q)) throw new Error(`unknown task queue ${q}`);
  }
  // A rendering-only process yields the CPU to checkout: first, so every thread it starts inherits it.
  if (queues.length === 1 && queues[0] === TASK_QUEUES.rendering) lowerPriority(env.RENDER_NICE);
  // Before any connection: the SDK's logs go through the shop's logger; Core serves Prometheus metrics.
  const metricsAddress = workerMetricsAddress(process.env.WORKER_METRICS_ADDRESS, queues);
  installRuntime(metricsAddress);
  const running = await startWorkers(env, queues);
  logger.info(
    { queues, metrics: metricsAddress ? `http://${metricsAddress}/metrics` : 'off' },
    `worker ready: ${queues.join(', ')} on ${env.TEMPORAL_ADDRESS} (${env.stripeMode} payments, ${env.emailMode} email)`,
  );
  await running.run;
  await running.shutdown();
}

/**
 * Renices every thread of this process (Linux applies `setpriority` to one thread; threads made
 * later inherit their creator's). Best effort: a container may forbid it.
 */
function lowerPriority(nice: number): void {
  if (nice === 0) return;
  let tids: number[] = [0];
  try {
    tids = readdirSync('/proc/self/task').map(Number);
  } catch {
    // Not Linux: the process priority is all there is.
  }
  try {
    for (const tid of tids) os.setPriority(tid, nice);
  } catch (err) {
    logger.warn({ err }, `could not lower the rendering worker's CPU priority to nice ${nice}`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((err: unknown) => {
    logger.fatal({ err }, 'the worker stopped');
    process.exit(1);
  });
}
