// The bench report's table: its row type, the cell formatting the sections share, and the markdown table itself.
import type { Failure } from './failures.ts';
import { ms, num, type Summary } from './stats.ts';

export type Verdict = 'pass' | 'miss' | '—';

/** The figures of a row compared with the previous run (throughput: higher is better; latencies: lower). */
export interface Figures {
  throughput?: number;
  p50?: number;
  p95?: number;
  p99?: number;
}

export interface Row {
  /** Stable across runs: matches a row with the same row of the previous run. */
  key: string;
  figures: Figures;
  /** Filled by compareWithPrevious(). */
  vs?: string;
  scenario: string;
  load: string;
  throughput: string;
  p50: string;
  p95: string;
  p99: string;
  errors: string;
  target: string;
  result: Verdict;
}

export const verdict = (ok: boolean | null): Verdict => (ok === null ? '—' : ok ? 'pass' : 'miss');

export function latencyCells(s: Summary | undefined): Pick<Row, 'p50' | 'p95' | 'p99'> {
  return { p50: ms(s?.p50), p95: ms(s?.p95), p99: ms(s?.p99) };
}

export function errorsCell(failed: number, total: number): string {
  return `${num(failed)} / ${num(total)}`;
}

export const pct = (x: number) => (Math.abs(x) < 0.1 ? `${(x * 100).toFixed(1)} %` : `${Math.round(x * 100)} %`);

export function markdownTable(rows: Row[]): string {
  const withVs = rows.some((r) => r.vs !== undefined);
  const head = [
    'Scenario',
    'Load',
    'Throughput',
    'p50 ms',
    'p95 ms',
    'p99 ms',
    'Errors',
    'Target',
    'Result',
    ...(withVs ? ['vs previous'] : []),
  ];
  const lines = [`| ${head.join(' | ')} |`, `| ${head.map((_, i) => (i >= 2 && i <= 6 ? '---:' : '---')).join(' | ')} |`];
  for (const r of rows) {
    const res = r.result === 'pass' ? '✅ pass' : r.result === 'miss' ? '❌ **miss**' : '—';
    lines.push(
      `| ${[r.scenario, r.load, r.throughput, r.p50, r.p95, r.p99, r.errors, r.target, res, ...(withVs ? [r.vs ?? '—'] : [])].join(' | ')} |`,
    );
  }
  return lines.join('\n');
}

export function failureLines(label: string, failures: Failure[] | undefined): string[] {
  return (failures ?? []).map((f) => `- ${label}: ${f.count} × \`${f.status}\` — ${f.example}`);
}
