// The report's comparison with the previous run: each row's "vs previous" cell, and the paragraph under the table.
import { tableRows } from './report-rows.ts';
import { TARGETS } from './report-targets.ts';
import { pct, type Figures, type Row } from './report-table.ts';
import type { BenchResults } from './results.ts';
import { ms, num } from './stats.ts';

const rate = (x: number) => (x < 100 ? x.toFixed(1) : num(x));

const FIGURE_LABELS: Record<keyof Figures, string> = { throughput: 'thr', p50: 'p50', p95: 'p95', p99: 'p99' };

/** A figure's change against the previous run, signed so that positive is worse. */
function worseBy(name: keyof Figures, now: number, before: number): number | null {
  if (!Number.isFinite(now) || !Number.isFinite(before) || before <= 0) return null;
  if (name === 'throughput') return (before - now) / before;
  if (Math.abs(now - before) < TARGETS.regressionFloorMs) return 0;
  return (now - before) / before;
}

export interface Regression {
  row: string;
  figure: string;
  before: number;
  now: number;
  worseBy: number;
}

/**
 * Fills each row's "vs previous" cell: throughput and p99 changes (or those present), plus any other
 * figure worse by more than TARGETS.regression, flagged. Returns the flagged figures.
 */
export function compareWithPrevious(rows: Row[], previous: BenchResults | null): Regression[] {
  const flagged: Regression[] = [];
  if (!previous) {
    for (const r of rows) r.vs = '—';
    return flagged;
  }
  const before = new Map(tableRows(previous).map((r) => [r.key, r]));
  for (const r of rows) {
    const p = before.get(r.key);
    if (!p) {
      r.vs = 'new';
      continue;
    }
    const cells: string[] = [];
    const names = Object.keys(FIGURE_LABELS) as (keyof Figures)[];
    for (const name of names) {
      const now = r.figures[name];
      const was = p.figures[name];
      if (now === undefined || was === undefined) continue;
      const w = worseBy(name, now, was);
      if (w === null) continue;
      const bad = w > TARGETS.regression;
      const shown =
        name === 'throughput' ||
        name === 'p99' ||
        (name === 'p95' && r.figures.p99 === undefined) ||
        (name === 'p50' && r.figures.p95 === undefined);
      if (!bad && !shown) continue;
      // Shown as the change of the figure itself (+ = higher), flagged when it is the worse direction.
      const change = name === 'throughput' ? -w : w;
      const text = `${FIGURE_LABELS[name]} ${change >= 0 ? '+' : '−'}${Math.abs(Math.round(change * 100))} %`;
      cells.push(bad ? `⚠️ **${text}**` : text);
      if (bad) flagged.push({ row: r.scenario, figure: FIGURE_LABELS[name], before: was, now, worseBy: w });
    }
    r.vs = cells.join(', ') || '—';
  }
  return flagged;
}

/** The paragraph under the table: which run the "vs previous" column compares with, and the figures it flagged. */
export function comparisonLines(r: BenchResults, previous: BenchResults | null, regressions: Regression[]): string[] {
  const out: string[] = [];
  if (previous && r.previous) {
    out.push(
      `"vs previous" compares with the run of ${r.previous.startedAt} (\`${r.previous.file}\`${r.previous.quick ? ', a quick run' : ''}): throughput and p99 changes, and any figure worse by more than ${pct(TARGETS.regression)} (⚠️; latency changes under ${TARGETS.regressionFloorMs} ms are ignored as noise).`,
      '',
    );
    if (regressions.length > 0) {
      out.push(
        `**${regressions.length} figure${regressions.length === 1 ? '' : 's'} worse than the previous run by more than ${pct(TARGETS.regression)}:**`,
        '',
        ...regressions.map(
          (g) =>
            `- ${g.row} — ${g.figure}: ${g.figure === 'thr' ? rate(g.before) : `${ms(g.before)} ms`} → ${g.figure === 'thr' ? rate(g.now) : `${ms(g.now)} ms`} (${pct(g.worseBy)} worse)`,
        ),
        '',
      );
    } else {
      out.push(`No figure is worse than the previous run by more than ${pct(TARGETS.regression)}.`, '');
    }
  } else {
    out.push('"vs previous": no previous full run in bench/results/ to compare with.', '');
  }
  return out;
}
