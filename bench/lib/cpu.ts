// Where the CPU goes during a phase: CPU time of each child's process group (web, worker, Temporal),
// of all PostgreSQL server processes and of this load generator, from /proc (Linux only).
import fs from 'node:fs';

export type CpuSnapshot = {
  at: number;
  seconds: Record<string, number>;
  /** One group's CPU seconds by kind of thread (cpuSnapshot's `threadsOf`), already inside its figure in `seconds`. */
  threads?: { of: string; seconds: Record<ThreadKind, number> };
} | null;

const CLOCK_TICKS = 100; // USER_HZ on Linux
/** Every process on the machine (busy time from /proc/stat). */
export const MACHINE = 'whole machine';
/** Share of the time some runnable task waited for a CPU (/proc/pressure/cpu "some"). */
export const PRESSURE = 'cpu pressure';

interface ProcStat {
  pid: number;
  comm: string;
  pgrp: number;
  cpuSeconds: number;
}

function readProcStats(): ProcStat[] {
  const out: ProcStat[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let text: string;
    try {
      text = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // gone meanwhile
    }
    out.push({ pid: Number(entry), ...parseStat(text) });
  }
  return out;
}

/** A /proc/<pid>/stat (or task/<tid>/stat) line: the name, process group and CPU seconds so far. */
function parseStat(text: string): Omit<ProcStat, 'pid'> {
  const close = text.lastIndexOf(')');
  const comm = text.slice(text.indexOf('(') + 1, close);
  const fields = text.slice(close + 2).split(' ');
  // fields[0] is field 3 (state): pgrp is field 5, utime 14, stime 15.
  return { comm, pgrp: Number(fields[2]), cpuSeconds: (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS };
}

/**
 * Kinds of thread in a Temporal worker process: its main thread runs the activities and the SDK's JavaScript side
 * (payload codec, activation plumbing); Temporal's core runs in Rust on tokio threads; the rest are the workflow
 * sandbox's worker thread, V8's background threads (garbage collection, optimising compiler) and libuv's pool.
 */
export const THREAD_KINDS = ['main thread', 'Temporal core', 'other threads'] as const;
export type ThreadKind = (typeof THREAD_KINDS)[number];

export function threadKind(pid: number, tid: number, comm: string): ThreadKind {
  if (tid === pid) return 'main thread';
  return comm.startsWith('tokio-runtime') ? 'Temporal core' : 'other threads';
}

/** CPU seconds of the processes' threads, by kind (a thread that ends meanwhile drops out of the sum). */
export function threadCpuSeconds(pids: number[]): Record<ThreadKind, number> {
  const out: Record<ThreadKind, number> = { 'main thread': 0, 'Temporal core': 0, 'other threads': 0 };
  for (const pid of pids) {
    let tids: string[];
    try {
      tids = fs.readdirSync(`/proc/${pid}/task`);
    } catch {
      continue;
    }
    for (const tid of tids) {
      try {
        const stat = parseStat(fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8'));
        out[threadKind(pid, Number(tid), stat.comm)] += stat.cpuSeconds;
      } catch {
        // the thread ended meanwhile
      }
    }
  }
  return out;
}

/**
 * `groups`: label → process-group id (our children are spawned as group leaders); `threadsOf`: a label whose CPU is
 * also split by kind of thread (threadCpuSeconds).
 */
export function cpuSnapshot(groups: Record<string, number | undefined>, opts: { threadsOf?: string } = {}): CpuSnapshot {
  if (process.platform !== 'linux') return null;
  try {
    const stats = readProcStats();
    const seconds: Record<string, number> = {};
    for (const [label, pgid] of Object.entries(groups)) {
      if (pgid === undefined) continue;
      seconds[label] = stats.filter((s) => s.pgrp === pgid).reduce((sum, s) => sum + s.cpuSeconds, 0);
    }
    const split = opts.threadsOf ? groups[opts.threadsOf] : undefined;
    const threads =
      opts.threadsOf && split !== undefined
        ? { of: opts.threadsOf, seconds: threadCpuSeconds(stats.filter((s) => s.pgrp === split).map((s) => s.pid)) }
        : undefined;
    seconds.postgres = stats.filter((s) => s.comm === 'postgres').reduce((sum, s) => sum + s.cpuSeconds, 0);
    const self = process.cpuUsage();
    seconds['load generator'] = (self.user + self.system) / 1e6;
    // Machine-wide: busy CPU of every process (ours, other users', the kernel's) and CPU pressure.
    const cpuLine = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal: everything but idle and iowait is busy.
    const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = cpuLine;
    seconds[MACHINE] = (user + nice + system + irq + softirq + steal) / CLOCK_TICKS;
    try {
      const some = /^some .*total=(\d+)/m.exec(fs.readFileSync('/proc/pressure/cpu', 'utf8'));
      if (some) seconds[PRESSURE] = Number(some[1]) / 1e6;
    } catch {
      // no PSI on this kernel
    }
    return { at: performance.now(), seconds, ...(threads ? { threads } : {}) };
  } catch {
    return null;
  }
}

/** Cores used by each label between two snapshots (CPU seconds / wall seconds). */
export function coresUsed(before: CpuSnapshot, after: CpuSnapshot): Record<string, number> | null {
  if (!before || !after) return null;
  const wall = (after.at - before.at) / 1000;
  if (wall <= 0) return null;
  const out: Record<string, number> = {};
  for (const [label, s] of Object.entries(after.seconds)) {
    const b = before.seconds[label];
    if (b !== undefined) out[label] = Math.max(0, (s - b) / wall);
  }
  return out;
}
