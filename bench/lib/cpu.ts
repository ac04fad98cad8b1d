// Where the CPU goes during a phase: CPU time of each child's process group (web, worker, Temporal),
// of all PostgreSQL server processes and of this load generator, from /proc (Linux only).
import fs from 'node:fs';

export type CpuSnapshot = { at: number; seconds: Record<string, number> } | null;

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
    const close = text.lastIndexOf(')');
    const comm = text.slice(text.indexOf('(') + 1, close);
    const fields = text.slice(close + 2).split(' ');
    // fields[0] is field 3 (state): pgrp is field 5, utime 14, stime 15.
    out.push({ pid: Number(entry), comm, pgrp: Number(fields[2]), cpuSeconds: (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS });
  }
  return out;
}

/** `groups`: label → process-group id (our children are spawned as group leaders). */
export function cpuSnapshot(groups: Record<string, number | undefined>): CpuSnapshot {
  if (process.platform !== 'linux') return null;
  try {
    const stats = readProcStats();
    const seconds: Record<string, number> = {};
    for (const [label, pgid] of Object.entries(groups)) {
      if (pgid === undefined) continue;
      seconds[label] = stats.filter((s) => s.pgrp === pgid).reduce((sum, s) => sum + s.cpuSeconds, 0);
    }
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
    return { at: performance.now(), seconds };
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
