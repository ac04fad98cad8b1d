import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, json, useLoaderData, useNavigation } from '@remix-run/react';
import { Pagination } from '#app/components/pagination.tsx';
import { Price } from '#app/components/price.tsx';
import { StatusBadge } from '#app/components/status-badge.tsx';
import { FULFILMENT_TYPES, ORDER_STATUS_OPTIONS, findOrders, parseOrderFilters } from '#server/admin/admin-orders.server.ts';
import { filtersToSearch, type OrderFilters } from '#core/order-filters.ts';
import { db } from '#server/db.server.ts';
import { requireAdmin } from '#app/utils/session.server.ts';

export const meta: MetaFunction = () => [{ title: 'Orders — Admin — Atelier' }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const filters = parseOrderFilters(new URL(request.url));
  const result = await findOrders(await db(), filters);
  return json({ filters, ...result, statuses: ORDER_STATUS_OPTIONS, types: FULFILMENT_TYPES });
}

function SortLink({ filters, column, children }: { filters: OrderFilters; column: 'date' | 'total'; children: string }) {
  const active = filters.sort === column;
  const nextDir = active && filters.dir === 'desc' ? 'asc' : 'desc';
  return (
    <Link
      to={filtersToSearch(filters, { sort: column, dir: nextDir, page: null })}
      aria-label={`Sort by ${children.toLowerCase()}, ${nextDir === 'asc' ? 'ascending' : 'descending'}`}
    >
      {children} {active ? (filters.dir === 'desc' ? '↓' : '↑') : ''}
    </Link>
  );
}

export default function AdminOrders() {
  const { filters, rows, total, pages, statuses, types } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const sortAttr = (col: 'date' | 'total') => (filters.sort === col ? (filters.dir === 'asc' ? 'ascending' : 'descending') : undefined);
  return (
    <div className="stack">
      <h1>Orders</h1>
      <Form method="get" className="cluster admin-filters" aria-label="Filter orders">
        <div className="form-field">
          <label htmlFor="q">Order number or email</label>
          <input id="q" name="q" type="search" defaultValue={filters.q ?? ''} maxLength={254} />
        </div>
        <div className="form-field">
          <label htmlFor="status">Status</label>
          <select id="status" name="status" defaultValue={filters.status ?? ''}>
            <option value="">Any</option>
            {statuses.map((s) => (
              <option key={s} value={s}>
                {s.replace('_', ' ')}
              </option>
            ))}
          </select>
        </div>
        <div className="form-field">
          <label htmlFor="type">Fulfilment</label>
          <select id="type" name="type" defaultValue={filters.type ?? ''}>
            <option value="">Any</option>
            {types.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </div>
        <div className="form-field">
          <label htmlFor="from">From</label>
          <input id="from" name="from" type="date" defaultValue={filters.from ?? ''} />
        </div>
        <div className="form-field">
          <label htmlFor="to">To</label>
          <input id="to" name="to" type="date" defaultValue={filters.to ?? ''} />
        </div>
        {filters.sort !== 'date' ? <input type="hidden" name="sort" value={filters.sort} /> : null}
        {filters.dir !== 'desc' ? <input type="hidden" name="dir" value={filters.dir} /> : null}
        <button type="submit" className="btn btn-primary" aria-busy={navigation.state === 'loading' || undefined}>
          Filter
        </button>
        <Link to="/admin/orders" className="btn btn-secondary">
          Clear
        </Link>
      </Form>
      <p className="cluster">
        <span>
          {total} {total === 1 ? 'order' : 'orders'}
        </span>
        <a href={`/admin/orders.csv${filtersToSearch(filters, { page: null })}`} download>
          Export CSV
        </a>
      </p>
      <table className="cart-table admin-table">
        <caption className="visually-hidden">Orders</caption>
        <thead>
          <tr>
            <th scope="col">Order</th>
            <th scope="col" aria-sort={sortAttr('date')}>
              <SortLink filters={filters} column="date">
                Date
              </SortLink>
            </th>
            <th scope="col">Email</th>
            <th scope="col">Items</th>
            <th scope="col">Status</th>
            <th scope="col" aria-sort={sortAttr('total')}>
              <SortLink filters={filters} column="total">
                Total
              </SortLink>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={6}>No orders match.</td>
            </tr>
          ) : (
            rows.map((o) => (
              <tr key={o.id}>
                <td>
                  <Link to={`/admin/orders/${o.orderNumber}`}>{o.orderNumber}</Link>
                </td>
                <td>
                  <time dateTime={o.createdAt}>{o.createdAt.slice(0, 16).replace('T', ' ')}</time>
                </td>
                <td>{o.email ?? '—'}</td>
                <td>
                  {o.itemCount} · {o.fulfilmentType}
                </td>
                <td>
                  <StatusBadge status={o.status} />
                </td>
                <td>
                  <Price amount={o.total} currency={o.currency} />
                  {o.refunded > 0 ? (
                    <span className="muted">
                      {' '}
                      (refunded <Price amount={o.refunded} currency={o.currency} />)
                    </span>
                  ) : null}
                </td>
              </tr>
            ))
          )}
        </tbody>
      </table>
      <Pagination page={filters.page} pages={pages} href={(p) => filtersToSearch(filters, { page: p })} />
    </div>
  );
}
