import type { LoaderFunctionArgs } from '@remix-run/node';
import { Link, json, useLoaderData } from '@remix-run/react';
import { Price } from '#app/components/price.tsx';
import { SalesChart } from '#app/components/sales-chart.tsx';
import { dashboard } from '#app/utils/admin-orders.server.ts';
import { db } from '#app/utils/db.server.ts';
import { getEnv } from '#app/utils/env.server.ts';
import { requireAdmin } from '#app/utils/session.server.ts';

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const env = getEnv();
  const figures = await dashboard(await db(), env.CHECKOUT_EXPIRY_GRACE_SECONDS);
  const stale = figures.staleCheckouts.map((s) => `OrderNumber="${s.orderNumber}"`).join(' OR ');
  return json({
    ...figures,
    currency: env.SHOP_CURRENCY,
    temporalUi: `${env.TEMPORAL_UI_URL}/namespaces/${encodeURIComponent(env.TEMPORAL_NAMESPACE)}/workflows`,
    staleQuery: stale ? `ExecutionStatus="Running" AND (${stale})` : null,
  });
}

export default function AdminDashboard() {
  const d = useLoaderData<typeof loader>();
  return (
    <div className="stack">
      <h1>Shop overview</h1>
      <div className="cluster">
        <section className="summary" aria-labelledby="today-h">
          <h2 id="today-h">Today</h2>
          <p>
            <Price amount={d.today.revenue} currency={d.currency} /> · {d.today.orders} {d.today.orders === 1 ? 'order' : 'orders'}
          </p>
        </section>
        <section className="summary" aria-labelledby="month-h">
          <h2 id="month-h">This month</h2>
          <p>
            <Price amount={d.month.revenue} currency={d.currency} /> · {d.month.orders} {d.month.orders === 1 ? 'order' : 'orders'}
          </p>
        </section>
      </div>
      <section aria-labelledby="chart-h" className="stack">
        <h2 id="chart-h">Last 30 days</h2>
        <SalesChart days={d.days} currency={d.currency} />
      </section>
      <section aria-labelledby="attention-h" className="stack">
        <h2 id="attention-h">Needs attention</h2>
        <h3>
          Orders to ship ({d.toShip.length}
          {d.toShip.length === 50 ? '+' : ''})
        </h3>
        {d.toShip.length ? (
          <ul>
            {d.toShip.map((o) => (
              <li key={o.orderNumber}>
                <Link to={`/admin/orders/${o.orderNumber}`}>{o.orderNumber}</Link> · paid {o.paidAt.slice(0, 16).replace('T', ' ')} · {o.email}
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">Nothing to ship.</p>
        )}
        <h3>Files that could not be made ({d.failedRenders.length})</h3>
        {d.failedRenders.length ? (
          <ul data-testid="failed-renders">
            {d.failedRenders.map((r) => (
              <li key={`${r.orderNumber}-${r.item}`}>
                <Link to={`/admin/orders/${r.orderNumber}`}>{r.orderNumber}</Link> · {r.item} · {r.error ?? 'no reason recorded'}
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">None.</p>
        )}
        <h3>Refunds that failed ({d.failedRefunds.length})</h3>
        {d.failedRefunds.length ? (
          <ul>
            {d.failedRefunds.map((r) => (
              <li key={`${r.orderNumber}-${r.at}`}>
                <Link to={`/admin/orders/${r.orderNumber}`}>{r.orderNumber}</Link> · <Price amount={r.amount} currency={r.currency} /> · {r.reason ?? 'no reason given'}
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">None.</p>
        )}
        <h3>Checkouts open past their expiry ({d.staleCheckouts.length})</h3>
        {d.staleCheckouts.length ? (
          <>
            <ul>
              {d.staleCheckouts.map((o) => (
                <li key={o.orderNumber}>
                  <Link to={`/admin/orders/${o.orderNumber}`}>{o.orderNumber}</Link> · started {o.createdAt.slice(0, 16).replace('T', ' ')}
                </li>
              ))}
            </ul>
            {d.staleQuery ? (
              <p>
                <a href={`${d.temporalUi}?query=${encodeURIComponent(d.staleQuery)}`}>Inspect them in the Temporal UI</a>
              </p>
            ) : null}
          </>
        ) : (
          <p className="muted">None: every checkout ended on time.</p>
        )}
      </section>
      <p>
        <a href={d.temporalUi}>All workflows in the Temporal UI</a>
      </p>
    </div>
  );
}
