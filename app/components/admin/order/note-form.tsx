import { getFormProps, getTextareaProps } from '@conform-to/react';
import { Form } from '@remix-run/react';
import { DoneMessage, FieldError, FormErrors, useFormAnswer, useSchemaForm } from '#app/components/admin/form-parts.tsx';
import { SubmitButton } from '#app/components/submit-button.tsx';
import { orderNoteSchema } from '#core/schemas/admin-order.ts';
import { ORDER_INTENTS } from './order-intents.ts';

/** An admin note on the order's timeline. `noteKey` is fixed per page view: a double submit adds one note. */
export function NoteForm({ noteKey }: { noteKey: string }) {
  const [form, fields] = useSchemaForm({ id: 'note', schema: orderNoteSchema, answer: useFormAnswer(ORDER_INTENTS.note) });
  const { key, ...note } = getTextareaProps(fields.note);
  return (
    <Form method="post" className="stack" {...getFormProps(form)}>
      <input type="hidden" name="key" value={noteKey} />
      <div className="form-field">
        <label htmlFor={fields.note.id}>Add a note</label>
        <textarea key={key} {...note} rows={3} />
        <FieldError meta={fields.note} />
      </div>
      <FormErrors form={form} />
      <SubmitButton name="intent" value={ORDER_INTENTS.note} busyText="Saving…" variant="secondary">
        Add note
      </SubmitButton>
      <DoneMessage intents={[ORDER_INTENTS.note]} />
    </Form>
  );
}
