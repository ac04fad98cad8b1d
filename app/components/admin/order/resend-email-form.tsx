import { getFormProps, getSelectProps } from '@conform-to/react';
import { Form } from '@remix-run/react';
import { DoneMessage, FieldError, FormErrors, useFormAnswer, useSchemaForm } from '#app/components/admin/form-parts.tsx';
import { SubmitButton } from '#app/components/submit-button.tsx';
import { resendEmailSchema } from '#core/schemas/admin-order.ts';
import { ORDER_INTENTS } from './order-intents.ts';

/** Sends one of the order's emails again. `emailKey` (the order's email count) makes a double submit send once. */
export function ResendEmailForm({ options, emailKey }: { options: Array<{ value: string; label: string }>; emailKey: string }) {
  const [form, fields] = useSchemaForm({ id: 'resend', schema: resendEmailSchema, answer: useFormAnswer(ORDER_INTENTS.resend) });
  const { key, ...email } = getSelectProps(fields.email);
  return (
    <>
      <Form method="post" className="cluster" {...getFormProps(form)}>
        <input type="hidden" name="key" value={emailKey} />
        <div className="form-field">
          <label htmlFor={fields.email.id}>Email</label>
          <select key={key} {...email}>
            {options.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
          <FieldError meta={fields.email} />
        </div>
        <SubmitButton name="intent" value={ORDER_INTENTS.resend} variant="secondary" busyText="Queuing…">
          Resend
        </SubmitButton>
      </Form>
      <FormErrors form={form} />
      <DoneMessage intents={[ORDER_INTENTS.resend]} />
    </>
  );
}
