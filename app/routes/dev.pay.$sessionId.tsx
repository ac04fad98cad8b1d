import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, json, redirect, useActionData, useLoaderData } from '@remix-run/react';
import { z } from 'zod';
import { Field } from '#app/components/field.tsx';
import { Price } from '#app/components/price.tsx';
import { SubmitButton } from '#app/components/submit-button.tsx';
import { db } from '#server/db.server.ts';
import { getEnv } from '#server/env.server.ts';
import { applyLocalPromoCode, removeLocalPromoCode } from '#server/promotions/local-promotions.server.ts';
import { declineLocalSession, expireLocalSession, findLocalSession, payLocalSession, sessionTotals } from '#server/payments/local-stripe.server.ts';
import { formValues, parseForm } from '#core/schemas/form.ts';
import { applyPromoSchema } from '#core/schemas/promo-code.ts';

const payerSchema = z.object({
  email: z.email('Enter a valid email address').max(254),
  name: z.string().trim().min(1, 'Enter the name on the card').max(120, 'Name is too long'),
});
const addressSchema = payerSchema.extend({
  line1: z.string().trim().min(1, 'Enter the street address').max(200),
  line2: z.string().trim().max(200).default(''),
  city: z.string().trim().min(1, 'Enter the city').max(100),
  postal_code: z.string().trim().min(1, 'Enter the postal code').max(20),
  country: z.string().trim().regex(/^[A-Z]{2}$/, 'Choose a country'),
});

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
  const s = await findSession(params.sessionId);
  const em = await db();
  const form = await request.formData();
  const intent = form.get('intent');
  if (intent === 'expire') return redirect((await expireLocalSession(em, s.sessionId)) ?? '/cart', 303);
  // A code typed but not applied is applied first (Enter in the code field): the person sees the new total before paying.
  const typedCode = typeof form.get('promoCode') === 'string' && String(form.get('promoCode')).trim() !== '';
  if (intent === 'apply-code' || (intent === 'pay' && typedCode && !s.promoCode)) {
    const values = formValues(form);
    if (!typedCode) return json({ errors: { promoCode: 'Enter a code' }, values, declined: false, message: null, applied: null }, { status: 400 });
    const code = parseForm(applyPromoSchema, form);
    if (!code.ok) return json({ errors: code.errors, values, declined: false, message: null, applied: null }, { status: 400 });
    const email = typeof values.email === 'string' && values.email.includes('@') ? values.email.trim() : s.customerEmail;
    const applied = await applyLocalPromoCode(em, s.sessionId, code.data.promoCode, email);
    if (!applied.ok) return json({ errors: { promoCode: applied.message }, values, declined: false, message: null, applied: null }, { status: 400 });
    return json({ errors: {}, values: { ...values, promoCode: '' }, declined: false, message: null, applied: applied.code });
  }
  if (intent === 'remove-code') {
    await removeLocalPromoCode(em, s.sessionId);
    return json({ errors: {}, values: { ...formValues(form), promoCode: '' }, declined: false, message: null, applied: null });
  }
  const parsed = parseForm(s.collectShipping ? addressSchema : payerSchema, form);
  if (!parsed.ok) return json({ errors: parsed.errors, values: parsed.values, declined: false, message: null, applied: null }, { status: 400 });
  if (intent === 'decline') {
    await declineLocalSession(em, s.sessionId, parsed.data.email);
    return json({ errors: {}, values: formValues(form), declined: true, message: 'Your card was declined. Try again or use another card.', applied: null }, { status: 402 });
  }
  const d = parsed.data as z.infer<typeof addressSchema>;
  const outcome = await payLocalSession(em, s.sessionId, {
    email: d.email.toLowerCase(),
    name: d.name,
    address: s.collectShipping ? { line1: d.line1, line2: d.line2, city: d.city, postal_code: d.postal_code, country: d.country } : null,
  });
  if (outcome.ok) return redirect(outcome.redirectTo, 303);
  return json({ errors: {}, values: formValues(form), declined: false, message: outcome.message, applied: null }, { status: 409 });
}

export const meta: MetaFunction = () => [{ title: 'Pay — Atelier (local payment page)' }];

