// /dev/subscriptions/<id>: the local stand-in's view of one subscription, with what Stripe's dashboard and its test
// clock would let you do: make renewals decline (dunning), update the card (pays the open invoice), end the period
// now (a month passes), send an event again. Also the "update your card" page members reach in local payment mode.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, json, redirect, useLoaderData } from '@remix-run/react';
import { Price } from '#app/components/price.tsx';
import { SubmitButton } from '#app/components/submit-button.tsx';
import { useRevalidateEvery } from '#app/utils/use-revalidate-every.ts';
import { db } from '#server/db.server.ts';
import { getEnv } from '#server/env.server.ts';
import { redeliverEvent } from '#server/memberships/local-subscription-clock.server.ts';
import { findLocalSubscription, localEvents, localInvoices } from '#server/memberships/local-subscription-records.server.ts';
import { endPeriodNow, setCardDeclines, updateLocalCard } from '#server/memberships/local-subscriptions.server.ts';

async function findSubscription(subscriptionId: string | undefined) {
  if (getEnv().stripeMode !== 'local' || !subscriptionId) throw new Response('Not found', { status: 404 });
  const s = await findLocalSubscription(await db(), subscriptionId);
  if (!s) throw new Response('Not found', { status: 404 });
  return s;
}

export async function loader({ params, request }: LoaderFunctionArgs) {
  const s = await findSubscription(params.subscriptionId);
  const em = await db();
  const message = new URL(request.url).searchParams.get('message');
  return json({
    message: message?.slice(0, 300) ?? null,
    subscription: {
      id: s.subscription_id,
      customer: s.customer_ref,
      email: s.email,
      status: s.status,
      amount: s.amount,
      currency: s.currency,
      priceId: s.price_id,
      period: s.period_index,
      currentPeriodEnd: s.current_period_end?.toISOString() ?? null,
      cancelAtPeriodEnd: s.cancel_at_period_end,
      pauseResumesAt: s.pause_resumes_at?.toISOString() ?? null,
      cardDeclines: s.card_declines,
      openInvoiceId: s.open_invoice_id,
    },
    invoices: (await localInvoices(em, s.subscription_id)).map((i) => ({
      id: i.invoice_id,
      period: i.period_index,
      amount: i.amount,
      status: i.status,
      attempts: i.attempt_count,
      nextAttempt: i.next_payment_attempt?.toISOString() ?? null,
    })),
    events: (await localEvents(em, s.subscription_id)).map((e) => ({
      id: e.event_id,
      type: e.type,
      createdAt: e.created_at.toISOString(),
      deliveredAt: e.delivered_at?.toISOString() ?? null,
      attempts: e.attempts,
      lastError: e.last_error,
    })),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const s = await findSubscription(params.subscriptionId);
  const em = await db();
  const form = await request.formData();
  const back = (message: string) => redirect(`/dev/subscriptions/${s.subscription_id}?${new URLSearchParams({ message })}`, 303);
  switch (form.get('intent')) {
    case 'decline':
      await setCardDeclines(em, s.subscription_id, true);
      return back('The card now declines: the next renewal (and its retries) will fail.');
    case 'update-card':
      await updateLocalCard(em, getEnv(), s.subscription_id);
      return back(s.open_invoice_id ? 'Card updated: the open invoice is paid.' : 'Card updated.');
    case 'end-period':
      await endPeriodNow(em, s.subscription_id);
      return back('The period ends now: the renewal follows within a second.');
    case 'resend': {
      const eventId = String(form.get('eventId') ?? '');
      if (!/^evt_local_[0-9a-f]{24}$/.test(eventId)) return new Response('eventId is missing or malformed', { status: 400 });
      await redeliverEvent(em, eventId);
      return back(`${eventId} will be delivered again (same id).`);
    }
    default:
      return new Response('unknown intent', { status: 400 });
  }
}

export const meta: MetaFunction = () => [{ title: 'Subscription — local stand-in for Stripe' }];

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString('en-GB', { timeZone: 'UTC' }) + ' UTC' : '—');

export default function LocalSubscriptionPage() {
  const { subscription: s, invoices, events, message } = useLoaderData<typeof loader>();
  useRevalidateEvery(3000);
  return (
    <div className="stack">
      <p className="muted">
        Local stand-in for Stripe Billing — <Link to="/dev/subscriptions">all subscriptions</Link>
      </p>
      <h1>Subscription {s.id}</h1>
      {message ? <p role="status">{message}</p> : null}
      <dl className="details">
        <dt>Status</dt>
        <dd data-testid="subscription-status">{s.status}</dd>
        <dt>Customer</dt>
        <dd>
          {s.customer} ({s.email ?? 'no email yet'})
        </dd>
        <dt>Price</dt>
        <dd>
          <Price amount={s.amount} currency={s.currency} /> per month ({s.priceId})
        </dd>
        <dt>Period</dt>
        <dd>
          {s.period}, ends {when(s.currentPeriodEnd)}
          {s.cancelAtPeriodEnd ? ' — cancels then' : ''}
        </dd>
        <dt>Paused</dt>
        <dd>{s.pauseResumesAt ? `billing resumes ${when(s.pauseResumesAt)}` : 'no'}</dd>
        <dt>Card</dt>
        <dd>{s.cardDeclines ? 'declines' : 'works'}</dd>
      </dl>
      <Form method="post" className="cluster">
        {s.cardDeclines ? null : (
          <SubmitButton name="intent" value="decline" variant="secondary">
            Make the card decline
          </SubmitButton>
        )}
        <SubmitButton name="intent" value="update-card">
          {s.openInvoiceId ? 'Update the card and pay the open invoice' : 'Update the card'}
        </SubmitButton>
        <SubmitButton name="intent" value="end-period" variant="secondary">
          End this period now
        </SubmitButton>
      </Form>
      <h2>Invoices</h2>
      <table>
        <thead>
          <tr>
            <th>Invoice</th>
            <th>Period</th>
            <th>Amount</th>
            <th>Status</th>
            <th>Attempts</th>
            <th>Next attempt</th>
          </tr>
        </thead>
        <tbody>
          {invoices.map((i) => (
            <tr key={i.id} id={i.id}>
              <td>{i.id}</td>
              <td>{i.period}</td>
              <td>
                <Price amount={i.amount} currency={s.currency} />
              </td>
              <td>{i.status}</td>
              <td>{i.attempts}</td>
              <td>{when(i.nextAttempt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Events</h2>
      <table>
        <thead>
          <tr>
            <th>Event</th>
            <th>Type</th>
            <th>Created</th>
            <th>Delivered</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {events.map((e) => (
            <tr key={e.id}>
              <td>{e.id}</td>
              <td>{e.type}</td>
              <td>{when(e.createdAt)}</td>
              <td>{e.deliveredAt ? when(e.deliveredAt) : `not yet (${e.attempts} tries${e.lastError ? `: ${e.lastError}` : ''})`}</td>
              <td>
                <Form method="post">
                  <input type="hidden" name="eventId" value={e.id} />
                  <SubmitButton name="intent" value="resend" variant="link">
                    Send again
                  </SubmitButton>
                </Form>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
