// The order page's file forms: make the files again (one item or all) and regenerate the download links.
import { getFormProps, getSelectProps } from '@conform-to/react';
import { Form } from '@remix-run/react';
import { FieldError, FormErrors, useFormAnswer, useSchemaForm } from '#app/components/admin/form-parts.tsx';
import { SubmitButton } from '#app/components/submit-button.tsx';
import { buttonFormSchema } from '#core/schemas/button-form.ts';
import { rerenderSchema } from '#core/schemas/admin-order.ts';
import { ORDER_INTENTS } from './order-intents.ts';

export function RerenderForm({ items }: { items: Array<{ id: number; label: string }> }) {
  const [form, fields] = useSchemaForm({ id: 'rerender', schema: rerenderSchema, answer: useFormAnswer(ORDER_INTENTS.rerender) });
  const { key, ...item } = getSelectProps(fields.itemId);
  return (
    <Form method="post" className="cluster" {...getFormProps(form)}>
      <div className="form-field">
        <label htmlFor={fields.itemId.id}>Make the files again</label>
        <select key={key} {...item}>
          <option value="all">All items</option>
          {items.map((i) => (
            <option key={i.id} value={i.id}>
              {i.label}
            </option>
          ))}
        </select>
        <FieldError meta={fields.itemId} />
      </div>
      <SubmitButton name="intent" value={ORDER_INTENTS.rerender} variant="secondary" busyText="Starting…">
        Re-render
      </SubmitButton>
      <FormErrors form={form} />
    </Form>
  );
}

export function RegenerateLinksForm() {
  const [form] = useSchemaForm({ id: 'regenerate-links', schema: buttonFormSchema, answer: useFormAnswer(ORDER_INTENTS.regenerateLinks) });
  return (
    <Form method="post" {...getFormProps(form)}>
      <SubmitButton name="intent" value={ORDER_INTENTS.regenerateLinks} variant="secondary" busyText="Regenerating…">
        Regenerate links
      </SubmitButton>
      <FormErrors form={form} />
    </Form>
  );
}
