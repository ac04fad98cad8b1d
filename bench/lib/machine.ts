// The machine a run is on and the code it measures (the report's first lines).
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import type { MachineInfo } from './results.ts';
import { ROOT } from './paths.ts';

export function machineInfo(): MachineInfo {
  let commit = 'unknown';
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    commit = `${head}${dirty ? ' (with uncommitted changes)' : ''}`;
  } catch {
    // not a git checkout
  }
  const cpus = os.cpus();
  return {
    cores: os.availableParallelism?.() ?? cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown CPU',
    memoryGb: os.totalmem() / 1024 ** 3,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    loadAverage: os.loadavg(),
    commit,
  };
}
