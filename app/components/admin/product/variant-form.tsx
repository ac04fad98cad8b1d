// One variant's form (edit, or add when `variant` is absent): SKU, name, format, print size, price,
// former price, weight, the low-stock warning, the tax category, who makes and ships it (the studio or the print
// provider, with the provider's product id), and for digital options their price in print credits or the credits they
// grant as a credit pack. Several on a page: each answer finds its own form.
import { getCollectionProps, getFormProps, getInputProps, getSelectProps } from '@conform-to/react';
import { Form } from '@remix-run/react';
import { ConformField, FieldError, FormErrors, useFormAnswer, useSchemaForm } from '#app/components/admin/form-parts.tsx';
import { SubmitButton } from '#app/components/submit-button.tsx';
import { PRINT_SIZES } from '#core/design/themes.ts';
import { formatDecimal } from '#core/money.ts';
import { FULFILMENTS } from '#core/print-provider.ts';
import { variantSchema } from '#core/schemas/admin-product.ts';
import { TAX_CATEGORIES, TAX_CATEGORY_LABELS, defaultTaxCategory } from '#core/tax.ts';
import { PRODUCT_INTENTS } from './product-intents.ts';
import type { AdminVariant } from '#server/catalog/admin-products.server.ts';

const VARIANT_INTENT = PRODUCT_INTENTS.variant;

const FORMAT_LABELS = { digital: 'Digital files', physical: 'Physical', bundle: 'Physical + files' } as const;
const FULFILMENT_LABELS = { manual: 'By hand in the studio', provider: 'By the print provider' } as const;

/** A new option's category when none is chosen, in words: from its format and the product's kind. */
function automaticCategory(kind: 'print' | 'good'): string {
  const shipped = TAX_CATEGORY_LABELS[defaultTaxCategory('physical', kind)];
  return `By format: ${shipped}, or ${TAX_CATEGORY_LABELS[defaultTaxCategory('digital', kind)]} for digital files`;
}

