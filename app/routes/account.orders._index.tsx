import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, json, useLoaderData } from '@remix-run/react';
import { Pagination } from '#app/components/pagination.tsx';
import { Price } from '#app/components/price.tsx';
import { StatusBadge } from '#app/components/status-badge.tsx';
import { listCustomerOrders } from '#server/accounts/account.server.ts';
import { db } from '#server/db.server.ts';
import { formatOrderDate, parsePage } from '#core/order-display.ts';
import { requireUser } from '#app/utils/session.server.ts';

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const page = parsePage(new URL(request.url).searchParams.get('page'));
  const list = await listCustomerOrders(await db(), user, page);
  return json(list, { headers: { 'Cache-Control': 'private, no-store' } });
}

export const meta: MetaFunction = () => [{ title: 'Your orders — Atelier' }];

export default function AccountOrders() {
  const { orders, page, pages, total } = useLoaderData<typeof loader>();
  return (
    <div className="stack">
      <h1>Your orders</h1>
      {total === 0 ? (
        <p>
          You have no orders yet. Bought as a guest with another email address? <Link to="/orders/lookup">Find your order</Link>.
        </p>
      ) : orders.length === 0 ? (
        <p>
          There is no page {page}. <Link to="/account/orders">Back to the first page</Link>.
        </p>
      ) : (
        <div className="table-wrap">
          <table className="data-table account-orders-table">
            <caption className="visually-hidden">Your orders, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Order</th>
                <th scope="col">Date</th>
                <th scope="col">Items</th>
                <th scope="col">Total</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {orders.map((o) => (
                <tr key={o.orderNumber}>
                  <th scope="row">
                    <Link to={`/account/orders/${o.orderNumber}`}>{o.orderNumber}</Link>
                  </th>
                  <td>
                    <time dateTime={o.createdAt}>{formatOrderDate(o.createdAt)}</time>
                  </td>
                  <td>
                    {o.summary}
                    <span className="muted">
                      {' '}
                      ({o.itemCount} {o.itemCount === 1 ? 'item' : 'items'})
                    </span>
                  </td>
                  <td>
                    <Price amount={o.total} currency={o.currency} />
                  </td>
                  <td>
                    <StatusBadge status={o.status} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination page={page} pages={pages} href={(p) => (p === 1 ? '/account/orders' : `/account/orders?page=${p}`)} />
    </div>
  );
}
