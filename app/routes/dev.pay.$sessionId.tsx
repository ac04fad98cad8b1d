import type { Submission } from '@conform-to/react';
import { parseWithZod } from '@conform-to/zod/v4';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json, redirect, useActionData, useLoaderData } from '@remix-run/react';
import { useState } from 'react';
import { ExpireSessionForm } from '#app/components/local-payment/expire-session-form.tsx';
import { PaymentForm } from '#app/components/local-payment/payment-form.tsx';
import { PaymentSummary, paymentBreakdown } from '#app/components/local-payment/payment-summary.tsx';
import { Price } from '#app/components/price.tsx';
import { db } from '#server/db.server.ts';
import { getEnv } from '#server/env.server.ts';
import { applyLocalPromoCode, removeLocalPromoCode } from '#server/promotions/local-promotions.server.ts';
import { sessionTaxInput } from '#server/payments/local-session-tax.server.ts';
import { declineLocalSession, expireLocalSession, findLocalSession, payLocalSession } from '#server/payments/local-stripe.server.ts';
import { taxSettings } from '#server/tax/tax-settings.server.ts';
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

const countries = () => getEnv().SHIPPING_COUNTRIES.split(',');

export async function loader({ params }: LoaderFunctionArgs) {
  const s = await findSession(params.sessionId);
  const expired = s.status === 'expired' || (s.status === 'open' && s.expiresAt <= new Date());
  return json({
    orderNumber: s.orderNumber,
    currency: s.currency,
    lines: s.lines.map((l) => ({ name: l.name, description: l.description, unitAmount: l.unitAmount, quantity: l.quantity })),
    shippingRate: s.shippingRates[0] ?? null,
    collectShipping: s.collectShipping,
    collectBillingCountry: !s.collectShipping && s.taxEnabled,
    email: s.customerEmail ?? '',
    status: expired ? 'expired' : s.status,
    expiresAt: s.expiresAt.toISOString(),
    cancelUrl: s.cancelUrl,
    successUrl: s.successUrl,
    countries: countries(),
    promoCode: s.promoCode,
    discount: s.discount,
    pointsDiscount: s.pointsDiscount,
    // The VAT is worked out on the page for the country chosen (the seller's until then), as the payment will fix it.
    tax: sessionTaxInput(s),
    sellerCountry: taxSettings(getEnv()).sellerCountry,
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const session = await findSession(params.sessionId);
  const formData = await request.formData();
  // "Let the session expire" is a form of its own; every other intent is the payment form's.
  if (formData.get('intent') === localPaymentIntents.expire) return expireSession(session, formData);
  const schema = localPaymentSchema({
    collectShipping: session.collectShipping,
    collectBillingCountry: !session.collectShipping && session.taxEnabled,
  });
  const submission = parseWithZod(formData, { schema });
  // Whatever the button, the page shows the VAT for the country the form carried (when it is one it offers).
  const posted = formData.get('country');
  const country = typeof posted === 'string' && countries().includes(posted) ? posted : null;
  if (submission.status !== 'success') return json({ result: submission.reply(), applied: null, country }, { status: 400 });
  const { value } = submission;
  switch (value.intent) {
    case localPaymentIntents.applyCode:
      return applyCode(session, submission, value, country);
    case localPaymentIntents.removeCode:
      await removeLocalPromoCode(await db(), session.sessionId);
      return json({ result: submission.reply(), applied: null, country });
    case localPaymentIntents.updateCountry:
      return json({ result: submission.reply(), applied: null, country });
    case localPaymentIntents.decline:
      return decline(session, submission, value, country);
    case localPaymentIntents.pay:
      return pay(session, submission, value, country);
  }
}

async function expireSession(session: LocalSession, formData: FormData) {
  const submission = parseWithZod(formData, { schema: expireSessionSchema });
  if (submission.status !== 'success') return json({ result: submission.reply(), applied: null, country: null }, { status: 400 });
  return redirect((await expireLocalSession(await db(), session.sessionId)) ?? '/cart', 303);
}

async function applyCode(session: LocalSession, submission: PaymentSubmission, value: Intent<'apply-code'>, country: string | null) {
  // A code can be applied before the email is typed; per-customer limits use the email once it is valid.
  const typedEmail = emailField.safeParse(value.email ?? '');
  const email = typedEmail.success ? typedEmail.data : session.customerEmail;
  const applied = await applyLocalPromoCode(await db(), session.sessionId, value.promoCode, email);
  if (!applied.ok)
    return json({ result: submission.reply({ fieldErrors: { promoCode: [applied.message] } }), applied: null, country }, { status: 400 });
  return json({ result: submission.reply(), applied: applied.code, country });
}

async function decline(session: LocalSession, submission: PaymentSubmission, value: Intent<'decline'>, country: string | null) {
  await declineLocalSession(await db(), session.sessionId, value.email, country);
  const declined = 'Your card was declined. Try again or use another card.';
  return json({ result: submission.reply({ formErrors: [declined] }), applied: null, country }, { status: 402 });
}

async function pay(session: LocalSession, submission: PaymentSubmission, value: Intent<'pay'>, country: string | null) {
  const outcome = await payLocalSession(await db(), session.sessionId, {
    email: value.email.toLowerCase(),
    name: value.name,
    address:
      'line1' in value
        ? { line1: value.line1, line2: value.line2, city: value.city, postal_code: value.postal_code, country: value.country }
        : null,
    country: 'country' in value ? value.country : null,
  });
  if (outcome.ok) return redirect(outcome.redirectTo, 303);
  return json({ result: submission.reply({ formErrors: [outcome.message] }), applied: null, country }, { status: 409 });
}

export const meta: MetaFunction = () => [{ title: 'Pay — Atelier (local payment page)' }];

export default function LocalPayPage() {
  const s = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  // The country chosen in the form: as it changes (JavaScript), else as the last submission carried it.
  const [picked, setPicked] = useState<string | null>(null);
  const chosen = picked || actionData?.country || null;
  const breakdown = paymentBreakdown(s.tax, chosen ?? s.sellerCountry);
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
          <span className="pay-amount" data-testid="pay-amount">
            <Price amount={breakdown.gross} currency={s.currency} />
          </span>
        </h1>
        <PaymentSummary
          currency={s.currency}
          lines={s.lines}
          shippingRate={s.shippingRate}
          promoCode={s.promoCode ?? (s.pointsDiscount > 0 ? 'loyalty points' : null)}
          taxEnabled={s.tax.enabled}
          breakdown={breakdown}
          country={chosen ?? s.sellerCountry}
          estimated={!chosen}
        />
        {actionData?.applied ? (
          <p className="alert alert-success" role="status">
            {actionData.applied} applied.
          </p>
        ) : null}
        <PaymentForm
          session={{ ...s, taxEnabled: s.tax.enabled, total: breakdown.gross }}
          lastResult={actionData?.result}
          onCountryChange={setPicked}
        />
        <ExpireSessionForm />
        <p>
          <a href={s.cancelUrl}>Cancel and return to the shop</a>
        </p>
      </div>
    </div>
  );
}
