import { getFormProps, getInputProps, getSelectProps, useForm, type SubmissionResult } from '@conform-to/react';
import { parseWithZod } from '@conform-to/zod/v4';
import { Form } from '@remix-run/react';
import { EmailField } from '#app/components/email-field.tsx';
import { Field, FieldError } from '#app/components/field.tsx';
import { FormErrors } from '#app/components/form-errors.tsx';
import { Price } from '#app/components/price.tsx';
import { SubmitButton } from '#app/components/submit-button.tsx';
import { countryName } from '#core/tax-rates.ts';
import {
  localPaymentIntents,
  localPaymentSchema,
  type LocalPaymentFields,
  type LocalPaymentSubmission,
} from '#core/schemas/local-payment.ts';

export interface PaymentFormSession {
  email: string;
  collectShipping: boolean;
  /** Files only, with VAT on: the billing country decides the VAT, as on Stripe Checkout with Stripe Tax. */
  collectBillingCountry: boolean;
  taxEnabled: boolean;
  countries: string[];
  /** Chosen in the country select until the payer chooses another. */
  sellerCountry: string;
  currency: string;
  /** What Pay charges for the country chosen (the VAT included). */
  total: number;
  discount: number;
  promoCode: string | null;
  /** The order's points discount: applied from the start, and no promotion code beside it (as on Stripe Checkout). */
  pointsDiscount: number;
}

/**
 * The local payment page's form, as on Stripe Checkout: the promotion code, the payer and the shipping
 * address (or the billing country) in one form, so applying or removing a code, or updating the VAT for another
 * country, keeps what was typed, with or without JavaScript. Each button sends its intent; the schema decides which
 * fields that intent needs. With JavaScript, `onCountryChange` lets the page show the VAT as the country changes.
 */
export function PaymentForm({
  session,
  lastResult,
  onCountryChange,
}: {
  session: PaymentFormSession;
  lastResult?: SubmissionResult<string[]> | null;
  onCountryChange?: (country: string) => void;
}) {
  const schema = localPaymentSchema({ collectShipping: session.collectShipping, collectBillingCountry: session.collectBillingCountry });
  const preselected = session.countries.includes(session.sellerCountry) ? session.sellerCountry : undefined;
  const [form, fields] = useForm<LocalPaymentFields, LocalPaymentSubmission>({
    id: 'local-payment',
    lastResult,
    defaultValue: { email: session.email, country: preselected },
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
  });
  const countryHintId = `${fields.country.id}-hint`;
  const countrySelect = (
    <div className="form-field">
      <label htmlFor={fields.country.id}>Country</label>
      <div className="cluster">
        <select
          {...getSelectProps(fields.country, { ariaDescribedBy: session.taxEnabled ? countryHintId : undefined })}
          onChange={(e) => onCountryChange?.(e.currentTarget.value)}
        >
          {preselected ? null : <option value="">Choose a country</option>}
          {session.countries.map((c) => (
            <option key={c} value={c}>
              {countryName(c)}
            </option>
          ))}
        </select>
        {session.taxEnabled ? (
          <SubmitButton name="intent" value={localPaymentIntents.updateCountry} variant="secondary" busyText="Updating…" formNoValidate>
            Update VAT
          </SubmitButton>
        ) : null}
      </div>
      {session.taxEnabled ? (
        <p id={countryHintId} className="field-hint">
          {session.collectShipping ? 'The country the order ships to decides the VAT.' : 'Your billing country decides the VAT.'}
        </p>
      ) : null}
      <FieldError id={fields.country.errorId} error={fields.country.errors} />
    </div>
  );
  return (
    <Form method="post" className="stack" {...getFormProps(form)}>
      <FormErrors id={form.errorId} errors={form.errors ?? fields.intent.errors} />
      {/* The default button (Enter in any field) pays, or applies a code typed but not applied; the visible buttons carry their own intent. */}
      <button type="submit" name="intent" value={localPaymentIntents.pay} hidden tabIndex={-1} aria-hidden="true" />
      <fieldset className="stack">
        <legend>Discounts</legend>
        {session.pointsDiscount > 0 ? (
          <p data-testid="points-applied">
            <strong>Loyalty points</strong> — you save <Price amount={session.pointsDiscount} currency={session.currency} />. A promotion
            code cannot be added to an order paid partly with points.
          </p>
        ) : session.promoCode ? (
          <div className="cluster">
            <span>
              <strong>{session.promoCode}</strong> — you save <Price amount={session.discount} currency={session.currency} />
            </span>
            <SubmitButton name="intent" value={localPaymentIntents.removeCode} variant="secondary" busyText="Removing…">
              Remove code
            </SubmitButton>
          </div>
        ) : (
          <div className="cluster">
            <Field
              label="Promotion code"
              {...getInputProps(fields.promoCode, { type: 'text' })}
              autoComplete="off"
              autoCapitalize="characters"
              error={fields.promoCode.errors}
            />
            <SubmitButton name="intent" value={localPaymentIntents.applyCode} variant="secondary" busyText="Applying…">
              Apply
            </SubmitButton>
          </div>
        )}
      </fieldset>
      <EmailField field={fields.email} />
      <Field
        label="Name on card"
        {...getInputProps(fields.name, { type: 'text' })}
        autoComplete="cc-name"
        error={fields.name.errors}
        required
      />
      {session.collectShipping ? (
        <fieldset className="stack">
          <legend>Shipping address</legend>
          <Field
            label="Address line 1"
            {...getInputProps(fields.line1, { type: 'text' })}
            autoComplete="address-line1"
            error={fields.line1.errors}
            required
          />
          <Field
            label="Address line 2"
            {...getInputProps(fields.line2, { type: 'text' })}
            autoComplete="address-line2"
            error={fields.line2.errors}
          />
          <div className="form-row">
            <Field
              label="City"
              {...getInputProps(fields.city, { type: 'text' })}
              autoComplete="address-level2"
              error={fields.city.errors}
              required
            />
            <Field
              label="Postal code"
              {...getInputProps(fields.postal_code, { type: 'text' })}
              autoComplete="postal-code"
              error={fields.postal_code.errors}
              required
            />
          </div>
          {countrySelect}
        </fieldset>
      ) : session.collectBillingCountry ? (
        countrySelect
      ) : null}
      <div className="cluster">
        <SubmitButton name="intent" value={localPaymentIntents.pay} busyText="Paying…">
          Pay <Price amount={session.total} currency={session.currency} />
        </SubmitButton>
        <SubmitButton name="intent" value={localPaymentIntents.decline} variant="secondary" busyText="Declining…">
          Simulate a declined card
        </SubmitButton>
      </div>
    </Form>
  );
}
