import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, json, useLoaderData } from '@remix-run/react';
import { Pagination } from '#app/components/pagination.tsx';
import { StatusBadge } from '#app/components/status-badge.tsx';
import { parsePage } from '#core/order-display.ts';
import { db } from '#server/db.server.ts';
import { listPromoCodes } from '#server/promotions/promo-codes.server.ts';
import { requireAdmin } from '#app/utils/session.server.ts';

export const meta: MetaFunction = () => [{ title: 'Promo codes — Admin — Atelier' }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const url = new URL(request.url);
  const page = parsePage(url.searchParams.get('page'));
  const showDeleted = url.searchParams.get('deleted') === '1';
  const { codes, total, pages } = await listPromoCodes(await db(), { page, showDeleted });
  return json({ codes, total, page, pages, showDeleted });
}

export default function AdminPromoCodes() {
  const { codes, total, page, pages, showDeleted } = useLoaderData<typeof loader>();
  const link = (p: number) => `?${new URLSearchParams({ ...(showDeleted ? { deleted: '1' } : {}), page: String(p) }).toString()}`;
  return (
    <div className="stack">
      <div className="cluster">
        <h1>Promo codes</h1>
        <Link to="/admin/promo-codes/new" className="btn btn-primary">
          New promo code
        </Link>
      </div>
      <p>
        {total} {total === 1 ? 'code' : 'codes'} ·{' '}
        {showDeleted ? <Link to="/admin/promo-codes">Hide deleted codes</Link> : <Link to="?deleted=1">Show deleted codes</Link>}
      </p>
      <table className="cart-table admin-table">
        <caption className="visually-hidden">Promo codes</caption>
        <thead>
          <tr>
            <th scope="col">Code</th>
            <th scope="col">Discount</th>
            <th scope="col">Redemptions</th>
            <th scope="col">Expires</th>
            <th scope="col">Status</th>
            <th scope="col">Stripe</th>
          </tr>
        </thead>
        <tbody>
          {codes.map((c) => (
            <tr key={c.id}>
              <td>
                <Link to={`/admin/promo-codes/${c.id}`}>{c.code}</Link>
                {c.description ? <span className="muted"> — {c.description}</span> : null}
              </td>
              <td>
                {c.value} <span className="muted">({c.kind === 'percent' ? 'percentage' : 'fixed amount'})</span>
              </td>
              <td>
                {c.timesRedeemed}
                {c.maxRedemptions != null ? ` of ${c.maxRedemptions}` : ''}
              </td>
              <td>{c.endsAt ? c.endsAt.slice(0, 10) : '—'}</td>
              <td>
                <StatusBadge status={c.status} />
              </td>
              <td>{c.syncError ? 'sync failed' : c.synced ? 'synced' : 'syncing…'}</td>
            </tr>
          ))}
          {codes.length === 0 ? (
            <tr>
              <td colSpan={6}>No promo codes yet.</td>
            </tr>
          ) : null}
        </tbody>
      </table>
      <Pagination page={page} pages={pages} href={link} />
    </div>
  );
}
