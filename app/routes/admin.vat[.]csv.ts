// /admin/vat.csv?year=2026: the VAT report as a spreadsheet, one row per month, country, supply and rate.
import type { LoaderFunctionArgs } from '@remix-run/node';
import { parseReportYear } from '#core/invoice-filters.ts';
import { db } from '#server/db.server.ts';
import { vatReport, vatReportCsv } from '#server/invoices/vat-report.server.ts';
import { requireAdmin } from '#app/utils/session.server.ts';

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const year = parseReportYear(new URL(request.url).searchParams.get('year'));
  const report = await vatReport(await db(), year);
  return new Response(vatReportCsv(report), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="vat-${year}.csv"`,
      'Cache-Control': 'private, no-store',
    },
  });
}
