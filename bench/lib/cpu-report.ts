// The "CPU use per phase" section of the bench report: cores busy per process group, the rest of the machine, CPU pressure.
import { MACHINE, PRESSURE } from './cpu.ts';
import type { BenchResults } from './results.ts';

export function cpuSection(r: BenchResults): string[] {
  const m = r.machine;
  const out: string[] = [];
  const cpuRows = r.cpu.filter((p) => p.cores);
  if (cpuRows.length > 0) {
    const labels = [...new Set(cpuRows.flatMap((p) => Object.keys(p.cores!)))].filter((l) => l !== MACHINE && l !== PRESSURE);
    const hasMachine = cpuRows.some((p) => p.cores![MACHINE] !== undefined);
    const hasPressure = cpuRows.some((p) => p.cores![PRESSURE] !== undefined);
    out.push(`## CPU use per phase (cores busy; this machine has ${m.cores})`, '');
    const head = [...labels, 'ours', ...(hasMachine ? ['everything else', 'whole machine'] : []), ...(hasPressure ? ['CPU pressure'] : [])];
    out.push(`| Phase | ${head.join(' | ')} |`, `| --- | ${head.map(() => '---:').join(' | ')} |`);
    for (const p of cpuRows) {
      const c = p.cores!;
      const vals = labels.map((l) => c[l] ?? 0);
      const ours = vals.reduce((a, b) => a + b, 0);
      const cells = [...vals.map((v) => v.toFixed(2)), ours.toFixed(2)];
      if (hasMachine) cells.push(c[MACHINE] !== undefined ? Math.max(0, c[MACHINE] - ours).toFixed(2) : '—', c[MACHINE]?.toFixed(2) ?? '—');
      if (hasPressure) cells.push(c[PRESSURE] !== undefined ? `${Math.round(c[PRESSURE] * 100)} %` : '—');
      out.push(`| ${p.phase} | ${cells.join(' | ')} |`);
    }
    out.push(
      '',
      '`postgres` counts every PostgreSQL process on the machine (other databases included); "everything else" is the rest of the',
      "machine's busy CPU (other users' processes, the kernel); CPU pressure is the share of the time some runnable task waited for a",
      'CPU (/proc/pressure/cpu) — well above 0 % means the figures above were limited by CPU contention.',
      '',
    );
  }
  return out;
}
