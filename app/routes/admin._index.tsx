import type { LoaderFunctionArgs } from '@remix-run/node';
import { json, useLoaderData } from '@remix-run/react';
import { Price } from '#app/components/price.tsx';
import { db } from '#app/utils/db.server.ts';
import { getEnv } from '#app/utils/env.server.ts';
import { requireAdmin } from '#app/utils/session.server.ts';

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const em = await db();
  const rows = await em
    .getConnection()
    .execute<Array<{ status: string; n: string; total: string | null }>>(
      'select status, count(*) as n, sum(total) as total from orders group by status order by status',
    );
  const env = getEnv();
  return json({
    byStatus: rows.map((r) => ({ status: r.status, count: Number(r.n), total: Number(r.total ?? 0) })),
    currency: env.SHOP_CURRENCY,
    temporalUi: `${env.TEMPORAL_UI_URL}/namespaces/${encodeURIComponent(env.TEMPORAL_NAMESPACE)}/workflows`,
  });
}

export default function AdminDashboard() {
  const { byStatus, currency, temporalUi } = useLoaderData<typeof loader>();
  return (
    <div className="stack">
      <h1>Shop overview</h1>
      <table className="cart-table">
        <caption className="visually-hidden">Orders by status</caption>
        <thead>
          <tr>
            <th scope="col">Status</th>
            <th scope="col">Orders</th>
            <th scope="col">Total</th>
          </tr>
        </thead>
        <tbody>
          {byStatus.length === 0 ? (
            <tr>
              <td colSpan={3}>No orders yet.</td>
            </tr>
          ) : (
            byStatus.map((r) => (
              <tr key={r.status}>
                <td>{r.status}</td>
                <td>{r.count}</td>
                <td>
                  <Price amount={r.total} currency={currency} />
                </td>
              </tr>
            ))
          )}
        </tbody>
      </table>
      <p>
        <a href={temporalUi}>Workflows in the Temporal UI</a>
      </p>
    </div>
  );
}
