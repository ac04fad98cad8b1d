import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, json, useLoaderData } from '@remix-run/react';
import { Pagination } from '#app/components/pagination.tsx';
import { Price } from '#app/components/price.tsx';
import { parsePage } from '#core/order-display.ts';
import { parseSearchText } from '#core/order-filters.ts';
import { db } from '#server/db.server.ts';
import { getEnv } from '#server/env.server.ts';
import { requireAdmin } from '#app/utils/session.server.ts';

export const meta: MetaFunction = () => [{ title: 'Customers — Admin — Atelier' }];

const PAGE = 25;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const url = new URL(request.url);
  const q = parseSearchText(url.searchParams.get('q')) ?? '';
  const page = parsePage(url.searchParams.get('page'));
  const conn = (await db()).getConnection();
  const filter = q ? "where email ilike '%' || ? || '%'" : '';
  const params = q ? [q.replace(/[\\%_]/g, (c) => `\\${c}`)] : [];
  const [rows, count] = await Promise.all([
    conn.execute<
      Array<{
        id: number;
        email: string;
        name: string | null;
        role: string;
        blocked: boolean;
        total_spent: string;
        order_count: number;
        last_order_at: Date | null;
      }>
    >(
      `select id, email, name, role, blocked, total_spent, order_count, last_order_at from users ${filter} order by total_spent desc, id desc limit ? offset ?`,
      [...params, PAGE, (page - 1) * PAGE],
    ),
    conn.execute<Array<{ n: string }>>(`select count(*) as n from users ${filter}`, params),
  ]);
  const total = Number(count[0]?.n ?? 0);
  return json({
    q,
    page,
    pages: Math.max(1, Math.ceil(total / PAGE)),
    total,
    currency: getEnv().SHOP_CURRENCY,
    customers: rows.map((r) => ({
      id: r.id,
      email: r.email,
      name: r.name,
      role: r.role,
      blocked: r.blocked,
      totalSpent: Number(r.total_spent),
      orderCount: r.order_count,
      lastOrderAt: r.last_order_at ? new Date(r.last_order_at).toISOString() : null,
    })),
  });
}

export default function AdminCustomers() {
  const { q, page, pages, total, customers, currency } = useLoaderData<typeof loader>();
  const link = (p: number) => `?${new URLSearchParams({ ...(q ? { q } : {}), page: String(p) }).toString()}`;
  return (
    <div className="stack">
      <h1>Customers</h1>
      <Form method="get" className="cluster" aria-label="Search customers">
        <div className="form-field">
          <label htmlFor="q">Email</label>
          <input id="q" name="q" type="search" defaultValue={q} maxLength={254} />
        </div>
        <button type="submit" className="btn btn-primary">
          Search
        </button>
      </Form>
      <p>
        {total} {total === 1 ? 'customer' : 'customers'}
      </p>
      <table className="cart-table admin-table">
        <caption className="visually-hidden">Customers</caption>
        <thead>
          <tr>
            <th scope="col">Email</th>
            <th scope="col">Role</th>
            <th scope="col">Orders</th>
            <th scope="col">Lifetime value</th>
            <th scope="col">Last order</th>
          </tr>
        </thead>
        <tbody>
          {customers.map((c) => (
            <tr key={c.id}>
              <td>
                <Link to={`/admin/customers/${c.id}`}>{c.email}</Link>
                {c.name ? <span className="muted"> — {c.name}</span> : null}
                {c.blocked ? <strong> (blocked)</strong> : null}
              </td>
              <td>{c.role}</td>
              <td>{c.orderCount}</td>
              <td>
                <Price amount={c.totalSpent} currency={currency} />
              </td>
              <td>{c.lastOrderAt ? c.lastOrderAt.slice(0, 10) : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pagination page={page} pages={pages} href={link} />
    </div>
  );
}
