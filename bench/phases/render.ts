// The render phase, after the shop has stopped: one A3 PNG + PDF three times, then items per minute at concurrency 1
// and 2, each in a fresh child process (bench/render-worker.ts).
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { BENCH_DIR, ROOT } from '../lib/paths.ts';
import type { PhaseContext } from './context.ts';

/** Rendering on its own, after the shop has stopped: each measurement in a fresh child process. */
export function runRenderPhase(ctx: Pick<PhaseContext, 'config' | 'results' | 'log'>): void {
  const { config, results, log } = ctx;
  const tsx = path.join(ROOT, 'node_modules', '.bin', 'tsx');
  const child = (...a: string[]) =>
    JSON.parse(
      execFileSync(tsx, [path.join(BENCH_DIR, 'render-worker.ts'), ...a], { cwd: ROOT, encoding: 'utf8' })
        .trim()
        .split('\n')
        .pop()!,
    );
  const size = 'A3';
  log(`bench: rendering one ${size} PNG + PDF (3 runs)…`);
  const one = [1, 2, 3].map(() => child('one', size) as { ms: number; peakRssMb: number });
  const items = config.quick ? 4 : 20;
  const throughput = [1, 2].map((concurrency) => {
    log(`bench: rendering ${items} ${size} items at concurrency ${concurrency}…`);
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
  results.render = { size, one, throughput };
}
