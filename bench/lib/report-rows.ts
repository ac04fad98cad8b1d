// The bench report's table rows, section after section, in the order the table shows them.
import { ceilingRows } from './ceiling-report.ts';
import { checkoutRows } from './checkout-report.ts';
import { contentionRows } from './contention-report.ts';
import { dropRows } from './drop-report.ts';
import { membershipRows } from './membership-report.ts';
import { pageRows } from './page-report.ts';
import { paymentRows } from './payment-report.ts';
import { pointsRows } from './points-report.ts';
import { renderRows } from './render-report.ts';
import type { Row } from './report-table.ts';
import type { BenchResults } from './results.ts';
import { signedInPageRows } from './signed-in-pages-report.ts';

export function tableRows(r: BenchResults): Row[] {
  const rows: Row[] = [];
  rows.push(...pageRows(r));
  if (r.signedInPages) rows.push(...signedInPageRows(r.signedInPages));
  rows.push(...ceilingRows(r));
  rows.push(...checkoutRows(r));
  rows.push(...contentionRows(r));
  rows.push(...paymentRows(r));
  if (r.drop) rows.push(...dropRows(r.drop));
  if (r.points) rows.push(...pointsRows(r.points));
  if (r.membership) rows.push(...membershipRows(r.membership));
  rows.push(...renderRows(r));
  return rows;
}
