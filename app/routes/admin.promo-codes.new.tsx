import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, json, redirect, useActionData, useLoaderData } from '@remix-run/react';
import { Field } from '#app/components/field.tsx';
import { SubmitButton } from '#app/components/submit-button.tsx';
import { db } from '#server/db.server.ts';
import { getEnv } from '#server/env.server.ts';
import { createPromoCode } from '#server/promotions/promo-codes.server.ts';
import { requireAdmin } from '#app/utils/session.server.ts';
import { formValues, parseForm } from '#core/schemas/form.ts';
import { promoCodeSchema } from '#core/schemas/promo-code.ts';

export const meta: MetaFunction = () => [{ title: 'New promo code — Admin — Atelier' }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  return json({ currency: getEnv().SHOP_CURRENCY });
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireAdmin(request);
  const form = await request.formData();
  const parsed = parseForm(promoCodeSchema, form);
  if (!parsed.ok) return json({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  const created = await createPromoCode(await db(), parsed.data, admin.email);
  if (!created.ok) return json({ errors: { [created.field]: created.message }, values: formValues(form) }, { status: 400 });
  return redirect(`/admin/promo-codes/${created.id}?created=${created.synced ? '1' : 'unsynced'}`, 303);
}

export default function NewPromoCode() {
  const { currency } = useLoaderData<typeof loader>();
  const a = useActionData<typeof action>();
  const errors: Record<string, string> = a?.errors ?? {};
  const v: Record<string, string> = a?.values ?? {};
  const kind = v.kind ?? 'percent';
  return (
    <div className="stack narrow">
      <p>
        <Link to="/admin/promo-codes">← Promo codes</Link>
      </p>
      <h1>New promo code</h1>
      {Object.keys(errors).length ? (
        <p className="alert alert-error" role="alert">
          Please correct the fields marked below.
        </p>
      ) : null}
      <Form method="post" className="stack" noValidate>
        <Field
          label="Code"
          name="code"
          defaultValue={v.code}
          error={errors.code}
          required
          maxLength={40}
          autoCapitalize="characters"
          hint="Customers type this at checkout. Upper case letters, digits and dashes, no spaces (e.g. SUMMER-10)."
        />
        <fieldset className="stack">
          <legend>Discount</legend>
          <div className="checkbox-field">
            <input id="kind-percent" type="radio" name="kind" value="percent" defaultChecked={kind === 'percent'} />
            <label htmlFor="kind-percent">Percentage off</label>
          </div>
          <Field label="Percent off (1–100)" name="percentOff" inputMode="numeric" defaultValue={v.percentOff} error={errors.percentOff} />
          <div className="checkbox-field">
            <input id="kind-fixed" type="radio" name="kind" value="fixed" defaultChecked={kind === 'fixed'} />
            <label htmlFor="kind-fixed">Fixed amount off</label>
          </div>
          <div className="form-row">
            <Field label="Amount off" name="amountOff" inputMode="decimal" defaultValue={v.amountOff} error={errors.amountOff} hint="e.g. 5.00" />
            <div className="form-field">
              <label htmlFor="currency">Currency</label>
              <select id="currency" name="currency" defaultValue={v.currency ?? currency}>
                <option value="eur">EUR</option>
                <option value="usd">USD</option>
                <option value="gbp">GBP</option>
              </select>
            </div>
          </div>
          {errors.kind ? <p className="field-error">{errors.kind}</p> : null}
        </fieldset>
        <fieldset className="stack">
          <legend>Limits (optional)</legend>
          <div className="form-row">
            <Field label="Max redemptions in total" name="maxRedemptions" inputMode="numeric" defaultValue={v.maxRedemptions} error={errors.maxRedemptions} />
            <Field
              label="Max per customer"
              name="maxPerCustomer"
              inputMode="numeric"
              defaultValue={v.maxPerCustomer}
              error={errors.maxPerCustomer}
              hint="Counted by account or email address."
            />
          </div>
          <div className="form-row">
            <Field label="Starts on" name="startsOn" type="date" defaultValue={v.startsOn} error={errors.startsOn} hint="UTC; blank = now." />
            <Field label="Ends on (last day it works)" name="endsOn" type="date" defaultValue={v.endsOn} error={errors.endsOn} hint="UTC; blank = never." />
          </div>
          <Field
            label={`Minimum order (${currency.toUpperCase()})`}
            name="minimumAmount"
            inputMode="decimal"
            defaultValue={v.minimumAmount}
            error={errors.minimumAmount}
            hint="The subtotal before the discount, without shipping."
          />
        </fieldset>
        <Field label="Description (for admins)" name="description" defaultValue={v.description} error={errors.description} maxLength={500} />
        <div className="cluster">
          <SubmitButton busyText="Creating…">Create promo code</SubmitButton>
          <Link to="/admin/promo-codes">Cancel</Link>
        </div>
      </Form>
    </div>
  );
}
