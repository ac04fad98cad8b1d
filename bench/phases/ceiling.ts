// The ceilings on the shop's own servers: empty workflows on its Temporal dev server, single-row inserts and plain
// order transactions on its database.
import { benchEmptyWorkflows, benchPlainOrders, benchRowInserts } from '../lib/ceiling.ts';
import type { BenchResults } from '../lib/results.ts';
import { ms, num } from '../lib/stats.ts';
import type { PhaseContext } from './context.ts';

export async function runCeilingPhase(ctx: PhaseContext): Promise<void> {
  const { stack, config, results, measure, log } = ctx;
  const CEILING_WARMUP_SECONDS = config.quick ? 0.5 : 1;
  const ceiling: NonNullable<BenchResults['ceiling']> = { emptyWorkflow: null, rowInsert: null, plainOrder: null };
  results.ceiling = ceiling;
  const n = config.ceilingConcurrency;
  log(`bench: ceiling — empty workflows on the shop's Temporal dev server, ${n} starters, ${config.workflowSeconds} s…`);
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
  log(
    `bench:   ${wf.perSecond.toFixed(1)} workflows/s, p50/p95/p99 ${ms(wf.latency.p50)}/${ms(wf.latency.p95)}/${ms(wf.latency.p99)} ms, ${wf.failureCount} failed`,
  );
  log(`bench: ceiling — single-row inserts + commit, ${n} connections, ${config.insertSeconds} s…`);
  ceiling.rowInsert = await measure('ceiling: row inserts', () =>
    benchRowInserts({
      databaseUrl: stack.databaseUrl,
      connections: n,
      durationSeconds: config.insertSeconds,
      warmupSeconds: CEILING_WARMUP_SECONDS,
    }),
  );
  log(
    `bench:   ${num(ceiling.rowInsert.perSecond)} rows/s, p50/p99 ${ms(ceiling.rowInsert.latency.p50)}/${ms(ceiling.rowInsert.latency.p99)} ms`,
  );
  log(`bench: plain order transactions (order + item + event, no workflow), ${n} connections, ${config.insertSeconds} s…`);
  ceiling.plainOrder = await measure('plain order transactions', () =>
    benchPlainOrders({
      databaseUrl: stack.databaseUrl,
      connections: n,
      durationSeconds: config.insertSeconds,
      warmupSeconds: CEILING_WARMUP_SECONDS,
    }),
  );
  log(
    `bench:   ${num(ceiling.plainOrder.perSecond)} orders/s, p50/p99 ${ms(ceiling.plainOrder.latency.p50)}/${ms(ceiling.plainOrder.latency.p99)} ms`,
  );
}
