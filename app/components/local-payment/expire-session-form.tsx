import { getFormProps, useForm } from '@conform-to/react';
import { parseWithZod } from '@conform-to/zod/v4';
import { Form } from '@remix-run/react';
import { SubmitButton } from '#app/components/submit-button.tsx';
import { expireSessionSchema, localPaymentIntents } from '#core/schemas/local-payment.ts';

/** "Let the session expire": what Stripe does when nobody pays in time, at once. No fields, only its intent. */
export function ExpireSessionForm() {
  const [form] = useForm({
    id: 'expire-session',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: expireSessionSchema }),
  });
  return (
    <Form method="post" className="cluster" {...getFormProps(form)}>
      <SubmitButton name="intent" value={localPaymentIntents.expire} variant="secondary" busyText="Expiring…">
        Let the session expire
      </SubmitButton>
    </Form>
  );
}
