// Resident memory of a child and its descendants (a tsx wrapper runs the real node process as its
// child; the web server forks cluster workers), from /proc (Linux only).
import fs from 'node:fs';

/** pid → parent pid of every process on the machine. */
function parentsByPid(): Map<number, number> {
  const out = new Map<number, number>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const text = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Field 4 (ppid) follows "pid (comm) state"; comm may contain spaces, so split after the last ')'.
      const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
      out.set(Number(entry), Number(fields[1]));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/** The pid and all its descendants. */
export function processTree(root: number): number[] {
  const parents = parentsByPid();
  const tree = [root];
  for (let i = 0; i < tree.length; i++) {
    for (const [pid, ppid] of parents) if (ppid === tree[i] && !tree.includes(pid)) tree.push(pid);
  }
  return tree.filter((pid) => pid === root || parents.has(pid));
}

/** VmRSS in MB, or null when the process is gone (or a kernel thread). */
export function rssMb(pid: number): number | null {
  try {
    const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

export function commandOf(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ').slice(0, 160);
  } catch {
    return '?';
  }
}

export interface TreeRss {
  totalMb: number;
  /** pid → MB */
  processes: Record<string, number>;
}

export function treeRss(root: number | undefined): TreeRss | null {
  if (root === undefined) return null;
  const processes: Record<string, number> = {};
  let totalMb = 0;
  for (const pid of processTree(root)) {
    const mb = rssMb(pid);
    if (mb === null) continue;
    processes[String(pid)] = Math.round(mb * 10) / 10;
    totalMb += mb;
  }
  return { totalMb: Math.round(totalMb * 10) / 10, processes };
}

/** Least-squares slope of y over x (NaN with fewer than two points). */
export function slope(points: ReadonlyArray<{ x: number; y: number }>): number {
  const n = points.length;
  if (n < 2) return Number.NaN;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  let num = 0;
  let den = 0;
  for (const p of points) {
    num += (p.x - mx) * (p.y - my);
    den += (p.x - mx) ** 2;
  }
  return den === 0 ? Number.NaN : num / den;
}

export interface Steadiness {
  samples: number;
  firstMb: number;
  lastMb: number;
  peakMb: number;
  /** Slope of a linear fit over the second half of the samples, MB per minute. */
  secondHalfSlopeMbPerMin: number;
  firstQuartileMeanMb: number;
  lastQuartileMeanMb: number;
  /** Last-quartile mean over first-quartile mean, minus one. */
  quartileGrowth: number;
  verdict: 'steady' | 'growing' | 'too short to judge';
}

/** Thresholds of the verdict: growth in the second half and between the quartiles; under 3 minutes of samples the start-up growth dominates. */
export const STEADY = { maxSlopeMbPerMin: 1, maxQuartileGrowth: 0.1, minSamples: 18 };

export function steadiness(series: ReadonlyArray<{ minutes: number; mb: number }>): Steadiness {
  const mbs = series.map((s) => s.mb);
  const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : Number.NaN);
  const q = Math.max(1, Math.floor(series.length / 4));
  const secondHalf = series.slice(Math.floor(series.length / 2)).map((s) => ({ x: s.minutes, y: s.mb }));
  const k = slope(secondHalf);
  const firstQ = mean(mbs.slice(0, q));
  const lastQ = mean(mbs.slice(-q));
  const growth = lastQ / firstQ - 1;
  const verdict =
    series.length < STEADY.minSamples
      ? 'too short to judge'
      : k <= STEADY.maxSlopeMbPerMin && growth <= STEADY.maxQuartileGrowth
        ? 'steady'
        : 'growing';
  return {
    samples: series.length,
    firstMb: mbs[0] ?? Number.NaN,
    lastMb: mbs[mbs.length - 1] ?? Number.NaN,
    peakMb: Math.max(...mbs),
    secondHalfSlopeMbPerMin: k,
    firstQuartileMeanMb: firstQ,
    lastQuartileMeanMb: lastQ,
    quartileGrowth: growth,
    verdict,
  };
}
