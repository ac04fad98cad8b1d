import type { LoaderFunctionArgs } from '@remix-run/node';
import { Link, json, useLoaderData } from '@remix-run/react';
import { AttentionList } from '#app/components/admin/dashboard/attention-list.tsx';
import { LowStock } from '#app/components/admin/dashboard/low-stock.tsx';
import { Memberships } from '#app/components/admin/dashboard/memberships.tsx';
import { PrintMargin } from '#app/components/admin/dashboard/print-margin.tsx';
import { Waiting } from '#app/components/admin/dashboard/waiting.tsx';
import { Price } from '#app/components/price.tsx';
import { SalesChart } from '#app/components/sales-chart.tsx';
import { activityRetries } from '#server/temporal/activity-retries.server.ts';
import { dashboard } from '#server/admin/dashboard.server.ts';
import { stockLevels } from '#server/catalog/stock-admin.server.ts';
import { PAYMENT_MISMATCH_DAYS, paymentMismatches } from '#server/admin/payment-mismatches.server.ts';
import { membershipReport } from '#server/memberships/membership-report.server.ts';
import { failedPrintOrders } from '#server/print-provider/admin-print-orders.server.ts';
import { printMargin } from '#server/print-provider/print-margin.server.ts';
import { temporalWorkflowsUrl } from '#server/temporal/customer-email-search.server.ts';
import { db } from '#server/db.server.ts';
import { getEnv } from '#server/env.server.ts';
import { requireAdmin } from '#app/utils/session.server.ts';

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const env = getEnv();
  const em = await db();
  const [figures, mismatches, stock, failedPrints, margin, memberships] = await Promise.all([
    dashboard(em, env.CHECKOUT_EXPIRY_GRACE_SECONDS, env.POINT_VALUE),
    paymentMismatches(em),
    stockLevels(em),
    failedPrintOrders(em),
    printMargin(em),
    membershipReport(em),
  ]);
  const stale = figures.staleCheckouts.map((s) => `OrderNumber="${s.orderNumber}"`).join(' OR ');
  const w = figures.waiting;
  // Attempts and next tries live in Temporal, not in the rows: asked for the orders waiting (briefly).
  const waitingOrders = [
    ...w.emails.rows.flatMap((e) => (e.orderNumber ? [e.orderNumber] : [])),
    ...w.creatingSession.map((o) => o.orderNumber),
    ...w.renders.map((r) => r.orderNumber),
    ...w.refunds.map((r) => r.orderNumber),
    ...w.printOrders.map((p) => p.orderNumber),
  ];
  return json({
    ...figures,
    paymentMismatches: mismatches,
    failedPrints,
    printMargin: margin,
    memberships,
    lowStock: stock.filter((r) => r.tracked && r.low),
    currency: env.SHOP_CURRENCY,
    temporalUi: temporalWorkflowsUrl(env),
    staleQuery: stale ? `ExecutionStatus="Running" AND (${stale})` : null,
    retries: await activityRetries(waitingOrders),
    now: new Date().toISOString(),
  });
}

export default function AdminDashboard() {
  const d = useLoaderData<typeof loader>();
  const mismatches = d.paymentMismatches.filter((m) => m.kind === 'payment_mismatch');
  const oversold = d.paymentMismatches.filter((m) => m.kind === 'oversold');
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
        <section className="summary" aria-labelledby="points-h" data-testid="points-tile">
          <h2 id="points-h">
            <Link to="/admin/points">Points outstanding</Link>
          </h2>
          <p>
            <Price amount={d.points.liability} currency={d.currency} /> ·{' '}
            {new Intl.NumberFormat('en-IE').format(d.points.available + d.points.pending + d.points.reserved)} points
          </p>
        </section>
      </div>
      <section aria-labelledby="chart-h" className="stack">
        <h2 id="chart-h">Last 30 days</h2>
        <SalesChart days={d.days} currency={d.currency} />
      </section>
      <section aria-labelledby="attention-h" className="stack">
        <h2 id="attention-h">Needs attention</h2>
        <AttentionList
          title="Payment events that did not match their checkout"
          testId="payment-mismatches"
          items={mismatches}
          about={`Signed webhooks for another session, amount or currency, in the last ${PAYMENT_MISMATCH_DAYS} days: none of them marked an order paid. Check the webhook secret and the payments in Stripe.`}
        />
        <AttentionList
          title="Oversold orders"
          testId="oversold-orders"
          items={oversold}
          about="Paid after their checkout had given the stock back: honoured, but the shelf holds less than was sold. Restock or contact the customer."
        />
        <AttentionList
          title="Print orders the provider refused or failed"
          testId="failed-print-orders"
          items={d.failedPrints}
          about="Their prints are not being made: correct the address and resubmit on the order’s page, or refund."
        />
        <LowStock items={d.lowStock} />
        <h3>
          Orders to ship ({d.toShip.length}
          {d.toShip.length === 50 ? '+' : ''})
        </h3>
        {d.toShip.length ? (
          <ul>
            {d.toShip.map((o) => (
              <li key={o.orderNumber}>
                <Link to={`/admin/orders/${o.orderNumber}`}>{o.orderNumber}</Link> · paid {o.paidAt.slice(0, 16).replace('T', ' ')} ·{' '}
                {o.email}
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
                <Link to={`/admin/orders/${r.orderNumber}`}>{r.orderNumber}</Link> · <Price amount={r.amount} currency={r.currency} /> ·{' '}
                {r.reason ?? 'no reason given'}
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">None.</p>
        )}
      </section>
      <Memberships report={d.memberships} />
      <Waiting d={d} />
      <PrintMargin months={d.printMargin} currency={d.currency} />
      <p>
        <a href={d.temporalUi}>All workflows in the Temporal UI</a>
      </p>
    </div>
  );
}
