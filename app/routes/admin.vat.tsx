// /admin/vat?year=2026: the VAT report — per month, country, supply (digital / physical) and rate, what the invoices
// charged less what the credit notes gave back — and its CSV.
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, json, useLoaderData, useNavigation } from '@remix-run/react';
import { VatTable } from '#app/components/admin/invoices/vat-table.tsx';
import { parseReportYear } from '#core/invoice-filters.ts';
import { db } from '#server/db.server.ts';
import { vatReport } from '#server/invoices/vat-report.server.ts';
import { requireAdmin } from '#app/utils/session.server.ts';

export const meta: MetaFunction = () => [{ title: 'VAT report — Admin — Atelier' }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const year = parseReportYear(new URL(request.url).searchParams.get('year'));
  return json(await vatReport(await db(), year));
}

export default function AdminVat() {
  const { year, rows, totals, years } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  return (
    <div className="stack">
      <h1>VAT report {year}</h1>
      <p className="muted">
        Invoices less credit notes, by the month they were issued (UTC), the customer’s country, digital or physical supplies and VAT rate.
      </p>
      <Form method="get" className="cluster admin-filters" aria-label="Choose the year">
        <div className="form-field">
          <label htmlFor="year">Year</label>
          <select id="year" name="year" defaultValue={String(year)}>
            {years.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="btn btn-primary" aria-busy={navigation.state === 'loading' || undefined}>
          Show
        </button>
      </Form>
      <p>
        <a href={`/admin/vat.csv?year=${year}`} download>
          Export CSV
        </a>
      </p>
      <VatTable rows={rows} totals={totals} />
    </div>
  );
}
