// The order page's refund forms: a refund by line items or by a custom amount, and "Start again"
// beside a refund whose workflow did not start.
import { useMemo } from 'react';
import { getCollectionProps, getFormProps, getInputProps } from '@conform-to/react';
import { Form } from '@remix-run/react';
import { ConformField, FieldError, FormErrors, useFormAnswer, useSchemaForm } from '#app/components/admin/form-parts.tsx';
import { Price } from '#app/components/price.tsx';
import { SubmitButton } from '#app/components/submit-button.tsx';
import { refundQuantityField, refundRestockField, refundSchema, restartRefundSchema } from '#core/schemas/admin-order.ts';
import { ORDER_INTENTS } from './order-intents.ts';

export interface RefundFormProps {
  items: Array<{ id: number; productTitle: string; variantTitle: string; quantity: number; refundedQuantity: number; format: string }>;
  /** The order's shipping charge (minor units); 0 when there was none. */
  shipping: number;
  currency: string;
}

const KIND_LABELS = { items: 'Line items', amount: 'A custom amount' } as const;

/** What may be refunded is checked on the server under the order's lock; "too much" comes back by the amount. */
export function RefundForm({ items, shipping, currency }: RefundFormProps) {
  // The schema has a quantity field per item: made again only when the items change.
  const itemIds = items.map((i) => i.id).join(',');
  const schema = useMemo(() => refundSchema(itemIds.split(',').filter(Boolean).map(Number)), [itemIds]);
  const [form, fields] = useSchemaForm({
    id: 'refund',
    schema,
    answer: useFormAnswer(ORDER_INTENTS.refund),
    defaultValue: { kind: 'items' },
  });
  const { key: shippingKey, ...shippingBox } = getInputProps(fields.shipping, { type: 'checkbox' });
  return (
    <Form method="post" className="stack" {...getFormProps(form)}>
      <fieldset className="stack">
        <legend>Refund by</legend>
        {getCollectionProps(fields.kind, { type: 'radio', options: ['items', 'amount'] }).map(({ key, ...radio }) => (
          <label key={key}>
            <input {...radio} /> {KIND_LABELS[radio.value as keyof typeof KIND_LABELS]}
          </label>
        ))}
        <FieldError meta={fields.kind} />
      </fieldset>
      {items.map((i) => (
        <div key={i.id} className="stack">
          <ConformField
            // conform's fields answer for any name; the index type only says a key may be missing.
            meta={fields[refundQuantityField(i.id)]!}
            type="number"
            label={`${i.productTitle} — ${i.variantTitle}: how many to refund (of ${i.quantity - i.refundedQuantity})`}
            min={0}
            max={i.quantity}
            inputMode="numeric"
          />
          {i.format === 'digital' ? null : <RestockBox meta={fields[refundRestockField(i.id)]!} />}
        </div>
      ))}
      {shipping > 0 ? (
        <div className="form-field">
          <label>
            <input key={shippingKey} {...shippingBox} /> Refund shipping (<Price amount={shipping} currency={currency} />)
          </label>
          <FieldError meta={fields.shipping} />
        </div>
      ) : null}
      <ConformField meta={fields.amount} label="Custom amount" inputMode="decimal" placeholder="12.50" />
      <ConformField meta={fields.reason} label="Reason (the customer sees it)" />
      <FormErrors form={form} />
      <SubmitButton name="intent" value={ORDER_INTENTS.refund} variant="secondary" busyText="Refunding…">
        Refund
      </SubmitButton>
    </Form>
  );
}

/** "Back to stock" for a physical line: the refunded items return to the shelf when the refund succeeds. */
function RestockBox({ meta }: { meta: Parameters<typeof getInputProps>[0] }) {
  const { key, ...box } = getInputProps(meta, { type: 'checkbox' });
  return (
    <label>
      <input key={key} {...box} /> Put the refunded items back in stock
    </label>
  );
}

/** Starts refund-<id> again for a refund left 'requested' (Temporal did not answer when it was recorded). */
export function RestartRefundForm({ refundId }: { refundId: number }) {
  const answer = useFormAnswer(ORDER_INTENTS.restartRefund, (a) => a.result.initialValue?.refundId === String(refundId));
  const [form, fields] = useSchemaForm({ id: `restart-refund-${refundId}`, schema: restartRefundSchema, answer });
  return (
    <Form method="post" className="inline-form" {...getFormProps(form)}>
      <input type="hidden" name="refundId" value={refundId} />{' '}
      <SubmitButton name="intent" value={ORDER_INTENTS.restartRefund} variant="secondary">
        Start again
      </SubmitButton>
      <FormErrors form={form} hidden={[fields.refundId]} />
    </Form>
  );
}
