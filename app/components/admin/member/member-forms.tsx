// The forms of the admin's membership page: cancel now (with a reason), cancel at the period's end, and extra credits
// for the member (with the reason the customer is shown, and the form's one-time key).
import { getFormProps, getTextareaProps, type FieldMetadata } from '@conform-to/react';
import { Form } from '@remix-run/react';
import { ConformField, FieldError, FormErrors, useFormAnswer, useSchemaForm } from '#app/components/admin/form-parts.tsx';
import { SubmitButton } from '#app/components/submit-button.tsx';
import {
  EXTRA_CREDITS_MAX,
  MEMBER_INTENTS,
  adminCancelAtPeriodEndSchema,
  adminCancelNowSchema,
  grantExtraCreditsSchema,
} from '#core/schemas/admin-membership.ts';

function ReasonField({ meta, label }: { meta: FieldMetadata<unknown>; label: string }) {
  const { key, ...props } = getTextareaProps(meta);
  return (
    <div className="form-field">
      <label htmlFor={meta.id}>{label}</label>
      <textarea key={key} {...props} rows={2} />
      <FieldError meta={meta} />
    </div>
  );
}

/** Ends the membership now: no further periods or credits. */
export function CancelNowForm() {
  const [form, fields] = useSchemaForm({
    id: 'cancel-now',
    schema: adminCancelNowSchema,
    answer: useFormAnswer(MEMBER_INTENTS.cancelNow),
  });
  return (
    <Form method="post" className="stack" {...getFormProps(form)}>
      <h3>Cancel now</h3>
      <p className="muted">The membership ends at once: no further payments and no further credits; this period is not refunded.</p>
      <ReasonField meta={fields.reason} label="Reason (kept with the cancellation)" />
      <FormErrors form={form} />
      <SubmitButton name="intent" value={MEMBER_INTENTS.cancelNow} busyText="Cancelling…" className="btn-danger">
        Cancel now
      </SubmitButton>
    </Form>
  );
}

/** Ends the membership when the current period ends; the member keeps it, and its credits, until then. */
export function CancelAtPeriodEndForm({ periodEnd }: { periodEnd: string | null }) {
  const [form, fields] = useSchemaForm({
    id: 'cancel-at-period-end',
    schema: adminCancelAtPeriodEndSchema,
    answer: useFormAnswer(MEMBER_INTENTS.cancelAtPeriodEnd),
  });
  return (
    <Form method="post" className="stack" {...getFormProps(form)}>
      <h3>Cancel at the end of the period</h3>
      <p className="muted">
        The member keeps the membership and its credits until {periodEnd ? periodEnd.slice(0, 10) : 'the period ends'}; nothing is charged
        after.
      </p>
      <ReasonField meta={fields.reason} label="Reason (optional)" />
      <FormErrors form={form} />
      <SubmitButton name="intent" value={MEMBER_INTENTS.cancelAtPeriodEnd} busyText="Cancelling…" variant="secondary">
        Cancel at the end of the period
      </SubmitButton>
    </Form>
  );
}

/** Extra credits into the member's available credits, once per form key. */
export function GrantCreditsForm({ formKey }: { formKey: string }) {
  const answer = useFormAnswer(MEMBER_INTENTS.grantCredits);
  const [form, fields] = useSchemaForm({ id: 'grant-credits', schema: grantExtraCreditsSchema, answer });
  // A refused or failed submit keeps its key: sending it again grants nothing twice.
  const kept = answer && !answer.ok ? answer.result.initialValue?.formKey : undefined;
  return (
    <Form method="post" className="stack" {...getFormProps(form)}>
      <h3>Grant extra credits</h3>
      <input type="hidden" name={fields.formKey.name} value={typeof kept === 'string' ? kept : formKey} />
      <ConformField
        meta={fields.credits}
        type="number"
        step={1}
        min={1}
        max={EXTRA_CREDITS_MAX}
        inputMode="numeric"
        label="Credits"
        hint={`1 to ${EXTRA_CREDITS_MAX}, added to the customer’s available credits.`}
      />
      <ReasonField meta={fields.reason} label="Reason (the customer sees it with the credits)" />
      <FormErrors form={form} hidden={[fields.formKey]} />
      <SubmitButton name="intent" value={MEMBER_INTENTS.grantCredits} busyText="Granting…" variant="secondary">
        Grant credits
      </SubmitButton>
    </Form>
  );
}
