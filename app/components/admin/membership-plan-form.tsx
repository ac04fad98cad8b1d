// The membership plan form, for a new plan and for editing one (same schema as the actions parse with).
import { getCollectionProps, getFormProps, getTextareaProps } from '@conform-to/react';
import { Form } from '@remix-run/react';
import { ConformField, FieldError, FormErrors, useFormAnswer, useSchemaForm } from '#app/components/admin/form-parts.tsx';
import { SubmitButton } from '#app/components/submit-button.tsx';
import type { PlanStatus, UnusedCreditsRule } from '#core/memberships.ts';
import { PLAN_DESCRIPTION_MAX, PLAN_NAME_MAX, membershipPlanSchema } from '#core/schemas/membership-plan.ts';

/** What the forms on the plan pages send as their intent (the edit page's action dispatches on it). */
export const PLAN_INTENTS = { plan: 'plan', sync: 'sync' } as const;

export const UNUSED_CREDITS_LABELS: Record<UnusedCreditsRule, string> = {
  keep: 'Kept by the member',
  expire: 'Expire when the membership ends',
};

export const PLAN_STATUS_LABELS: Record<PlanStatus, string> = {
  active: 'Active: open to new members',
  retired: 'Retired: no new members; current members stay on it',
};

export interface PlanFormValues {
  name: string;
  description: string;
  /** "9.00" */
  price: string;
  creditsPerPeriod: number | undefined;
  trialDays: number;
  unusedCredits: UnusedCreditsRule;
  status: PlanStatus;
}

export function PlanForm({
  values,
  currency,
  submitLabel,
  existing,
}: {
  values: PlanFormValues;
  currency: string;
  submitLabel: string;
  /** Editing a plan that may have members: the form says what a change does to them. */
  existing: boolean;
}) {
  const answer = useFormAnswer(PLAN_INTENTS.plan);
  const [form, fields] = useSchemaForm({ id: PLAN_INTENTS.plan, schema: membershipPlanSchema, answer, defaultValue: values });
  const { key: descriptionKey, ...description } = getTextareaProps(fields.description);
  const radios = (meta: typeof fields.status | typeof fields.unusedCredits, options: Record<string, string>) =>
    getCollectionProps(meta, { type: 'radio', options: Object.keys(options) }).map(({ key, ...radio }) => (
      <div className="checkbox-field" key={key}>
        <input {...radio} />
        <label htmlFor={radio.id}>{options[radio.value]}</label>
      </div>
    ));
  return (
    <Form method="post" className="stack narrow" {...getFormProps(form)}>
      {answer && !answer.ok && Object.keys(answer.result.error ?? {}).some((name) => name !== '') ? (
        <p className="alert alert-error" role="alert">
          Please correct the fields marked below.
        </p>
      ) : null}
      <ConformField meta={fields.name} label="Name" maxLength={PLAN_NAME_MAX} hint="Members see it on the membership page." />
      <div className="form-field">
        <label htmlFor={fields.description.id}>Description (optional)</label>
        <textarea key={descriptionKey} {...description} rows={3} maxLength={PLAN_DESCRIPTION_MAX} />
        <FieldError meta={fields.description} />
      </div>
      <div className="form-row">
        <ConformField
          meta={fields.price}
          label={`Price per month (${currency.toUpperCase()})`}
          inputMode="decimal"
          hint={existing ? 'e.g. 9.00. A new price is for members who join from now on; current members keep theirs.' : 'e.g. 9.00'}
        />
        <ConformField meta={fields.creditsPerPeriod} label="Print credits per month" inputMode="numeric" hint="0 to 1,000" />
        <ConformField meta={fields.trialDays} label="Free trial (days)" inputMode="numeric" hint="0 to 90; 0 or blank: no trial." />
      </div>
      <fieldset className="stack">
        <legend>Unused monthly credits when the membership ends</legend>
        {radios(fields.unusedCredits, UNUSED_CREDITS_LABELS)}
        <FieldError meta={fields.unusedCredits} />
      </fieldset>
      <fieldset className="stack">
        <legend>Status</legend>
        {radios(fields.status, PLAN_STATUS_LABELS)}
        <FieldError meta={fields.status} />
      </fieldset>
      <FormErrors form={form} />
      <SubmitButton name="intent" value={PLAN_INTENTS.plan} busyText="Saving…">
        {submitLabel}
      </SubmitButton>
    </Form>
  );
}
