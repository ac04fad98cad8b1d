import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { getCollectionProps, getFormProps, getSelectProps } from '@conform-to/react';
import { parseWithZod } from '@conform-to/zod/v4';
import { Form, Link, json, redirect, useLoaderData } from '@remix-run/react';
import { ConformField, FieldError, FormErrors, useFormAnswer, useSchemaForm } from '#app/components/admin/form-parts.tsx';
import { SubmitButton } from '#app/components/submit-button.tsx';
import { invalidInput, refused } from '#app/utils/form-answer.server.ts';
import { db } from '#server/db.server.ts';
import { getEnv } from '#server/env.server.ts';
import { createPromoCode } from '#server/promotions/promo-codes.server.ts';
import { requireAdmin } from '#app/utils/session.server.ts';
import { promoCodeSchema } from '#core/schemas/promo-code.ts';

export const meta: MetaFunction = () => [{ title: 'New promo code — Admin — Atelier' }];

const CREATE_FORM = 'create';

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  return json({ currency: getEnv().SHOP_CURRENCY });
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireAdmin(request);
  const submission = parseWithZod(await request.formData(), { schema: promoCodeSchema });
  if (submission.status !== 'success') return invalidInput(CREATE_FORM, submission);
  const created = await createPromoCode(await db(), submission.value, admin.email);
  if (!created.ok) return refused(CREATE_FORM, submission, created);
  return redirect(`/admin/promo-codes/${created.id}?created=${created.synced ? '1' : 'unsynced'}`, 303);
}

export default function NewPromoCode() {
  const { currency } = useLoaderData<typeof loader>();
  const answer = useFormAnswer(CREATE_FORM);
  const [form, fields] = useSchemaForm({ id: CREATE_FORM, schema: promoCodeSchema, answer, defaultValue: { kind: 'percent', currency } });
  const { key: currencyKey, ...currencySelect } = getSelectProps(fields.currency);
  const [percent, fixed] = getCollectionProps(fields.kind, { type: 'radio', options: ['percent', 'fixed'] }).map(({ key, ...radio }) => (
    <input key={key} {...radio} />
  ));
  return (
    <div className="stack narrow">
      <p>
        <Link to="/admin/promo-codes">← Promo codes</Link>
      </p>
      <h1>New promo code</h1>
      {answer && !answer.ok ? (
        <p className="alert alert-error" role="alert">
          Please correct the fields marked below.
        </p>
      ) : null}
      <Form method="post" className="stack" {...getFormProps(form)}>
        <ConformField
          meta={fields.code}
          label="Code"
          maxLength={40}
          autoCapitalize="characters"
          hint="Customers type this at checkout. Upper case letters, digits and dashes, no spaces (e.g. SUMMER-10)."
        />
        <fieldset className="stack">
          <legend>Discount</legend>
          <div className="checkbox-field">
            {percent}
            <label htmlFor={`${fields.kind.id}-percent`}>Percentage off</label>
          </div>
          <ConformField meta={fields.percentOff} label="Percent off (1–100)" inputMode="numeric" />
          <div className="checkbox-field">
            {fixed}
            <label htmlFor={`${fields.kind.id}-fixed`}>Fixed amount off</label>
          </div>
          <div className="form-row">
            <ConformField meta={fields.amountOff} label="Amount off" inputMode="decimal" hint="e.g. 5.00" />
            <div className="form-field">
              <label htmlFor={fields.currency.id}>Currency</label>
              <select key={currencyKey} {...currencySelect}>
                <option value="eur">EUR</option>
                <option value="usd">USD</option>
                <option value="gbp">GBP</option>
              </select>
              <FieldError meta={fields.currency} />
            </div>
          </div>
          <FieldError meta={fields.kind} />
        </fieldset>
        <fieldset className="stack">
          <legend>Limits (optional)</legend>
          <div className="form-row">
            <ConformField meta={fields.maxRedemptions} label="Max redemptions in total" inputMode="numeric" />
            <ConformField
              meta={fields.maxPerCustomer}
              label="Max per customer"
              inputMode="numeric"
              hint="Counted by account or email address."
            />
          </div>
          <div className="form-row">
            <ConformField meta={fields.startsOn} label="Starts on" type="date" hint="UTC; blank = now." />
            <ConformField meta={fields.endsOn} label="Ends on (last day it works)" type="date" hint="UTC; blank = never." />
          </div>
          <ConformField
            meta={fields.minimumAmount}
            label={`Minimum order (${currency.toUpperCase()})`}
            inputMode="decimal"
            hint="The subtotal before the discount, without shipping."
          />
        </fieldset>
        <ConformField meta={fields.description} label="Description (for admins)" />
        <FormErrors form={form} />
        <div className="cluster">
          <SubmitButton busyText="Creating…">Create promo code</SubmitButton>
          <Link to="/admin/promo-codes">Cancel</Link>
        </div>
      </Form>
    </div>
  );
}