export function VariantForm({
  variant,
  kind,
  personalisable,
}: {
  variant?: AdminVariant;
  kind: 'print' | 'good';
  personalisable: boolean;
}) {
  const id = variant ? String(variant.id) : '';
  const answer = useFormAnswer(VARIANT_INTENT, (a) => (a.result.initialValue?.variantId ?? '') === id);
  const [form, fields] = useSchemaForm({
    id: variant ? `variant-${variant.id}` : 'variant-new',
    schema: variantSchema,
    answer,
    defaultValue: variant
      ? {
          variantId: id,
          sku: variant.sku,
          title: variant.title,
          format: variant.format,
          printSize: variant.printSize ?? '',
          price: formatDecimal(variant.price),
          compareAtPrice: variant.compareAtPrice == null ? '' : formatDecimal(variant.compareAtPrice),
          weightGrams: variant.weightGrams == null ? '' : String(variant.weightGrams),
          lowStockThreshold: String(variant.lowStockThreshold),
          taxCategory: variant.taxCategory,
          creditsPrice: variant.creditsPrice == null ? '' : String(variant.creditsPrice),
          grantsCredits: variant.grantsCredits == null ? '' : String(variant.grantsCredits),
          fulfilment: variant.fulfilment,
          providerProductId: variant.providerProductId ?? '',
        }
      : { format: 'physical', taxCategory: '', fulfilment: 'manual' },
  });
  const { key: sizeKey, ...size } = getSelectProps(fields.printSize);
  const taxHint = `${fields.taxCategory.id}-hint`;
  const { key: taxKey, ...tax } = getSelectProps(fields.taxCategory, { ariaDescribedBy: taxHint });
  const { key: idKey, ...idInput } = getInputProps(fields.variantId, { type: 'hidden' });
  const { key: fulfilmentKey, ...fulfilment } = getSelectProps(fields.fulfilment);
  // A personalised product sells no credit packs (saveProduct keeps a pack's product unpersonalised).
  const packField = !personalisable || variant?.grantsCredits != null;
  return (
    <Form method="post" className="stack" {...getFormProps(form)}>
      {variant ? <input key={idKey} {...idInput} /> : null}
      <div className="cluster">
        <ConformField meta={fields.sku} label="SKU" maxLength={64} autoCapitalize="characters" />
        <ConformField meta={fields.title} label="Option name" maxLength={200} hint="What the customer picks, e.g. “A3 poster”" />
      </div>
      <fieldset className="cluster">
        <legend>Format</legend>
        {getCollectionProps(fields.format, { type: 'radio', options: ['digital', 'physical', 'bundle'] }).map(({ key, ...radio }) => (
          <label key={key}>
            <input {...radio} /> {FORMAT_LABELS[radio.value as keyof typeof FORMAT_LABELS]}
          </label>
        ))}
        <FieldError meta={fields.format} />
      </fieldset>
      <div className="form-field">
        <label htmlFor={fields.printSize.id}>Print size (prints)</label>
        <select key={sizeKey} {...size}>
          <option value="">—</option>
          {PRINT_SIZES.map((s) => (
            <option key={s} value={s}>
              {s === '50x70' ? '50×70 cm' : s}
            </option>
          ))}
        </select>
        <FieldError meta={fields.printSize} />
      </div>
      <div className="form-field">
        <label htmlFor={fields.taxCategory.id}>Tax category</label>
        <select key={taxKey} {...tax}>
          {variant ? null : <option value="">{automaticCategory(kind)}</option>}
          {TAX_CATEGORIES.map((c) => (
            <option key={c} value={c}>
              {TAX_CATEGORY_LABELS[c]}
            </option>
          ))}
        </select>
        <p id={taxHint} className="field-hint">
          Decides the VAT rate in each country (printed matter has a reduced rate in many).
        </p>
        <FieldError meta={fields.taxCategory} />
      </div>
      <div className="cluster">
        <ConformField meta={fields.price} label="Price" inputMode="decimal" hint="Like 24.00" />
        <ConformField meta={fields.compareAtPrice} label="Former price (optional)" inputMode="decimal" hint="Shown struck through" />
        <ConformField meta={fields.weightGrams} label="Weight in grams" inputMode="numeric" hint="Packed; not for digital files" />
        <ConformField meta={fields.lowStockThreshold} label="“Only N left” from" inputMode="numeric" />
      </div>
      <div className="cluster">
        <div className="form-field">
          <label htmlFor={fields.fulfilment.id}>Made and shipped</label>
          <select key={fulfilmentKey} {...fulfilment}>
            {FULFILMENTS.map((f) => (
              <option key={f} value={f}>
                {FULFILMENT_LABELS[f]}
              </option>
            ))}
          </select>
          <FieldError meta={fields.fulfilment} />
        </div>
        <ConformField
          meta={fields.providerProductId}
          label="Provider product id"
          maxLength={200}
          autoComplete="off"
          spellCheck={false}
          hint="The print provider’s product (Gelato’s productUid) for this size and paper; needed when the provider makes it"
        />
      </div>
      <div className="cluster">
        <ConformField
          meta={fields.creditsPrice}
          label="Price in credits (optional)"
          inputMode="numeric"
          hint="Digital files only: what they cost paid with print credits. Blank: 1 credit"
        />
        {packField ? (
          <ConformField
            meta={fields.grantsCredits}
            label="Credit pack: grants N credits (optional)"
            inputMode="numeric"
            hint="Digital, not personalised: paying for it adds that many print credits; no file is made"
          />
        ) : null}
      </div>
      <FormErrors form={form} hidden={packField ? [fields.variantId] : [fields.variantId, fields.grantsCredits]} />
      <SubmitButton name="intent" value={VARIANT_INTENT} busyText="Saving…">
        {variant ? 'Save option' : 'Add option'}
      </SubmitButton>
    </Form>
  );
}
