// The order page's shipping forms: mark shipped (carrier, tracking number, optional link) and mark delivered.
import { getFormProps } from '@conform-to/react';
import { Form } from '@remix-run/react';
import { ConformField, FormErrors, useFormAnswer, useSchemaForm } from '#app/components/admin/form-parts.tsx';
import { SubmitButton } from '#app/components/submit-button.tsx';
import { buttonFormSchema } from '#core/schemas/button-form.ts';
import { shipmentSchema } from '#core/schemas/shipment.ts';
import { ORDER_INTENTS } from './order-intents.ts';

/** Checked with the schema the fulfillment workflow's Update validator uses, so each problem shows by its field. */
export function ShipForm() {
  const [form, fields] = useSchemaForm({ id: 'ship', schema: shipmentSchema, answer: useFormAnswer(ORDER_INTENTS.ship) });
  return (
    <Form method="post" className="stack" {...getFormProps(form)}>
      <div className="form-row">
        <ConformField meta={fields.carrier} label="Carrier" />
        <ConformField meta={fields.trackingNumber} label="Tracking number" />
      </div>
      <ConformField meta={fields.trackingUrl} type="url" label="Tracking link (optional)" placeholder="https://" />
      <FormErrors form={form} />
      <SubmitButton name="intent" value={ORDER_INTENTS.ship} busyText="Marking shipped…">
        Mark shipped
      </SubmitButton>
    </Form>
  );
}

export function MarkDeliveredForm() {
  const [form] = useSchemaForm({ id: 'delivered', schema: buttonFormSchema, answer: useFormAnswer(ORDER_INTENTS.delivered) });
  return (
    <Form method="post" className="stack" {...getFormProps(form)}>
      <FormErrors form={form} />
      <SubmitButton name="intent" value={ORDER_INTENTS.delivered} variant="secondary" busyText="Saving…">
        Mark delivered
      </SubmitButton>
    </Form>
  );
}
