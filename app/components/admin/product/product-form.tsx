// The product's details form, for a new product and for editing one (same schema as the action parses).
import { getCollectionProps, getFormProps, getInputProps, getSelectProps, getTextareaProps } from '@conform-to/react';
import { Form } from '@remix-run/react';
import { ConformField, FieldError, FormErrors, useFormAnswer, useSchemaForm } from '#app/components/admin/form-parts.tsx';
import { SubmitButton } from '#app/components/submit-button.tsx';
import { PRODUCT_INTENTS } from './product-intents.ts';
import { GOOD_ART_CHOICES, PRODUCT_KIND_LABELS, productSchema } from '#core/schemas/admin-product.ts';

export const PRODUCT_INTENT = PRODUCT_INTENTS.product;

const ART_LABELS: Record<(typeof GOOD_ART_CHOICES)[number], string> = { frame: 'Frame', tote: 'Tote bag', mug: 'Mug', card: 'Card' };

export interface ProductFormValues {
  title: string;
  slug: string;
  description: string;
  kind: 'print' | 'good';
  art: string;
  personalisable: boolean;
  status: 'draft' | 'active';
}

export function ProductForm({ values, submitLabel }: { values: ProductFormValues; submitLabel: string }) {
  const [form, fields] = useSchemaForm({
    id: PRODUCT_INTENT,
    schema: productSchema,
    answer: useFormAnswer(PRODUCT_INTENT),
    defaultValue: { ...values, personalisable: values.personalisable ? 'on' : undefined },
  });
  const { key: artKey, ...art } = getSelectProps(fields.art);
  const { key: descriptionKey, ...description } = getTextareaProps(fields.description);
  const { key: personalisableKey, ...personalisable } = getInputProps(fields.personalisable, { type: 'checkbox' });
  return (
    <Form method="post" className="stack narrow" {...getFormProps(form)}>
      <ConformField meta={fields.title} label="Title" maxLength={200} />
      <ConformField
        meta={fields.slug}
        label="Address (slug)"
        maxLength={120}
        hint="The page is /products/<slug>. Leave blank to make it from the title."
      />
      <div className="form-field">
        <label htmlFor={fields.description.id}>Description</label>
        <textarea key={descriptionKey} {...description} rows={5} maxLength={5000} />
        <FieldError meta={fields.description} />
      </div>
      <fieldset className="cluster">
        <legend>Kind</legend>
        {getCollectionProps(fields.kind, { type: 'radio', options: ['print', 'good'] }).map(({ key, ...radio }) => (
          <label key={key}>
            <input {...radio} /> {PRODUCT_KIND_LABELS[radio.value as 'print' | 'good']}
          </label>
        ))}
        <FieldError meta={fields.kind} />
      </fieldset>
      <div className="form-field">
        <label htmlFor={fields.art.id}>Illustration when there is no photo (plain goods)</label>
        <select key={artKey} {...art}>
          <option value="">—</option>
          {GOOD_ART_CHOICES.map((a) => (
            <option key={a} value={a}>
              {ART_LABELS[a]}
            </option>
          ))}
        </select>
        <FieldError meta={fields.art} />
      </div>
      <div className="form-field">
        <label>
          <input key={personalisableKey} {...personalisable} /> Personalised by the customer (title, subtitle, place, date, colours)
        </label>
        <FieldError meta={fields.personalisable} />
      </div>
      <fieldset className="cluster">
        <legend>Status</legend>
        {getCollectionProps(fields.status, { type: 'radio', options: ['draft', 'active'] }).map(({ key, ...radio }) => (
          <label key={key}>
            <input {...radio} /> {radio.value === 'draft' ? 'Draft (not in the shop)' : 'On sale'}
          </label>
        ))}
        <FieldError meta={fields.status} />
      </fieldset>
      <FormErrors form={form} />
      <SubmitButton name="intent" value={PRODUCT_INTENT} busyText="Saving…">
        {submitLabel}
      </SubmitButton>
    </Form>
  );
}