export default function LocalPayPage() {
  const s = useLoaderData<typeof loader>();
  const a = useActionData<typeof action>();
  const errors: Record<string, string> = a?.errors ?? {};
  const v: Record<string, string> = a?.values ?? { email: s.email };
  if (s.status !== 'open') {
    return (
      <div className="pay-page">
        <div className="pay-card stack">
          <h1>{s.status === 'complete' ? 'Already paid' : 'This checkout has expired'}</h1>
          <p>
            Order {s.orderNumber}. {s.status === 'complete' ? <a href={s.successUrl}>See your order</a> : <a href="/cart">Back to your cart</a>}
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
          Pay Atelier <span className="pay-amount"><Price amount={s.total} currency={s.currency} /></span>
        </h1>
        <ul className="stack">
          {s.lines.map((l, i) => (
            <li key={i}>
              {l.quantity} × {l.name} — <span className="muted">{l.description}</span> <Price amount={l.unitAmount * l.quantity} currency={s.currency} />
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
              {s.shippingRate.displayName}: {s.shippingRate.amount === 0 ? 'Free' : <Price amount={s.shippingRate.amount} currency={s.currency} />}
            </li>
          ) : null}
        </ul>
        {a?.applied ? (
          <p className="alert alert-success" role="status">
            {a.applied} applied.
          </p>
        ) : null}
        {a?.message ? (
          <p className="alert alert-error" role="alert">
            {a.message}
          </p>
        ) : null}
        <Form method="post" className="stack" noValidate>
          {/* The default button (Enter in any field) pays; the visible buttons below carry their own intent. */}
          <button type="submit" name="intent" value="pay" hidden tabIndex={-1} aria-hidden="true" />
          <fieldset className="stack">
            <legend>Promotion code</legend>
            {s.promoCode ? (
              <div className="cluster">
                <span>
                  <strong>{s.promoCode}</strong> — you save <Price amount={s.discount} currency={s.currency} />
                </span>
                <SubmitButton name="intent" value="remove-code" variant="secondary" formNoValidate busyText="Removing…">
                  Remove code
                </SubmitButton>
              </div>
            ) : (
              <div className="cluster">
                <Field label="Promotion code" name="promoCode" autoComplete="off" autoCapitalize="characters" defaultValue={v.promoCode} error={errors.promoCode} />
                <SubmitButton name="intent" value="apply-code" variant="secondary" formNoValidate busyText="Applying…">
                  Apply
                </SubmitButton>
              </div>
            )}
          </fieldset>
          <Field label="Email" name="email" type="email" autoComplete="email" defaultValue={v.email} error={errors.email} required />
          <Field label="Name on card" name="name" autoComplete="cc-name" defaultValue={v.name} error={errors.name} required />
          {s.collectShipping ? (
            <fieldset className="stack">
              <legend>Shipping address</legend>
              <Field label="Address line 1" name="line1" autoComplete="address-line1" defaultValue={v.line1} error={errors.line1} required />
              <Field label="Address line 2" name="line2" autoComplete="address-line2" defaultValue={v.line2} error={errors.line2} />
              <div className="form-row">
                <Field label="City" name="city" autoComplete="address-level2" defaultValue={v.city} error={errors.city} required />
                <Field label="Postal code" name="postal_code" autoComplete="postal-code" defaultValue={v.postal_code} error={errors.postal_code} required />
              </div>
              <div className="form-field">
                <label htmlFor="country">Country</label>
                <select id="country" name="country" defaultValue={v.country ?? 'IE'} aria-invalid={errors.country ? true : undefined}>
                  {s.countries.map((c) => (
                    <option key={c} value={c}>
                      {c}
                    </option>
                  ))}
                </select>
                {errors.country ? <p className="field-error">{errors.country}</p> : null}
              </div>
            </fieldset>
          ) : null}
          <div className="cluster">
            <SubmitButton name="intent" value="pay" busyText="Paying…">
              Pay <Price amount={s.total} currency={s.currency} />
            </SubmitButton>
            <SubmitButton name="intent" value="decline" variant="secondary" busyText="Declining…">
              Simulate a declined card
            </SubmitButton>
            <SubmitButton name="intent" value="expire" variant="secondary" formNoValidate busyText="Expiring…">
              Let the session expire
            </SubmitButton>
          </div>
        </Form>
        <p>
          <a href={s.cancelUrl}>Cancel and return to the shop</a>
        </p>
      </div>
    </div>
  );
}
