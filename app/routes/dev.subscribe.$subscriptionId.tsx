// /dev/subscribe/<id>: local payment mode's stand-in for Stripe Checkout in subscription mode. "Subscribe" starts
// the subscription (its first invoice paid, or a trial) and the stand-in delivers Stripe's events; "Decline" shows
// the card error, as Checkout does, and starts nothing.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, json, redirect, useActionData, useLoaderData } from '@remix-run/react';
import { Price } from '#app/components/price.tsx';
import { SubmitButton } from '#app/components/submit-button.tsx';
import { emailField } from '#core/schemas/account.ts';
import { db } from '#server/db.server.ts';
import { getEnv } from '#server/env.server.ts';
import { findLocalSubscription } from '#server/memberships/local-subscription-records.server.ts';
import { startLocalSubscription } from '#server/memberships/local-subscriptions.server.ts';

async function findSubscription(subscriptionId: string | undefined) {
  if (getEnv().stripeMode !== 'local' || !subscriptionId) throw new Response('Not found', { status: 404 });
  const s = await findLocalSubscription(await db(), subscriptionId);
  if (!s) throw new Response('Not found', { status: 404 });
  return s;
}

export async function loader({ params }: LoaderFunctionArgs) {
  const s = await findSubscription(params.subscriptionId);
  return json({
    subscriptionId: s.subscription_id,
    status: s.status,
    email: s.email ?? '',
    amount: s.amount,
    currency: s.currency,
    trialDays: s.trial_days,
    successUrl: s.success_url,
    cancelUrl: s.cancel_url,
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const s = await findSubscription(params.subscriptionId);
  const form = await request.formData();
  const email = emailField.safeParse(String(form.get('email') ?? ''));
  if (!email.success)
    return json(
      { field: 'email' as const, message: 'Enter the email address for your receipts.', email: String(form.get('email') ?? '') },
      { status: 400 },
    );
  if (form.get('intent') === 'decline') {
    return json({ field: null, message: 'Your card was declined. Try again or use another card.', email: email.data }, { status: 402 });
  }
  const started = await startLocalSubscription(await db(), getEnv(), s.subscription_id, email.data.toLowerCase());
  return redirect(started.redirectTo, 303);
}

export const meta: MetaFunction = () => [{ title: 'Subscribe — Atelier (local payment page)' }];

export default function LocalSubscribePage() {
  const s = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  if (s.status !== 'incomplete') {
    return (
      <div className="pay-page">
        <div className="pay-card stack">
          <h1>Already subscribed</h1>
          <p>
            <a href={s.successUrl}>Back to the shop</a>
          </p>
        </div>
      </div>
    );
  }
  return (
    <div className="pay-page">
      <div className="pay-card stack">
        <p className="muted">Local payment page — plays Stripe Checkout (subscription mode); no money moves.</p>
        <h1>Subscribe</h1>
        <p>
          <Price amount={s.amount} currency={s.currency} /> per month
          {s.trialDays > 0 ? `, after a free trial of ${s.trialDays} days` : ''}.
        </p>
        <Form method="post" className="stack">
          <label>
            Email
            <input
              name="email"
              type="email"
              defaultValue={answer?.email ?? s.email}
              required
              aria-invalid={answer?.field === 'email' || undefined}
              aria-describedby={answer?.field === 'email' ? 'email-error' : undefined}
            />
          </label>
          {answer?.field === 'email' ? (
            <p id="email-error" className="field-error">
              {answer.message}
            </p>
          ) : null}
          {answer && answer.field === null ? (
            <p className="form-error" role="alert">
              {answer.message}
            </p>
          ) : null}
          <SubmitButton name="intent" value="subscribe" busyText="Subscribing…">
            Subscribe
          </SubmitButton>
          <SubmitButton name="intent" value="decline" variant="secondary">
            Pay with a card that declines
          </SubmitButton>
        </Form>
        <p>
          <a href={s.cancelUrl}>Back</a>
        </p>
      </div>
    </div>
  );
}
