// The VAT report's table: per month, country, supply and rate, invoices less credit notes, with the year's totals.
import { Price } from '#app/components/price.tsx';
import { countryLabel } from '#core/invoice-buyer.ts';
import { formatRate } from '#core/tax.ts';
import type { VatReportRow } from '#server/invoices/vat-report.server.ts';

export type VatTableRow = VatReportRow;

const monthFormat = new Intl.DateTimeFormat('en-IE', { month: 'long', year: 'numeric', timeZone: 'UTC' });
const monthName = (month: string) => monthFormat.format(new Date(`${month}-01T00:00:00Z`));

export function VatTable({
  rows,
  totals,
}: {
  rows: VatTableRow[];
  totals: Array<{ currency: string; net: number; tax: number; gross: number }>;
}) {
  return (
    <table className="cart-table admin-table">
      <caption className="visually-hidden">VAT per month, country, supply and rate</caption>
      <thead>
        <tr>
          <th scope="col">Month</th>
          <th scope="col">Country</th>
          <th scope="col">Supply</th>
          <th scope="col">VAT rate</th>
          <th scope="col">Net</th>
          <th scope="col">VAT</th>
          <th scope="col">Gross</th>
        </tr>
      </thead>
      <tbody>
        {rows.length === 0 ? (
          <tr>
            <td colSpan={7}>No invoices or credit notes this year.</td>
          </tr>
        ) : (
          rows.map((r) => (
            <tr key={`${r.month}:${r.country}:${r.supply}:${r.rate}:${r.currency}`}>
              <td>{monthName(r.month)}</td>
              <td>{r.country ? `${countryLabel(r.country)} (${r.country})` : 'Unknown'}</td>
              <td>{r.supply}</td>
              <td>{formatRate(r.rate)}</td>
              <td>
                <Price amount={r.net} currency={r.currency} />
              </td>
              <td>
                <Price amount={r.tax} currency={r.currency} />
              </td>
              <td>
                <Price amount={r.gross} currency={r.currency} />
              </td>
            </tr>
          ))
        )}
      </tbody>
      {totals.length ? (
        <tfoot>
          {totals.map((t) => (
            <tr key={t.currency}>
              <th scope="row" colSpan={4}>
                Total{totals.length > 1 ? ` (${t.currency.toUpperCase()})` : ''}
              </th>
              <td>
                <Price amount={t.net} currency={t.currency} />
              </td>
              <td>
                <Price amount={t.tax} currency={t.currency} />
              </td>
              <td>
                <Price amount={t.gross} currency={t.currency} />
              </td>
            </tr>
          ))}
        </tfoot>
      ) : null}
    </table>
  );
}
