// The order page's print provider forms: correct the address and resubmit a print order the provider refused or
// failed, cancel it at the provider, and what a refund does to the prints (shown by the refund form).
import { getFormProps } from '@conform-to/react';
import { Form } from '@remix-run/react';
import { ConformField, FormErrors, useFormAnswer, useSchemaForm } from '#app/components/admin/form-parts.tsx';
import { SubmitButton } from '#app/components/submit-button.tsx';
import type { ProviderAddress, ProviderStatus } from '#core/print-provider.ts';
import { cancelPrintsSchema, resubmitPrintsSchema } from '#core/schemas/print-order.ts';
import { ORDER_INTENTS } from './order-intents.ts';

/**
 * Checked with the schema the fulfillment workflow's resubmit validator uses, so each problem shows by its field;
 * starts from the address the provider refused.
 */
export function ResubmitPrintsForm({ address }: { address: ProviderAddress | null }) {
  const [form, fields] = useSchemaForm({
    id: 'resubmit-prints',
    schema: resubmitPrintsSchema,
    answer: useFormAnswer(ORDER_INTENTS.resubmitPrints),
    defaultValue: {
      firstName: address?.firstName ?? '',
      lastName: address?.lastName ?? '',
      addressLine1: address?.addressLine1 ?? '',
      addressLine2: address?.addressLine2 ?? '',
      city: address?.city ?? '',
      postCode: address?.postCode ?? '',
      state: address?.state ?? '',
      country: address?.country ?? '',
      email: address?.email ?? '',
      phone: address?.phone ?? '',
      reason: '',
    },
  });
  return (
    <Form method="post" className="stack" aria-labelledby="resubmit-prints-h" {...getFormProps(form)}>
      <h3 id="resubmit-prints-h">Correct the address and resubmit</h3>
      <p className="muted">The prints are sent to the provider again as a new print order, to this address.</p>
      <div className="form-row">
        <ConformField meta={fields.firstName} label="First name" autoComplete="off" />
        <ConformField meta={fields.lastName} label="Last name" autoComplete="off" />
      </div>
      <ConformField meta={fields.addressLine1} label="Address" autoComplete="off" />
      <ConformField meta={fields.addressLine2} label="Second address line (optional)" autoComplete="off" />
      <div className="form-row">
        <ConformField meta={fields.postCode} label="Postcode" autoComplete="off" />
        <ConformField meta={fields.city} label="City" autoComplete="off" />
      </div>
      <div className="form-row">
        <ConformField meta={fields.state} label="State or county (optional)" autoComplete="off" />
        <ConformField meta={fields.country} label="Country code" autoComplete="off" hint="Two letters, e.g. IE" maxLength={2} />
      </div>
      <div className="form-row">
        <ConformField meta={fields.email} type="email" label="Customer’s email (for the carrier)" autoComplete="off" />
        <ConformField meta={fields.phone} type="tel" label="Phone (optional)" autoComplete="off" />
      </div>
      <ConformField meta={fields.reason} label="What was corrected (for the order’s timeline)" />
      <FormErrors form={form} />
      <SubmitButton name="intent" value={ORDER_INTENTS.resubmitPrints} busyText="Resubmitting…">
        Resubmit to the provider
      </SubmitButton>
    </Form>
  );
}

/**
 * Cancels the order's fulfillment: the print order is cancelled at the provider unless it is in production. Behind a
 * disclosure (open again when refused, so the errors show without JavaScript too).
 */
export function CancelPrintsForm({ byHandWaiting }: { byHandWaiting: boolean }) {
  const answer = useFormAnswer(ORDER_INTENTS.cancelPrints);
  const [form, fields] = useSchemaForm({ id: 'cancel-prints', schema: cancelPrintsSchema, answer });
  return (
    <details open={answer ? !answer.ok : undefined}>
      <summary>Cancel at the provider</summary>
      <Form method="post" className="stack" {...getFormProps(form)}>
        <p className="muted">
          The provider cancels the print order only while nothing is printed, and may charge a cancellation fee. This does not refund the
          customer: refund below.
          {byHandWaiting ? ' The lines made by hand are not shipped yet: their fulfillment is cancelled too.' : ''}
        </p>
        <ConformField meta={fields.reason} label="Reason (for the order’s timeline)" />
        <FormErrors form={form} />
        <SubmitButton name="intent" value={ORDER_INTENTS.cancelPrints} variant="secondary" busyText="Cancelling…">
          Cancel at the provider
        </SubmitButton>
      </Form>
    </details>
  );
}

const PAST_CANCELLING: readonly ProviderStatus[] = ['in_production', 'shipped', 'delivered'];
const CANCELLABLE: readonly ProviderStatus[] = ['submitting', 'submitted'];

/** Above the refund form: whether a refund can still stop the prints (the latest print order's status). */
export function PrintRefundNotice({ status }: { status: ProviderStatus | null }) {
  if (status && PAST_CANCELLING.includes(status))
    return (
      <p className="alert alert-warning" data-testid="print-refund-notice">
        The prints are already in production at the provider: they cannot be cancelled, and a refund will not stop them (the provider still
        charges for them).
      </p>
    );
  if (status && CANCELLABLE.includes(status))
    return (
      <p className="alert alert-info" data-testid="print-refund-notice">
        A full refund also cancels the print order at the provider (nothing is printed yet); a partial refund leaves it be.
      </p>
    );
  return null;
}
