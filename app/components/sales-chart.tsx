import { formatMoney } from '#core/money.ts';

export interface SalesDay {
  day: string;
  revenue: number;
  orders: number;
}

/**
 * Revenue (bars) and orders (line) per day, drawn on the server as SVG: readable without JavaScript,
 * with a text alternative and the figures in a table beside it for screen readers.
 */
export function SalesChart({ days, currency }: { days: SalesDay[]; currency: string }) {
  const W = 720;
  const H = 220;
  const pad = { top: 16, right: 40, bottom: 28, left: 64 };
  const innerW = W - pad.left - pad.right;
  const innerH = H - pad.top - pad.bottom;
  const maxRevenue = Math.max(1, ...days.map((d) => d.revenue));
  const maxOrders = Math.max(1, ...days.map((d) => d.orders));
  const step = innerW / Math.max(1, days.length);
  const barW = Math.max(2, step * 0.7);
  const x = (i: number) => pad.left + i * step + (step - barW) / 2;
  const yRevenue = (v: number) => pad.top + innerH - (v / maxRevenue) * innerH;
  const yOrders = (v: number) => pad.top + innerH - (v / maxOrders) * innerH;
  const line = days.map((d, i) => `${i === 0 ? 'M' : 'L'}${(x(i) + barW / 2).toFixed(1)},${yOrders(d.orders).toFixed(1)}`).join(' ');
  const total = days.reduce((n, d) => n + d.revenue, 0);
  const orders = days.reduce((n, d) => n + d.orders, 0);
  return (
    <figure className="sales-chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby="sales-chart-title" width="100%">
        <title id="sales-chart-title">{`Revenue and orders per day, last ${days.length} days: ${formatMoney(total, currency)} from ${orders} orders`}</title>
        <line x1={pad.left} y1={pad.top + innerH} x2={W - pad.right} y2={pad.top + innerH} stroke="#8c7a66" />
        <text x={pad.left - 6} y={pad.top + 4} textAnchor="end" fontSize="11" fill="#2b2118">
          {formatMoney(maxRevenue, currency)}
        </text>
        <text x={pad.left - 6} y={pad.top + innerH} textAnchor="end" fontSize="11" fill="#2b2118">
          0
        </text>
        <text x={W - pad.right + 6} y={pad.top + 4} fontSize="11" fill="#1d4ed8">
          {maxOrders}
        </text>
        {days.map((d, i) => (
          <rect key={d.day} x={x(i)} y={yRevenue(d.revenue)} width={barW} height={pad.top + innerH - yRevenue(d.revenue)} fill="#9c4221">
            <title>{`${d.day}: ${formatMoney(d.revenue, currency)}, ${d.orders} ${d.orders === 1 ? 'order' : 'orders'}`}</title>
          </rect>
        ))}
        <path d={line} fill="none" stroke="#1d4ed8" strokeWidth="2" />
        {days.length ? (
          <>
            <text x={pad.left} y={H - 8} fontSize="11" fill="#2b2118">
              {days[0]!.day}
            </text>
            <text x={W - pad.right} y={H - 8} fontSize="11" textAnchor="end" fill="#2b2118">
              {days[days.length - 1]!.day}
            </text>
          </>
        ) : null}
      </svg>
      <figcaption className="muted">Bars: revenue (net of refunds) · line: orders.</figcaption>
      <details>
        <summary>Figures per day</summary>
        <table className="admin-table">
          <thead>
            <tr>
              <th scope="col">Day</th>
              <th scope="col">Revenue</th>
              <th scope="col">Orders</th>
            </tr>
          </thead>
          <tbody>
            {days.map((d) => (
              <tr key={d.day}>
                <td>{d.day}</td>
                <td>{formatMoney(d.revenue, currency)}</td>
                <td>{d.orders}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
