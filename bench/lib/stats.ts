// Latency summaries: nearest-rank percentiles over the raw samples (milliseconds).

export interface Summary {
  n: number;
  min: number;
  mean: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentile of an ascending array; NaN when empty. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const n = sorted.length;
  return {
    n,
    min: n ? sorted[0]! : Number.NaN,
    mean: n ? sorted.reduce((s, x) => s + x, 0) / n : Number.NaN,
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: n ? sorted[n - 1]! : Number.NaN,
  };
}

/** Milliseconds for tables: one decimal under 10 ms, whole numbers above; "—" for nothing. */
export function ms(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return value < 10 ? value.toFixed(1) : Math.round(value).toLocaleString('en-US');
}

/** Integer with thousands separators. */
export function num(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return Math.round(value).toLocaleString('en-US');
}

/**
 * Runs `task(i)` for i in 0..count-1 with at most `concurrency` in flight, in order of i.
 * Stops starting new tasks once `deadline` (epoch ms) has passed. Returns how many were started.
 */
export async function pool(count: number, concurrency: number, task: (i: number) => Promise<void>, deadline = Infinity): Promise<number> {
  let next = 0;
  const lane = async () => {
    while (next < count && Date.now() < deadline) {
      const i = next++;
      await task(i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, count)) }, lane));
  return next;
}

/**
 * Open-loop pacing: starts `task(i)` for i in 0..count-1 at `ratePerSecond`, regardless of how long
 * earlier tasks take (as independent customers would), but never more than `maxInFlight` at once.
 */
export async function paced(count: number, ratePerSecond: number, maxInFlight: number, task: (i: number) => Promise<void>): Promise<void> {
  const started = performance.now();
  const interval = 1000 / ratePerSecond;
  const running = new Set<Promise<void>>();
  for (let i = 0; i < count; i++) {
    const due = started + i * interval;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    while (running.size >= maxInFlight) await Promise.race(running);
    const p: Promise<void> = task(i).finally(() => running.delete(p));
    running.add(p);
  }
  await Promise.all(running);
}

export const sleep = (msec: number) => new Promise<void>((resolve) => setTimeout(resolve, msec));
