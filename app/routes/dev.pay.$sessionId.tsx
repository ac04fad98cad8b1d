import type { Submission } from '@conform-to/react';
import { parseWithZod } from '@conform-to/zod/v4';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json, redirect, useActionData, useLoaderData } from '@remix-run/react';
import { ExpireSessionForm } from '#app/components/local-payment/expire-session-form.tsx';
import { PaymentForm } from '#app/components/local-payment/payment-form.tsx';
import { Price } from '#app/components/price.tsx';
import { db } from '#server/db.server.ts';
import { getEnv } from '#server/env.server.ts';
import { applyLocalPromoCode, removeLocalPromoCode } from '#server/promotions/local-promotions.server.ts';
import {
  declineLocalSession,
  expireLocalSession,
  findLocalSession,
  payLocalSession,
  sessionTotals,
} from '#server/payments/local-stripe.server.ts';
import { emailField } from '#core/schemas/account.ts';
import { expireSessionSchema, localPaymentIntents, localPaymentSchema, type LocalPaymentSubmission } from '#core/schemas/local-payment.ts';

type LocalSession = Awaited<ReturnType<typeof findSession>>;
type PaymentSubmission = Submission<unknown, string[], LocalPaymentSubmission>;
type Intent<I extends LocalPaymentSubmission['intent']> = Extract<LocalPaymentSubmission, { intent: I }>;

async function findSession(sessionId: string | undefined) {
  // Only in local payment mode: with a Stripe key the real Checkout page is used.
  if (getEnv().stripeMode !== 'local' || !sessionId) throw new Response('Not found', { status: 404 });
  const session = await findLocalSession(await db(), sessionId);
  if (!session) throw new Response('Not found', { status: 404 });
  return session;
}

export async function loader({ params }: LoaderFunctionArgs) {
  const s = await findSession(params.sessionId);
  const expired = s.status === 'expired' || (s.status === 'open' && s.expiresAt <= new Date());
  return json({
    orderNumber: s.orderNumber,
    currency: s.currency,
    lines: s.lines,
    shippingRate: s.shippingRates[0] ?? null,
    collectShipping: s.collectShipping,
    email: s.customerEmail ?? '',
    status: expired ? 'expired' : s.status,
    expiresAt: s.expiresAt.toISOString(),
    cancelUrl: s.cancelUrl,
    successUrl: s.successUrl,
    countries: getEnv().SHIPPING_COUNTRIES.split(','),
    promoCode: s.promoCode,
    ...sessionTotals(s),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const session = await findSession(params.sessionId);
  const formData = await request.formData();
  // "Let the session expire" is a form of its own; every other intent is the payment form's.
  if (formData.get('intent') === localPaymentIntents.expire) return expireSession(session, formData);
  const submission = parseWithZod(formData, { schema: localPaymentSchema({ collectShipping: session.collectShipping }) });
  if (submission.status !== 'success') return json({ result: submission.reply(), applied: null }, { status: 400 });
  const { value } = submission;
  switch (value.intent) {
    case localPaymentIntents.applyCode:
      return applyCode(session, submission, value);
    case localPaymentIntents.removeCode:
      return removeCode(session, submission);
    case localPaymentIntents.decline:
      return decline(session, submission, value);
    case localPaymentIntents.pay:
      return pay(session, submission, value);
  }
}

async function expireSession(session: LocalSession, formData: FormData) {
  const submission = parseWithZod(formData, { schema: expireSessionSchema });
  if (submission.status !== 'success') return json({ result: submission.reply(), applied: null }, { status: 400 });
  return redirect((await expireLocalSession(await db(), session.sessionId)) ?? '/cart', 303);
}

async function applyCode(session: LocalSession, submission: PaymentSubmission, value: Intent<'apply-code'>) {
  // A code can be applied before the email is typed; per-customer limits use the email once it is valid.
  const typedEmail = emailField.safeParse(value.email ?? '');
  const email = typedEmail.success ? typedEmail.data : session.customerEmail;
  const applied = await applyLocalPromoCode(await db(), session.sessionId, value.promoCode, email);
  if (!applied.ok)
    return json({ result: submission.reply({ fieldErrors: { promoCode: [applied.message] } }), applied: null }, { status: 400 });
  return json({ result: submission.reply(), applied: applied.code });
}

async function removeCode(session: LocalSession, submission: PaymentSubmission) {
  await removeLocalPromoCode(await db(), session.sessionId);
  return json({ result: submission.reply(), applied: null });
}

async function decline(session: LocalSession, submission: PaymentSubmission, value: Intent<'decline'>) {
  await declineLocalSession(await db(), session.sessionId, value.email);
  const declined = 'Your card was declined. Try again or use another card.';
  return json({ result: submission.reply({ formErrors: [declined] }), applied: null }, { status: 402 });
}

async function pay(session: LocalSession, submission: PaymentSubmission, value: Intent<'pay'>) {
  const outcome = await payLocalSession(await db(), session.sessionId, {
    email: value.email.toLowerCase(),
    name: value.name,
    address:
      'line1' in value
        ? { line1: value.line1, line2: value.line2, city: value.city, postal_code: value.postal_code, country: value.country }
        : null,
  });
  if (outcome.ok) return redirect(outcome.redirectTo, 303);
  return json({ result: submission.reply({ formErrors: [outcome.message] }), applied: null }, { status: 409 });
}

export const meta: MetaFunction = () => [{ title: 'Pay — Atelier (local payment page)' }];

export default function LocalPayPage() {
  const s = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  if (s.status !== 'open') {
    return (
      <div className="pay-page">
        <div className="pay-card stack">
          <h1>{s.status === 'complete' ? 'Already paid' : 'This checkout has expired'}</h1>
          <p>
            Order {s.orderNumber}.{' '}
            {s.status === 'complete' ? <a href={s.successUrl}>See your order</a> : <a href="/cart">Back to your cart</a>}
          </p>
        </div>
      </div>
    );
  }
  return (
    <div className="pay-page">
      <div className="pay-card stack">
        <p className="pay-test-banner">Local payment mode — this page stands in for Stripe Checkout. No real card is charged.</p>
        <h1>
          Pay Atelier{' '}
          <span className="pay-amount">
            <Price amount={s.total} currency={s.currency} />
          </span>
        </h1>
        <ul className="stack">
          {s.lines.map((l, i) => (
            <li key={i}>
              {l.quantity} × {l.name} — <span className="muted">{l.description}</span>{' '}
              <Price amount={l.unitAmount * l.quantity} currency={s.currency} />
            </li>
          ))}
          {s.promoCode ? (
            <li>
              Subtotal <Price amount={s.subtotal} currency={s.currency} />
            </li>
          ) : null}
          {s.promoCode ? (
            <li>
              Discount ({s.promoCode}): −<Price amount={s.discount} currency={s.currency} />
            </li>
          ) : null}
          {s.shippingRate ? (
            <li>
              {s.shippingRate.displayName}:{' '}
              {s.shippingRate.amount === 0 ? 'Free' : <Price amount={s.shippingRate.amount} currency={s.currency} />}
            </li>
          ) : null}
        </ul>
        {actionData?.applied ? (
          <p className="alert alert-success" role="status">
            {actionData.applied} applied.
          </p>
        ) : null}
        <PaymentForm session={s} lastResult={actionData?.result} />
        <ExpireSessionForm />
        <p>
          <a href={s.cancelUrl}>Cancel and return to the shop</a>
        </p>
      </div>
    </div>
  );
}
