// The results as a markdown report: the setup, the table (the shop's performance targets, report-targets.ts, beside each
// figure), the comparison with the previous run, the cost per paid order, CPU per phase, details and notes. Each phase's
// rows, setup line and details come from its own *-report.ts file; the table's rows are assembled in report-rows.ts.
import { ceilingDetails, ceilingSetup } from './ceiling-report.ts';
import { checkoutDetails, checkoutSetup } from './checkout-report.ts';
import { contentionDetails, contentionSetup } from './contention-report.ts';
import { cpuSection } from './cpu-report.ts';
import { dropDetails, dropSetup } from './drop-report.ts';
import { membershipDetails, membershipSetup } from './membership-report.ts';
import { orderCostSection } from './order-cost-report.ts';
import { pageDetails, pagesSetup } from './page-report.ts';
import { paymentDetails, paymentSetup } from './payment-report.ts';
import { pointsDetails, pointsSetup } from './points-report.ts';
import { comparisonLines, compareWithPrevious } from './report-compare.ts';
import { tableRows } from './report-rows.ts';
import { markdownTable } from './report-table.ts';
import type { BenchResults } from './results.ts';
import { signedInPageDetails } from './signed-in-pages-report.ts';

export function toMarkdown(r: BenchResults, previous: BenchResults | null = null): string {
  const m = r.machine;
  const c = r.config;
  const out: string[] = [];
  out.push(`# Atelier benchmark — ${r.startedAt}`, '');
  if (c.quick) out.push('> **Quick smoke run** (`--quick`): short runs and few samples; not figures to report.', '');
  if (c.only)
    out.push(`> **Only ${c.only.join(', ')}** (\`--only\`): the other phases did not run; the setup lines below describe a full run.`, '');
  out.push(
    `- **Machine:** ${m.cores} cores (${m.cpuModel}), ${m.memoryGb.toFixed(1)} GB RAM, ${m.os}; Node ${m.node}`,
    `- **Load average at start:** ${m.loadAverage.map((x) => x.toFixed(2)).join(', ')} (the load generator and anything else running share these cores)`,
    `- **Code:** ${m.commit}`,
    `- **Shop:** its own stack — web (\`NODE_ENV=production\`, \`DATABASE_POOL_MAX=${c.stackEnv.DATABASE_POOL_MAX ?? '?'}\`), worker, Temporal dev server, database \`atelier_bench\` (migrated + seeded); local payment mode; loopback only`,
    pagesSetup(c),
    checkoutSetup(c),
    paymentSetup(c),
    ...(r.ceiling || r.endToEnd ? [ceilingSetup(r)] : []),
    ...(r.contention ? [contentionSetup(r.contention)] : []),
    ...(r.drop ? [dropSetup(r.drop)] : []),
    ...(r.points ? [pointsSetup(r.points)] : []),
    ...(r.membership ? [membershipSetup(r.membership)] : []),
    `- **Runtime:** ${r.runtimeSeconds.toFixed(0)} s`,
    '',
  );
  const rows = tableRows(r);
  const regressions = compareWithPrevious(rows, previous);
  out.push(markdownTable(rows), '');
  out.push(...comparisonLines(r, previous, regressions));

  out.push(...orderCostSection(r, r.orderCostPrevious ?? null));

  out.push(...cpuSection(r));

  const details: string[] = [];
  details.push(...pageDetails(r));
  if (r.signedInPages) details.push(...signedInPageDetails(r.signedInPages));
  details.push(...ceilingDetails(r));
  details.push(...checkoutDetails(r));
  details.push(...contentionDetails(r));
  details.push(...paymentDetails(r));
  if (r.drop) details.push(...dropDetails(r.drop));
  if (r.points) details.push(...pointsDetails(r.points));
  if (r.membership) details.push(...membershipDetails(r.membership));
  if (details.length > 0) out.push('## Details', '', ...details, '');
  if (r.notes.length > 0) out.push('## Notes', '', ...r.notes.map((n) => `- ${n}`), '');
  return out.join('\n');
}
