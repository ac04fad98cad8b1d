// /admin/customers/:id: a customer's account, orders and emails, with a form per thing an admin does
// to the account; the action hands each form's intent to its action (customer-actions.server.ts).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, json, useLoaderData } from '@remix-run/react';
import { BlockForm, DeleteAccountForm, RoleForm, UnblockForm } from '#app/components/admin/customer/customer-forms.tsx';
import { DeletionRecord } from '#app/components/admin/customer/deletion-record.tsx';
import { PointsSection } from '#app/components/admin/customer/points-section.tsx';
import { CUSTOMER_INTENTS } from '#app/components/admin/customer/customer-intents.ts';
import { DoneMessage } from '#app/components/admin/form-parts.tsx';
import { Price } from '#app/components/price.tsx';
import { StatusBadge } from '#app/components/status-badge.tsx';
import { loadCustomerOr404 } from '#app/utils/admin-records.server.ts';
import { unknownIntent } from '#app/utils/form-answer.server.ts';
import { customerWorkflowsLink } from '#server/temporal/customer-email-search.server.ts';
import { getEnv } from '#server/env.server.ts';
import { emailDeliveryOf } from '#server/emails/suppressions.server.ts';
import { requireAdmin } from '#app/utils/session.server.ts';
import { findAccountDeletion } from '#server/accounts/account-deletion.server.ts';
import { customerPoints, newRequestKey } from '#server/ledger/admin-points.server.ts';
import { adjustPointsAction, blockAction, changeRoleAction, deleteAccountAction, unblockAction } from './customer-actions.server.ts';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.customer.email ?? 'Customer'} — Admin — Atelier` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const admin = await requireAdmin(request);
  const { em, user, orders } = await loadCustomerOr404(params.id);
  const deletion = await findAccountDeletion(em, user.id);
  const env = getEnv();
  return json({
    canChangeRole: admin.role === 'superadmin' && admin.id !== user.id,
    currency: env.SHOP_CURRENCY,
    customer: {
      id: user.id,
      email: user.email,
      name: user.name,
      role: user.role,
      blocked: user.blocked,
      blockedReason: user.blockedReason,
      blockedAt: user.blockedAt?.toISOString() ?? null,
      createdAt: user.createdAt.toISOString(),
      totalSpent: user.totalSpent,
      orderCount: user.orderCount,
      lastOrderAt: user.lastOrderAt?.toISOString() ?? null,
      marketingEmails: user.marketingEmails,
      deletedAt: user.deletedAt?.toISOString() ?? null,
    },
    deletion: deletion
      ? {
          status: deletion.status,
          requestedBy: deletion.requestedBy,
          adminEmail: deletion.adminEmail,
          reason: deletion.reason,
          requestedAt: deletion.createdAt.toISOString(),
          completedAt: deletion.completedAt?.toISOString() ?? null,
          summary: deletion.summary,
          workflowId: deletion.workflowId,
        }
      : null,
    orders: orders.map((o) => ({
      orderNumber: o.orderNumber,
      createdAt: o.createdAt.toISOString(),
      status: o.status,
      total: o.total,
      currency: o.currency,
    })),
    points: await customerPoints(em, user.id),
    // A fresh key per page view: a double submit of the adjustment records it once.
    pointsAdjust: user.deletedAt
      ? null
      : { requestKey: newRequestKey(), limit: env.POINTS_ADJUST_LIMIT, superadmin: admin.role === 'superadmin' },
    // Delivery as Resend reports it (/webhooks/resend): each email's status and any suppression.
    delivery: await emailDeliveryOf(user.email),
    // Their workflows in the Temporal UI, by the CustomerEmail search attribute (a keyed hash when hashed; none when off).
    workflows: customerWorkflowsLink(user.email),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await requireAdmin(request);
  const { em, user } = await loadCustomerOr404(params.id);
  const form = await request.formData();
  const args = { admin, form, em, user };
  const intent = form.get('intent');
  switch (intent) {
    case CUSTOMER_INTENTS.block:
      return blockAction(args);
    case CUSTOMER_INTENTS.unblock:
      return unblockAction(args);
    case CUSTOMER_INTENTS.role:
      return changeRoleAction(args);
    case CUSTOMER_INTENTS.deleteAccount:
      return deleteAccountAction(args);
    case CUSTOMER_INTENTS.points:
      return adjustPointsAction(args);
    default:
      throw unknownIntent(intent);
  }
}

export default function AdminCustomer() {
  const {
    customer: c,
    orders,
    canChangeRole,
    currency,
    delivery,
    workflows,
    deletion,
    points,
    pointsAdjust,
  } = useLoaderData<typeof loader>();
  return (
    <div className="stack">
      <p>
        <Link to="/admin/customers">← Customers</Link>
      </p>
      <h1>{c.email}</h1>
      <DoneMessage intents={Object.values(CUSTOMER_INTENTS)} />
      <dl className="summary">
        <dt>Name</dt>
        <dd>{c.name ?? '—'}</dd>
        <dt>Role</dt>
        <dd>{c.role}</dd>
        <dt>Customer since</dt>
        <dd>{c.createdAt.slice(0, 10)}</dd>
        <dt>Orders</dt>
        <dd>{c.orderCount}</dd>
        <dt>Lifetime value</dt>
        <dd>
          <Price amount={c.totalSpent} currency={currency} />
        </dd>
        <dt>Last order</dt>
        <dd>{c.lastOrderAt?.slice(0, 10) ?? '—'}</dd>
        <dt>Marketing emails</dt>
        <dd>{c.marketingEmails ? 'yes' : 'no'}</dd>
        {workflows ? (
          <>
            <dt>Workflows</dt>
            <dd>
              <a href={workflows.url} target="_blank" rel="noreferrer">
                In the Temporal UI
              </a>{' '}
              <code>{workflows.query}</code>
            </dd>
          </>
        ) : null}
      </dl>
      {delivery.suppression ? (
        <p className="alert alert-info">
          Marketing email suppressed: {delivery.suppression.reason} on {delivery.suppression.at.slice(0, 10)}
        </p>
      ) : null}

      <section aria-labelledby="block-h" className="stack">
        <h2 id="block-h">{c.blocked ? 'Blocked' : 'Block'}</h2>
        {c.blocked ? <UnblockForm blockedAt={c.blockedAt} reason={c.blockedReason} /> : <BlockForm />}
      </section>

      {canChangeRole && c.role !== 'superadmin' ? (
        <section aria-labelledby="role-h" className="stack">
          <h2 id="role-h">Role</h2>
          <RoleForm role={c.role} />
        </section>
      ) : null}

      <section aria-labelledby="data-h" className="stack">
        <h2 id="data-h">Data rights</h2>
        {deletion ? <DeletionRecord deletion={deletion} /> : null}
        {c.deletedAt ? null : (
          <>
            <p>
              For a request received by email, from the account’s own address:{' '}
              <a href={`/admin/customers/${c.id}/data.json`}>download the customer’s data</a> (the file they get from their account page),
              or delete the account.
            </p>
            {!deletion && c.role === 'customer' ? <DeleteAccountForm /> : null}
          </>
        )}
      </section>

      <section aria-labelledby="orders-h" className="stack">
        <h2 id="orders-h">Orders</h2>
        <ul>
          {orders.map((o) => (
            <li key={o.orderNumber}>
              <Link to={`/admin/orders/${o.orderNumber}`}>{o.orderNumber}</Link> · {o.createdAt.slice(0, 10)} ·{' '}
              <StatusBadge status={o.status} /> · <Price amount={o.total} currency={o.currency} />
            </li>
          ))}
          {orders.length === 0 ? <li>No orders yet.</li> : null}
        </ul>
      </section>

      <PointsSection points={points} adjust={pointsAdjust} />

      <section aria-labelledby="emails-h" className="stack">
        <h2 id="emails-h">Emails</h2>
        {delivery.emails.length ? (
          <table className="cart-table admin-table">
            <caption className="visually-hidden">Latest emails to {c.email}</caption>
            <thead>
              <tr>
                <th scope="col">Sent</th>
                <th scope="col">Subject</th>
                <th scope="col">Order</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {delivery.emails.map((e) => (
                <tr key={e.id}>
                  <td>{e.createdAt.slice(0, 16).replace('T', ' ')}</td>
                  <td>{e.subject}</td>
                  <td>{e.orderNumber ? <Link to={`/admin/orders/${e.orderNumber}`}>{e.orderNumber}</Link> : '—'}</td>
                  <td>
                    <StatusBadge status={e.status} />
                    {e.statusAt ? <span className="muted"> {e.statusAt.slice(0, 16).replace('T', ' ')}</span> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p>No emails yet.</p>
        )}
      </section>
    </div>
  );
}
