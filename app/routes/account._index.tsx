import { getFormProps, getInputProps, useForm } from '@conform-to/react';
import { parseWithZod } from '@conform-to/zod/v4';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, json, useActionData, useLoaderData } from '@remix-run/react';
import { Field } from '#app/components/field.tsx';
import { Price } from '#app/components/price.tsx';
import { StatusBadge } from '#app/components/status-badge.tsx';
import { SubmitButton } from '#app/components/submit-button.tsx';
import { loadEmailPreferences, recentCustomerOrders, updateProfileName } from '#server/accounts/account.server.ts';
import { db } from '#server/db.server.ts';
import { getEnv } from '#server/env.server.ts';
import { creditsBalance } from '#server/ledger/credits-views.server.ts';
import { pointsBalance } from '#server/ledger/points-views.server.ts';
import { membershipSummary } from '#server/memberships/membership-views.server.ts';
import { membershipStatusText } from '#app/components/account/membership-summary.tsx';
import { formatOrderDate } from '#core/order-display.ts';
import { pointsText } from '#core/points-display.ts';
import { requireUser } from '#app/utils/session.server.ts';
import { profileSchema } from '#core/schemas/account.ts';

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const em = await db();
  const [orders, preferences, points, credits, membership] = await Promise.all([
    recentCustomerOrders(em, user),
    loadEmailPreferences(em, user.id),
    pointsBalance(em, user.id, getEnv()),
    creditsBalance(em, user.id),
    membershipSummary(em, user.id, getEnv()),
  ]);
  return json(
    { email: user.email, name: user.name ?? '', orders, preferences, points, credits, membership },
    { headers: { 'Cache-Control': 'private, no-store' } },
  );
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const submission = parseWithZod(await request.formData(), { schema: profileSchema });
  if (submission.status !== 'success') return json({ result: submission.reply() }, { status: 400 });
  await updateProfileName(await db(), user.id, submission.value.name);
  return json({ result: submission.reply() });
}

export const meta: MetaFunction = () => [{ title: 'Your account — Atelier' }];

export default function AccountOverview() {
  const { email, name, orders, preferences, points, credits, membership } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: 'profile',
    lastResult: actionData?.result,
    defaultValue: { name },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: profileSchema }),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
  });
  return (
    <div className="stack">
      <h1>Your account</h1>

      <section aria-labelledby="profile-h" className="stack narrow">
        <h2 id="profile-h">Profile</h2>
        <dl className="account-facts">
          <dt>Email</dt>
          <dd>{email}</dd>
        </dl>
        <Form method="post" className="stack" {...getFormProps(form)}>
          <Field
            label="Name"
            {...getInputProps(fields.name, { type: 'text' })}
            autoComplete="name"
            maxLength={120}
            error={fields.name.errors}
          />
          <div className="cluster">
            <SubmitButton busyText="Saving…">Save name</SubmitButton>
            {form.status === 'success' ? (
              <p role="status" className="alert alert-success">
                Your name is saved.
              </p>
            ) : null}
          </div>
        </Form>
      </section>

      <section aria-labelledby="recent-h" className="stack">
        <h2 id="recent-h">Recent orders</h2>
        {orders.length === 0 ? (
          <p>
            No orders yet. Bought as a guest with another address? <Link to="/orders/lookup">Find your order</Link>.
          </p>
        ) : (
          <ul className="account-orders">
            {orders.map((o) => (
              <li key={o.orderNumber} className="cluster">
                <Link to={`/account/orders/${o.orderNumber}`}>{o.orderNumber}</Link>
                <span className="muted">{formatOrderDate(o.createdAt)}</span>
                <span>{o.summary}</span>
                <Price amount={o.total} currency={o.currency} />
                <StatusBadge status={o.status} />
              </li>
            ))}
          </ul>
        )}
        <p>
          <Link to="/account/orders">All your orders</Link>
        </p>
      </section>

      <section aria-labelledby="points-h" className="stack">
        <h2 id="points-h">{credits.available + credits.reserved > 0 ? 'Points and credits' : 'Points'}</h2>
        <p>
          {pointsText(points.available)} available
          {points.available > 0 ? (
            <>
              {' '}
              (worth <Price amount={points.availableValue} currency={points.currency} />)
            </>
          ) : null}
          {points.pending > 0 ? `, ${pointsText(points.pending)} pending` : null}.
          {credits.available + credits.reserved > 0 ? (
            <>
              {' '}
              Print credits: {credits.available.toLocaleString('en-IE')} available
              {credits.reserved > 0 ? `, ${credits.reserved.toLocaleString('en-IE')} held for an order` : null}.
            </>
          ) : null}{' '}
          <Link to="/account/points">Your points and credits</Link>
        </p>
      </section>

      <section aria-labelledby="membership-h" className="stack">
        <h2 id="membership-h">Membership</h2>
        <p data-testid="membership-summary">
          {membership ? (
            <>
              {membership.plan.name}: {membershipStatusText(membership)}. <Link to="/account/membership">Your membership</Link>
            </>
          ) : (
            <>
              Print credits every month: <Link to="/membership">become a member</Link>.
            </>
          )}
        </p>
      </section>

      <section aria-labelledby="emails-h" className="stack">
        <h2 id="emails-h">Emails</h2>
        <p>
          News and offers: {preferences.marketingEmails ? 'on' : 'off'} · Tips and reminders: {preferences.campaignEmails ? 'on' : 'off'}.{' '}
          <Link to="/account/emails">Email preferences</Link>
        </p>
      </section>
    </div>
  );
}
