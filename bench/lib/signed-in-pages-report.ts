// The signed-in page runs (bench/lib/signed-in-pages.ts) in the results: their table rows and their details.
import type { Row } from './report-table.ts';
import type { SignedInPagesRun } from './signed-in-pages.ts';
import { ms, num } from './stats.ts';

/** The same target as the guest pages: at 64 connections, ≥ 1,000 req/s with p99 ≤ 150 ms. */
const TARGET = { rps: 1000, p99: 150, connections: 64 };

export function signedInPageRows(r: SignedInPagesRun): Row[] {
  return r.pages.map((p) => {
    const targeted = p.connections === TARGET.connections;
    const failed = p.non2xx + p.errors + p.notOwn;
    const ok = targeted ? failed === 0 && p.okPerSecond >= TARGET.rps && p.latency.p99 <= TARGET.p99 : null;
    const cpu = p.cpuMsPerRequest ? `; web CPU ${ms(p.cpuMsPerRequest.web)} ms/request` : '';
    return {
      key: `signed-in page ${p.path} ${p.connections}`,
      figures: { throughput: p.okPerSecond, p50: p.latency.p50, p95: p.latency.p95, p99: p.latency.p99 },
      scenario: `${p.name} \`${p.path}\`, ${num(p.sessions)} sessions${cpu}`,
      load: `${p.connections} conn`,
      throughput: `${num(p.okPerSecond)} req/s`,
      p50: ms(p.latency.p50),
      p95: ms(p.latency.p95),
      p99: ms(p.latency.p99),
      errors: `${num(failed)} / ${num(p.responses + p.errors)}`,
      target: targeted ? `≥ ${num(TARGET.rps)} req/s, p99 ≤ ${TARGET.p99} ms` : '—',
      result: ok === null ? '—' : ok ? 'pass' : 'miss',
    };
  });
}

export function signedInPageDetails(r: SignedInPagesRun): string[] {
  const lines = [
    `- Signed-in shoppers: ${num(r.shoppers)} of ${num(r.requested)} set up in ${r.setupSeconds.toFixed(1)} s (each a paid order and a cart of two posters); every request took the next shopper's cookie, every response was checked to be that shopper's page and not the page cache's`,
    ...r.setupFailures.map((f) => `  - setup failure ${f.status} ×${num(f.count)}: ${f.example}`),
  ];
  for (const p of r.pages) {
    const codes = Object.entries(p.statusCodes)
      .map(([k, v]) => `${k}: ${num(v)}`)
      .join(', ');
    const cpu = p.cpuMsPerRequest
      ? `; CPU per request: web ${ms(p.cpuMsPerRequest.web)} ms, PostgreSQL ${ms(p.cpuMsPerRequest.postgres)} ms, load generator ${ms(p.cpuMsPerRequest.loadGenerator)} ms`
      : '';
    lines.push(
      `- ${p.name} at ${p.connections} conn: ${num(p.responses)} responses in ${p.durationSeconds.toFixed(1)} s (${codes || 'none'}), ${num(p.errors)} socket errors, mean ${ms(p.latency.mean)} ms, max ${ms(p.latency.max)} ms, ${num(p.avgBytes)} bytes/response${cpu}; not the shopper's own page: ${num(p.notOwn)} (${num(p.fromCache)} from the page cache)${p.notOwnExample ? `, e.g. ${p.notOwnExample}` : ''}`,
    );
  }
  return lines;
}
