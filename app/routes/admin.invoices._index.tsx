// /admin/invoices: every invoice and credit note, newest first, searched by number, order number or email.
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, json, useLoaderData, useNavigation } from '@remix-run/react';
import { InvoiceTable } from '#app/components/admin/invoices/invoice-table.tsx';
import { Pagination } from '#app/components/pagination.tsx';
import { INVOICE_KIND_LABELS, invoiceFiltersToSearch, parseInvoiceFilters } from '#core/invoice-filters.ts';
import { db } from '#server/db.server.ts';
import { findInvoices } from '#server/invoices/admin-invoices.server.ts';
import { requireAdmin } from '#app/utils/session.server.ts';

export const meta: MetaFunction = () => [{ title: 'Invoices — Admin — Atelier' }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const filters = parseInvoiceFilters(new URL(request.url));
  return json({ filters, ...(await findInvoices(await db(), filters)) });
}

export default function AdminInvoices() {
  const { filters, rows, total, pages } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  return (
    <div className="stack">
      <h1>Invoices</h1>
      <Form method="get" className="cluster admin-filters" aria-label="Filter invoices">
        <div className="form-field">
          <label htmlFor="q">Invoice number, order number or email</label>
          <input id="q" name="q" type="search" defaultValue={filters.q ?? ''} maxLength={254} />
        </div>
        <div className="form-field">
          <label htmlFor="kind">Kind</label>
          <select id="kind" name="kind" defaultValue={filters.kind ?? ''}>
            <option value="">Any</option>
            {Object.entries(INVOICE_KIND_LABELS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="btn btn-primary" aria-busy={navigation.state === 'loading' || undefined}>
          Search
        </button>
        <Link to="/admin/invoices" className="btn btn-secondary">
          Clear
        </Link>
      </Form>
      <p className="cluster">
        <span>
          {total} {total === 1 ? 'document' : 'documents'}
        </span>
        <Link to="/admin/vat">VAT report</Link>
      </p>
      <InvoiceTable rows={rows} />
      <Pagination page={filters.page} pages={pages} href={(p) => invoiceFiltersToSearch(filters, { page: p })} />
    </div>
  );
}
