// The guest page runs (bench/lib/pages.ts) in the results: their table rows, their line under the setup, their details.
import { TARGETS } from './report-targets.ts';
import { errorsCell, latencyCells, verdict, type Row } from './report-table.ts';
import type { BenchResults } from './results.ts';
import { ms, num } from './stats.ts';

export function pageRows(r: BenchResults): Row[] {
  const rows: Row[] = [];
  for (const p of r.pages) {
    const targeted = p.connections === TARGETS.pageConnections;
    const failed = p.non2xx + p.errors;
    const ok = targeted ? failed === 0 && p.okPerSecond >= TARGETS.pageRps && p.latency.p99 <= TARGETS.pageP99 : null;
    rows.push({
      key: `page ${p.path} ${p.connections}`,
      figures: { throughput: p.okPerSecond, p50: p.latency.p50, p95: p.latency.p95, p99: p.latency.p99 },
      scenario: `${p.name} \`${p.path}\``,
      load: `${p.connections} conn`,
      throughput: `${num(p.okPerSecond)} req/s`,
      ...latencyCells(p.latency),
      errors: errorsCell(failed, p.responses + p.errors),
      target: targeted ? `≥ ${num(TARGETS.pageRps)} req/s, p99 ≤ ${TARGETS.pageP99} ms` : '—',
      result: verdict(ok),
    });
  }
  return rows;
}

/** The phase's setup, for the list above the table. */
export function pagesSetup(c: BenchResults['config']): string {
  return `- **Pages:** autocannon, ${c.warmupSeconds} s warm-up then ${c.durationSeconds} s per run, closed loop, keep-alive, ${c.gzip ? '`Accept-Encoding: gzip`' : 'no `Accept-Encoding` (uncompressed)'}, guest (no cookies); latency of every response; errors = non-2xx + socket errors/timeouts`;
}

export function pageDetails(r: BenchResults): string[] {
  const details: string[] = [];
  for (const p of r.pages) {
    const codes = Object.entries(p.statusCodes)
      .map(([k, v]) => `${k}: ${num(v)}`)
      .join(', ');
    details.push(
      `- ${p.name} at ${p.connections} conn: ${num(p.responses)} responses in ${p.durationSeconds.toFixed(1)} s (${codes || 'none'}), ${num(p.errors)} socket errors (${num(p.timeouts)} timeouts), mean ${ms(p.latency.mean)} ms, max ${ms(p.latency.max)} ms, ${num(p.avgBytes)} bytes/response`,
    );
  }
  return details;
}
