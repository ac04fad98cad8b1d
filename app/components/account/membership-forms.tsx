// /account/membership's forms, one per change a member makes; each posts its intent to the page's action and shows
// that action's refusal by its own fields. "Update your card" posts to /account/membership/card instead.
import { getFormProps, getInputProps, getSelectProps } from '@conform-to/react';
import { Form } from '@remix-run/react';
import { FieldError, FormErrors, useFormAnswer, useSchemaForm } from '#app/components/admin/form-parts.tsx';
import { SubmitButton } from '#app/components/submit-button.tsx';
import { formatMoney } from '#core/money.ts';
import {
  PAUSE_PERIODS_MAX,
  cancelAtPeriodEndSchema,
  cancelNowSchema,
  changePlanSchema,
  keepMembershipSchema,
  membershipIntents as intents,
  pauseMembershipSchema,
  resumeMembershipSchema,
} from '#core/schemas/membership.ts';
import type { MembershipPlanView } from '#server/memberships/membership-views.server.ts';

/** Where the forms post: the page's address without its query (`?joined=1` is about the join only). */
const PAGE = '/account/membership';

const months = (n: number) => `${n} ${n === 1 ? 'month' : 'months'}`;

export function PauseForm() {
  const [form, fields] = useSchemaForm({
    id: 'pause',
    schema: pauseMembershipSchema,
    answer: useFormAnswer(intents.pause),
    defaultValue: { periods: '1' },
  });
  const { key, ...select } = getSelectProps(fields.periods);
  return (
    <Form method="post" action={PAGE} className="stack" {...getFormProps(form)}>
      <h3>Pause</h3>
      <p>Skip up to {months(PAUSE_PERIODS_MAX)}: no payment and no credits until your membership resumes.</p>
      <div className="form-field">
        <label htmlFor={fields.periods.id}>Pause for</label>
        <select key={key} {...select}>
          {Array.from({ length: PAUSE_PERIODS_MAX }, (_, n) => (
            <option key={n + 1} value={n + 1}>
              {months(n + 1)}
            </option>
          ))}
        </select>
        <FieldError meta={fields.periods} />
      </div>
      <FormErrors form={form} />
      <div className="cluster">
        <SubmitButton name="intent" value={intents.pause} variant="secondary" busyText="Pausing…">
          Pause my membership
        </SubmitButton>
      </div>
    </Form>
  );
}

/** A form that is its button and a line saying what it does. */
function ButtonForm({
  id,
  intent,
  schema,
  text,
  label,
  busyText,
}: {
  id: string;
  intent: string;
  schema: typeof resumeMembershipSchema;
  text: string;
  label: string;
  busyText: string;
}) {
  const [form] = useSchemaForm({ id, schema, answer: useFormAnswer(intent) });
  return (
    <Form method="post" action={PAGE} className="stack" {...getFormProps(form)}>
      <p>{text}</p>
      <FormErrors form={form} />
      <div className="cluster">
        <SubmitButton name="intent" value={intent} variant="secondary" busyText={busyText}>
          {label}
        </SubmitButton>
      </div>
    </Form>
  );
}

export const ResumeForm = ({ pausedUntil }: { pausedUntil: string | null }) => (
  <ButtonForm
    id="resume"
    intent={intents.resume}
    schema={resumeMembershipSchema}
    text={`${pausedUntil ? `Your membership resumes by itself on ${pausedUntil}. ` : ''}Resume now to pay and get your credits again from today.`}
    label="Resume my membership"
    busyText="Resuming…"
  />
);

export const KeepForm = ({ endsOn }: { endsOn: string | null }) => (
  <ButtonForm
    id="keep"
    intent={intents.keep}
    schema={keepMembershipSchema}
    text={`Changed your mind? Keep your membership and it renews${endsOn ? ` on ${endsOn}` : ''} as before.`}
    label="Keep my membership"
    busyText="Saving…"
  />
);

export const CancelAtPeriodEndForm = ({ endsOn }: { endsOn: string | null }) => (
  <ButtonForm
    id="cancel-at-period-end"
    intent={intents.cancelAtPeriodEnd}
    schema={cancelAtPeriodEndSchema}
    text={`Your membership ends${endsOn ? ` on ${endsOn}` : ' at the end of this period'}, with no further payment; until then it stays as it is.`}
    label="Cancel at the end of the period"
    busyText="Cancelling…"
  />
);

export function CancelNowForm({ creditsExpire }: { creditsExpire: boolean }) {
  const [form, fields] = useSchemaForm({ id: 'cancel-now', schema: cancelNowSchema, answer: useFormAnswer(intents.cancelNow) });
  return (
    <Form method="post" action={PAGE} className="stack" {...getFormProps(form)}>
      <h3>End it now</h3>
      <p>
        Your membership ends at once and no further payment is taken.{' '}
        {creditsExpire ? 'The monthly credits you have not used are removed.' : 'The credits you have stay yours.'}
      </p>
      <div className="checkbox-field">
        <input {...getInputProps(fields.confirm, { type: 'checkbox', value: 'on' })} />
        <div>
          <label htmlFor={fields.confirm.id}>I understand that my membership ends now</label>
          <FieldError meta={fields.confirm} />
        </div>
      </div>
      <FormErrors form={form} />
      <div className="cluster">
        <SubmitButton name="intent" value={intents.cancelNow} className="btn-danger" busyText="Ending…">
          End my membership now
        </SubmitButton>
      </div>
    </Form>
  );
}

export function ChangePlanForm({ plans }: { plans: MembershipPlanView[] }) {
  const [form, fields] = useSchemaForm({
    id: 'change-plan',
    schema: changePlanSchema,
    answer: useFormAnswer(intents.changePlan),
    defaultValue: { planId: plans[0] ? String(plans[0].id) : '' },
  });
  const { key, ...select } = getSelectProps(fields.planId);
  return (
    <Form method="post" action={PAGE} className="stack" {...getFormProps(form)}>
      <h3>Change plan</h3>
      <p>You move to the new plan from now on.</p>
      <div className="form-field">
        <label htmlFor={fields.planId.id}>New plan</label>
        <select key={key} {...select}>
          {plans.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}: {formatMoney(p.price, p.currency)} a month, {p.creditsPerPeriod.toLocaleString('en-IE')} credits
            </option>
          ))}
        </select>
        <FieldError meta={fields.planId} />
      </div>
      <FormErrors form={form} />
      <div className="cluster">
        <SubmitButton name="intent" value={intents.changePlan} variant="secondary" busyText="Changing…">
          Change plan
        </SubmitButton>
      </div>
    </Form>
  );
}

/** To the payment provider's page for the card (a redirect from /account/membership/card). */
export function UpdateCardForm({ urgent }: { urgent: boolean }) {
  return (
    <Form method="post" action="/account/membership/card" className="stack">
      <div className="cluster">
        <SubmitButton variant={urgent ? 'primary' : 'secondary'} pendingAction="/account/membership/card" busyText="Opening…">
          Update your card
        </SubmitButton>
      </div>
    </Form>
  );
}
