// /dev/subscriptions: the local stand-in's subscriptions (local payment mode), newest first.
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, json, useLoaderData } from '@remix-run/react';
import { Price } from '#app/components/price.tsx';
import { db } from '#server/db.server.ts';
import { getEnv } from '#server/env.server.ts';
import { listLocalSubscriptions } from '#server/memberships/local-subscription-records.server.ts';

export async function loader(_: LoaderFunctionArgs) {
  if (getEnv().stripeMode !== 'local') throw new Response('Not found', { status: 404 });
  const rows = await listLocalSubscriptions(await db());
  return json({
    subscriptions: rows.map((s) => ({
      id: s.subscription_id,
      email: s.email,
      status: s.status,
      amount: s.amount,
      currency: s.currency,
      period: s.period_index,
      currentPeriodEnd: s.current_period_end?.toISOString() ?? null,
    })),
  });
}

export const meta: MetaFunction = () => [{ title: 'Subscriptions — local stand-in for Stripe' }];

export default function LocalSubscriptionsPage() {
  const { subscriptions } = useLoaderData<typeof loader>();
  return (
    <div className="stack">
      <h1>Subscriptions (local stand-in for Stripe Billing)</h1>
      {subscriptions.length === 0 ? <p>None yet: join a plan at /membership.</p> : null}
      <table>
        <thead>
          <tr>
            <th>Subscription</th>
            <th>Email</th>
            <th>Status</th>
            <th>Price</th>
            <th>Period</th>
            <th>Period ends</th>
          </tr>
        </thead>
        <tbody>
          {subscriptions.map((s) => (
            <tr key={s.id}>
              <td>
                <Link to={`/dev/subscriptions/${s.id}`}>{s.id}</Link>
              </td>
              <td>{s.email ?? '—'}</td>
              <td>{s.status}</td>
              <td>
                <Price amount={s.amount} currency={s.currency} />
              </td>
              <td>{s.period}</td>
              <td>{s.currentPeriodEnd ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
