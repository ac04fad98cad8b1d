// The dashboard's "Print provider margin": per month, what the provider's lines sold for against what it charged.
import { Price } from '#app/components/price.tsx';
import type { PrintMarginMonth } from '#server/print-provider/print-margin.server.ts';

const percent = new Intl.NumberFormat('en-IE', { maximumFractionDigits: 1, minimumFractionDigits: 1 });
const monthName = (month: string) =>
  new Date(`${month}-01T00:00:00Z`).toLocaleDateString('en-IE', { month: 'long', year: 'numeric', timeZone: 'UTC' });

export function PrintMargin({ months, currency }: { months: PrintMarginMonth[]; currency: string }) {
  const any = months.some((m) => m.orders > 0);
  const otherCurrency = months.reduce((n, m) => n + m.otherCurrency, 0);
  return (
    <section aria-labelledby="print-margin-h" className="stack" data-testid="print-margin">
      <h2 id="print-margin-h">Print provider margin</h2>
      <p className="muted">
        Orders with prints the provider accepted, by the month they were paid: what their provider lines sold for (less discounts) against
        the provider’s cost and cancellation fees.
      </p>
      {any ? (
        <div className="table-wrap">
          <table className="data-table">
            <caption className="visually-hidden">Print provider margin per month</caption>
            <thead>
              <tr>
                <th scope="col">Month</th>
                <th scope="col">Orders</th>
                <th scope="col">Revenue</th>
                <th scope="col">Provider cost</th>
                <th scope="col">Margin</th>
                <th scope="col">Margin %</th>
              </tr>
            </thead>
            <tbody>
              {months.map((m) => (
                <tr key={m.month} data-month={m.month}>
                  <th scope="row">{monthName(m.month)}</th>
                  <td>{m.orders}</td>
                  <td>
                    <Price amount={m.revenue} currency={currency} />
                  </td>
                  <td>
                    <Price amount={m.cost} currency={currency} />
                  </td>
                  <td>
                    <Price amount={m.margin} currency={currency} />
                  </td>
                  <td>{m.marginPercent === null ? '—' : `${percent.format(m.marginPercent)} %`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="muted">No print orders at the provider in the last {months.length} months.</p>
      )}
      {otherCurrency ? (
        <p className="alert alert-warning">
          {otherCurrency} {otherCurrency === 1 ? 'print order was' : 'print orders were'} charged in another currency than the order’s: left
          out of the cost above. Check them in the provider’s dashboard.
        </p>
      ) : null}
    </section>
  );
}
