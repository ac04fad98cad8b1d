// /admin/members: every membership (but checkouts not paid), filtered by status and plan in the query string, newest first.
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, json, useLoaderData, useNavigation } from '@remix-run/react';
import { END_REASON_LABELS } from '#app/components/admin/member/member-labels.ts';
import { Pagination } from '#app/components/pagination.tsx';
import { StatusBadge, statusLabel } from '#app/components/status-badge.tsx';
import { requireAdmin } from '#app/utils/session.server.ts';
import { MEMBER_STATUS_FILTERS, memberFiltersToSearch, parseMemberFilters } from '#core/schemas/admin-membership.ts';
import { db } from '#server/db.server.ts';
import { listMembers } from '#server/memberships/membership-admin-list.server.ts';

export const meta: MetaFunction = () => [{ title: 'Members — Admin — Atelier' }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const filters = parseMemberFilters(new URL(request.url).searchParams);
  return json({ filters, ...(await listMembers(await db(), filters)) }, { headers: { 'Cache-Control': 'private, no-store' } });
}

const number = new Intl.NumberFormat('en-IE');
const day = (iso: string) => iso.slice(0, 10);

export default function AdminMembers() {
  const { filters, rows, total, pages, plans } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  return (
    <div className="stack">
      <div className="cluster">
        <h1>Members</h1>
        <Link to="/admin/membership-plans">Plans</Link>
      </div>
      <Form method="get" className="cluster admin-filters" aria-label="Filter members">
        <div className="form-field">
          <label htmlFor="status">Status</label>
          <select id="status" name="status" defaultValue={filters.status}>
            {MEMBER_STATUS_FILTERS.map((s) => (
              <option key={s} value={s}>
                {s === 'all' ? 'All' : statusLabel(s)}
              </option>
            ))}
          </select>
        </div>
        <div className="form-field">
          <label htmlFor="plan">Plan</label>
          <select id="plan" name="plan" defaultValue={filters.planId === null ? '' : String(filters.planId)}>
            <option value="">Any</option>
            {plans.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="btn btn-primary" aria-busy={navigation.state === 'loading' || undefined}>
          Filter
        </button>
        <Link to="/admin/members" className="btn btn-secondary">
          Clear
        </Link>
      </Form>
      <p>
        {number.format(total)} {total === 1 ? 'member' : 'members'}
      </p>
      <table className="cart-table admin-table" data-testid="members">
        <caption className="visually-hidden">Members</caption>
        <thead>
          <tr>
            <th scope="col">Customer</th>
            <th scope="col">Plan</th>
            <th scope="col">Status</th>
            <th scope="col">Member since</th>
            <th scope="col">Renews / ended</th>
            <th scope="col">Credits granted</th>
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={6}>No members match.</td>
            </tr>
          ) : (
            rows.map((m) => (
              <tr key={m.id} data-membership={m.id}>
                <td>
                  <Link to={`/admin/customers/${m.customerId}`}>{m.email}</Link> ·{' '}
                  <Link to={`/admin/members/${m.id}`} aria-label={`Membership of ${m.email}`}>
                    membership
                  </Link>
                </td>
                <td>{m.planName}</td>
                <td>
                  <StatusBadge status={m.status} />
                </td>
                <td>
                  <time dateTime={m.memberSince}>{day(m.memberSince)}</time>
                </td>
                <td>
                  {m.endedAt ? (
                    <>
                      ended <time dateTime={m.endedAt}>{day(m.endedAt)}</time>
                      {m.endReason ? ` · ${END_REASON_LABELS[m.endReason]}` : null}
                    </>
                  ) : m.currentPeriodEnd ? (
                    <>
                      {m.cancelAtPeriodEnd ? 'ends' : 'renews'} <time dateTime={m.currentPeriodEnd}>{day(m.currentPeriodEnd)}</time>
                    </>
                  ) : (
                    '—'
                  )}
                </td>
                <td>{number.format(m.creditsGranted)}</td>
              </tr>
            ))
          )}
        </tbody>
      </table>
      <Pagination page={filters.page} pages={pages} href={(page) => memberFiltersToSearch(filters, { page })} />
    </div>
  );
}
