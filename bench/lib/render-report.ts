// Rendering (bench/render-worker.ts) in the results: its table rows.
import { TARGETS } from './report-targets.ts';
import { errorsCell, verdict, type Row } from './report-table.ts';
import type { BenchResults } from './results.ts';
import { ms, num } from './stats.ts';

export function renderRows(r: BenchResults): Row[] {
  const rows: Row[] = [];
  if (r.render) {
    const g = r.render;
    const times = g.one.map((o) => o.ms).sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)] ?? NaN;
    const peak = Math.max(...g.one.map((o) => o.peakRssMb));
    rows.push({
      key: `render one ${g.size}`,
      figures: { p50: median },
      scenario: `Render one ${g.size} PNG (300 dpi) + PDF, own process; peak RSS ${num(peak)} MB`,
      load: `${g.one.length} runs`,
      throughput: '—',
      p50: ms(median),
      p95: ms(times[times.length - 1]),
      p99: '—',
      errors: errorsCell(0, g.one.length),
      target: `≤ ${num(TARGETS.renderMs)} ms, peak ≤ 1 GB`,
      result: verdict(median <= TARGETS.renderMs && peak <= TARGETS.renderPeakRssMb),
    });
    for (const t of g.throughput) {
      rows.push({
        key: `render items ${g.size} ${t.concurrency}`,
        figures: { throughput: t.itemsPerMinute },
        scenario: `Render ${g.size} items (PNG + PDF + store), ${t.items} items; at most ${t.peakInFlight} at once, peak RSS ${num(t.peakRssMb)} MB`,
        load: `concurrency ${t.concurrency}`,
        throughput: `${t.itemsPerMinute.toFixed(0)} items/min`,
        p50: '—',
        p95: '—',
        p99: '—',
        errors: errorsCell(0, t.items),
        target: `never more than ${t.concurrency} at once${t.concurrency === 2 ? `, peak RSS ≤ ${num(TARGETS.renderItemsPeakRssMb)} MB` : ''}`,
        result: verdict(t.peakInFlight <= t.concurrency && (t.concurrency !== 2 || t.peakRssMb <= TARGETS.renderItemsPeakRssMb)),
      });
    }
  }
  return rows;
}
