import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, json, useActionData, useLoaderData } from '@remix-run/react';
import { Price } from '#app/components/price.tsx';
import { StatusBadge } from '#app/components/status-badge.tsx';
import { SubmitButton } from '#app/components/submit-button.tsx';
import { revokeAllSessions } from '#app/utils/auth.server.ts';
import { loadCustomerOr404 } from '#app/utils/admin-records.server.ts';
import { customerWorkflowsLink } from '#server/temporal/customer-email-search.server.ts';
import { getEnv } from '#server/env.server.ts';
import { emailDeliveryOf } from '#server/emails/suppressions.server.ts';
import { requireAdmin } from '#app/utils/session.server.ts';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.customer.email ?? 'Customer'} — Admin — Atelier` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const admin = await requireAdmin(request);
  const { user, orders } = await loadCustomerOr404(params.id);
  return json({
    canChangeRole: admin.role === 'superadmin' && admin.id !== user.id,
    currency: getEnv().SHOP_CURRENCY,
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
    },
    orders: orders.map((o) => ({ orderNumber: o.orderNumber, createdAt: o.createdAt.toISOString(), status: o.status, total: o.total, currency: o.currency })),
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
  const intent = form.get('intent');
  if (intent === 'block') {
    const reason = String(form.get('reason') ?? '').trim();
    if (!reason || reason.length > 500) {
      return json({ intent, ok: false, field: 'reason', message: reason ? 'At most 500 characters' : 'Say why, so the customer can be told', value: reason }, { status: 400 });
    }
    if (user.id === admin.id) return json({ intent, ok: false, field: 'reason', message: 'You cannot block yourself', value: reason }, { status: 400 });
    if (user.role !== 'customer' && admin.role !== 'superadmin') {
      return json({ intent, ok: false, field: 'reason', message: 'Only a superadmin can block an admin', value: reason }, { status: 403 });
    }
    user.blocked = true;
    user.blockedReason = reason;
    user.blockedAt = new Date();
    await em.flush();
    const ended = await revokeAllSessions(em, user.id);
    return json({ intent, ok: true, field: null, message: `Blocked; ${ended} ${ended === 1 ? 'session' : 'sessions'} ended.`, value: '' });
  }
  if (intent === 'unblock') {
    user.blocked = false;
    user.blockedReason = null;
    user.blockedAt = null;
    await em.flush();
    return json({ intent, ok: true, field: null, message: 'Unblocked.', value: '' });
  }
  if (intent === 'role') {
    // Only superadmins change roles, never their own, and only between customer and admin.
    if (admin.role !== 'superadmin') return json({ intent, ok: false, field: 'role', message: 'Only a superadmin can change roles', value: '' }, { status: 403 });
    const role = form.get('role');
    if (user.id === admin.id) return json({ intent, ok: false, field: 'role', message: 'You cannot change your own role', value: '' }, { status: 400 });
    if (role !== 'customer' && role !== 'admin') return json({ intent, ok: false, field: 'role', message: 'Choose customer or admin', value: '' }, { status: 400 });
    if (user.role === 'superadmin') return json({ intent, ok: false, field: 'role', message: 'A superadmin’s role is changed in the database only', value: '' }, { status: 400 });
    user.role = role;
    await em.flush();
    return json({ intent, ok: true, field: null, message: `Role is now ${role}.`, value: '' });
  }
  return json({ intent, ok: false, field: null, message: 'Unknown action', value: '' }, { status: 400 });
}

export default function AdminCustomer() {
  const { customer: c, orders, canChangeRole, currency, delivery, workflows } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="stack">
      <p>
        <Link to="/admin/customers">← Customers</Link>
      </p>
      <h1>{c.email}</h1>
      {result?.message ? (
        <p role={result.ok ? 'status' : 'alert'} className={`alert ${result.ok ? 'alert-success' : 'alert-error'}`}>
          {result.message}
        </p>
      ) : null}
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
        {c.blocked ? (
          <Form method="post" className="stack">
            <p>
              Blocked {c.blockedAt?.slice(0, 10)}: {c.blockedReason}
            </p>
            <input type="hidden" name="intent" value="unblock" />
            <SubmitButton variant="secondary">Unblock</SubmitButton>
          </Form>
        ) : (
          <Form method="post" className="stack">
            <input type="hidden" name="intent" value="block" />
            <div className="form-field">
              <label htmlFor="reason">Reason (shown to the customer)</label>
              <input
                id="reason"
                name="reason"
                maxLength={500}
                defaultValue={result?.intent === 'block' && !result.ok ? result.value : ''}
                aria-invalid={result?.field === 'reason' || undefined}
                aria-describedby={result?.field === 'reason' ? 'reason-error' : undefined}
              />
              {result?.field === 'reason' ? (
                <p id="reason-error" className="field-error">
                  {result.message}
                </p>
              ) : null}
            </div>
            <SubmitButton variant="secondary">Block customer</SubmitButton>
          </Form>
        )}
      </section>

      {canChangeRole && c.role !== 'superadmin' ? (
        <section aria-labelledby="role-h" className="stack">
          <h2 id="role-h">Role</h2>
          <Form method="post" className="cluster">
            <input type="hidden" name="intent" value="role" />
            <input type="hidden" name="role" value={c.role === 'admin' ? 'customer' : 'admin'} />
            <SubmitButton variant="secondary">{c.role === 'admin' ? 'Demote to customer' : 'Promote to admin'}</SubmitButton>
          </Form>
        </section>
      ) : null}

      <section aria-labelledby="orders-h" className="stack">
        <h2 id="orders-h">Orders</h2>
        <ul>
          {orders.map((o) => (
            <li key={o.orderNumber}>
              <Link to={`/admin/orders/${o.orderNumber}`}>{o.orderNumber}</Link> · {o.createdAt.slice(0, 10)} · <StatusBadge status={o.status} /> ·{' '}
              <Price amount={o.total} currency={o.currency} />
            </li>
          ))}
          {orders.length === 0 ? <li>No orders yet.</li> : null}
        </ul>
      </section>

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
