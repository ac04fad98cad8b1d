// /admin/points: the loyalty points outstanding — what customers hold and what it is worth, the shop's counter-accounts,
// what expires in the next 30 days, whether the ledger reconciles, and the customers holding the most.
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json, useLoaderData } from '@remix-run/react';
import { ReconciliationView, ShopAccountsTable, TopHolders, points } from '#app/components/admin/points/points-report-parts.tsx';
import { Price } from '#app/components/price.tsx';
import { requireAdmin } from '#app/utils/session.server.ts';
import { db } from '#server/db.server.ts';
import { getEnv } from '#server/env.server.ts';
import { EXPIRING_DAYS, pointsReport } from '#server/ledger/points-report.server.ts';

export const meta: MetaFunction = () => [{ title: 'Points — Admin — Atelier' }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const env = getEnv();
  return json({
    ...(await pointsReport(await db(), env.POINT_VALUE)),
    currency: env.SHOP_CURRENCY,
    pointValue: env.POINT_VALUE,
    expiringDays: EXPIRING_DAYS,
  });
}

export default function AdminPoints() {
  const {
    outstanding: o,
    shop,
    ledgerSum,
    expiring,
    reconciliation,
    top,
    currency,
    pointValue,
    expiringDays,
  } = useLoaderData<typeof loader>();
  return (
    <div className="stack">
      <h1>Points outstanding</h1>
      <dl className="summary" data-testid="points-outstanding">
        <dt>Available</dt>
        <dd>{points(o.available)}</dd>
        <dt>Pending (refund window)</dt>
        <dd>{points(o.pending)}</dd>
        <dt>Reserved by checkouts</dt>
        <dd>{points(o.reserved)}</dd>
        <dt>Customers holding points</dt>
        <dd>{points(o.holders)}</dd>
        <dt>Liability</dt>
        <dd data-testid="points-liability">
          <Price amount={o.liability} currency={currency} />{' '}
          <span className="muted">
            ((available + pending + held) × <Price amount={pointValue} currency={currency} /> a point)
          </span>
        </dd>
        <dt>Expiring within {expiringDays} days</dt>
        <dd data-testid="points-expiring">
          {points(expiring.points)} points{' '}
          <span className="muted">
            ({points(expiring.lots)} {expiring.lots === 1 ? 'lot' : 'lots'}, {points(expiring.customers)}{' '}
            {expiring.customers === 1 ? 'customer' : 'customers'}; what is left of each lot, including lots past their date that the
            workflow has not expired yet)
          </span>
        </dd>
      </dl>

      <section aria-labelledby="reconcile-h" className="stack">
        <h2 id="reconcile-h">Reconciliation</h2>
        <ReconciliationView r={reconciliation} />
      </section>

      <section aria-labelledby="shop-h" className="stack">
        <h2 id="shop-h">Counter-accounts</h2>
        <ShopAccountsTable shop={shop} ledgerSum={ledgerSum} />
      </section>

      <section aria-labelledby="top-h" className="stack">
        <h2 id="top-h">Most points available</h2>
        <TopHolders top={top} />
      </section>
    </div>
  );
}
