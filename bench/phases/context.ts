// What the bench's phases share (bench/run.ts starts the shop, then runs them in turn): the stack, the options,
// the results being filled, CPU measurement around each measured step, the bench's database pool and the log.
import type pg from 'pg';
import type { Stack } from '../../scripts/lib/stack.ts';
import { coresUsed, cpuSnapshot, type CpuSnapshot } from '../lib/cpu.ts';
import type { BenchConfig, BenchResults } from '../lib/results.ts';

export type { BenchConfig };

export const PHASES = ['pages', 'ceiling', 'checkout', 'contention', 'e2e', 'drop', 'points', 'membership', 'render'] as const;
export type Phase = (typeof PHASES)[number];

export interface PhaseContext {
  stack: Stack;
  config: BenchConfig;
  /** The results being filled; a phase sets its own part and adds to `notes`. */
  results: BenchResults;
  /** Whether a phase runs in this run (not skipped, and named by --only when given). */
  runs: (phase: Phase) => boolean;
  /** The shop's process groups by label, for CPU figures. */
  pgids: () => Record<string, number | undefined>;
  /** Runs `fn` and records the cores each process group used meanwhile under `phase` (results.cpu). */
  measure: <T>(phase: string, fn: () => Promise<T>) => Promise<T>;
  /** The bench's own pool on the shop's database, once a phase has opened it (benchDb); the run closes it. */
  db?: pg.Pool;
  log: (message: string) => void;
}

export function phaseContext(opts: Omit<PhaseContext, 'pgids' | 'measure' | 'db'> & { stackName: string }): PhaseContext {
  const { stack, config, results, runs, log, stackName } = opts;
  const pgids = () => ({
    web: stack.group.pid(`web-${stackName}`),
    worker: stack.group.pid(`worker-${stackName}`),
    temporal: stack.group.pid(`temporal-${stackName}`),
    ...Object.fromEntries(
      Array.from({ length: config.commerceWorkers - 1 }, (_, i) => [`worker ${i + 2}`, stack.group.pid(`worker-${stackName}-${i + 2}`)]),
    ),
  });
  const measure = async <T>(phase: string, fn: () => Promise<T>): Promise<T> => {
    const before: CpuSnapshot = cpuSnapshot(pgids());
    const value = await fn();
    results.cpu.push({ phase, cores: coresUsed(before, cpuSnapshot(pgids())) });
    return value;
  };
  return { stack, config, results, runs, pgids, measure, log };
}

/** The bench's pool on the shop's database (three connections), opened by the first phase that asks for it. */
export async function benchDb(ctx: PhaseContext): Promise<pg.Pool> {
  ctx.db ??= new (await import('pg')).default.Pool({ connectionString: ctx.stack.databaseUrl, max: 3 });
  return ctx.db;
}
