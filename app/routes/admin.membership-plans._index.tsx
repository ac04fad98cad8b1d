// /admin/membership-plans: every plan with its price, credits, trial, unused-credits rule, status and Stripe sync state.
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, json, useLoaderData } from '@remix-run/react';
import { UNUSED_CREDITS_LABELS } from '#app/components/admin/membership-plan-form.tsx';
import { Price } from '#app/components/price.tsx';
import { StatusBadge } from '#app/components/status-badge.tsx';
import { requireAdmin } from '#app/utils/session.server.ts';
import { db } from '#server/db.server.ts';
import { listPlans, type AdminPlanView } from '#server/memberships/plans.server.ts';

export const meta: MetaFunction = () => [{ title: 'Membership plans — Admin — Atelier' }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  return json({ plans: await listPlans(await db()) }, { headers: { 'Cache-Control': 'private, no-store' } });
}

const syncState = (p: Pick<AdminPlanView, 'syncError' | 'synced'>) =>
  p.syncError ? 'sync failed' : p.synced ? 'synced' : 'not synced yet';

export default function AdminMembershipPlans() {
  const { plans } = useLoaderData<typeof loader>();
  return (
    <div className="stack">
      <div className="cluster">
        <h1>Membership plans</h1>
        <Link to="/admin/membership-plans/new" className="btn btn-primary">
          New plan
        </Link>
      </div>
      <table className="cart-table admin-table">
        <caption className="visually-hidden">Membership plans</caption>
        <thead>
          <tr>
            <th scope="col">Plan</th>
            <th scope="col">Price / month</th>
            <th scope="col">Credits / month</th>
            <th scope="col">Trial</th>
            <th scope="col">Unused credits</th>
            <th scope="col">Status</th>
            <th scope="col">Stripe</th>
          </tr>
        </thead>
        <tbody>
          {plans.map((p) => (
            <tr key={p.id}>
              <td>
                <Link to={`/admin/membership-plans/${p.id}`}>{p.name}</Link>
              </td>
              <td>
                <Price amount={p.price} currency={p.currency} />
              </td>
              <td>{p.creditsPerPeriod}</td>
              <td>{p.trialDays > 0 ? `${p.trialDays} ${p.trialDays === 1 ? 'day' : 'days'}` : '—'}</td>
              <td>{UNUSED_CREDITS_LABELS[p.unusedCredits]}</td>
              <td>
                <StatusBadge status={p.status} />
              </td>
              <td>{syncState(p)}</td>
            </tr>
          ))}
          {plans.length === 0 ? (
            <tr>
              <td colSpan={7}>No membership plans yet.</td>
            </tr>
          ) : null}
        </tbody>
      </table>
    </div>
  );
}
