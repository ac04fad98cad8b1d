// The admin's invoice list: one row per invoice or credit note (credit notes' amounts shown negative, as they reverse).
import { Link } from '@remix-run/react';
import { Price } from '#app/components/price.tsx';
import { countryLabel } from '#core/invoice-buyer.ts';
import { INVOICE_KIND_LABELS } from '#core/invoice-filters.ts';
import type { InvoiceListRow } from '#server/invoices/admin-invoices.server.ts';

export type InvoiceTableRow = InvoiceListRow;

export function InvoiceTable({ rows }: { rows: InvoiceTableRow[] }) {
  return (
    <table className="cart-table admin-table">
      <caption className="visually-hidden">Invoices and credit notes</caption>
      <thead>
        <tr>
          <th scope="col">Number</th>
          <th scope="col">Kind</th>
          <th scope="col">Issued</th>
          <th scope="col">Order</th>
          <th scope="col">Buyer</th>
          <th scope="col">Country</th>
          <th scope="col">Net</th>
          <th scope="col">VAT</th>
          <th scope="col">Gross</th>
          <th scope="col">PDF</th>
        </tr>
      </thead>
      <tbody>
        {rows.length === 0 ? (
          <tr>
            <td colSpan={10}>No invoices match.</td>
          </tr>
        ) : (
          rows.map((r) => {
            const sign = r.kind === 'credit_note' ? -1 : 1;
            return (
              <tr key={r.number}>
                <td>{r.number}</td>
                <td>
                  {INVOICE_KIND_LABELS[r.kind]}
                  {r.creditedNumber ? <span className="muted"> for {r.creditedNumber}</span> : null}
                </td>
                <td>
                  <time dateTime={r.issuedAt}>{r.issuedAt.slice(0, 10)}</time>
                </td>
                <td>
                  <Link to={`/admin/orders/${r.orderNumber}`}>{r.orderNumber}</Link>
                </td>
                <td>
                  {r.buyerName}
                  {r.buyerEmail && r.buyerEmail !== r.buyerName ? <div className="muted">{r.buyerEmail}</div> : null}
                </td>
                <td>{r.country ? <abbr title={countryLabel(r.country)}>{r.country}</abbr> : '—'}</td>
                <td>
                  <Price amount={sign * r.net} currency={r.currency} />
                </td>
                <td>
                  <Price amount={sign * r.tax} currency={r.currency} />
                </td>
                <td>
                  <Price amount={sign * r.gross} currency={r.currency} />
                </td>
                <td>
                  {r.pdfStored ? (
                    <a href={`/admin/invoices/${r.number}.pdf`} target="_blank" rel="noreferrer">
                      {r.number}.pdf
                    </a>
                  ) : (
                    <span className="muted">being prepared</span>
                  )}
                </td>
              </tr>
            );
          })
        )}
      </tbody>
    </table>
  );
}
