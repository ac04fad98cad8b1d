import { getFormProps, getInputProps, useForm } from '@conform-to/react';
import { parseWithZod } from '@conform-to/zod/v4';
import { useFetcher } from '@remix-run/react';
import { FieldError } from '#app/components/field.tsx';
import { SubmitButton } from '#app/components/submit-button.tsx';
import type { CartLineView } from '#app/utils/cart.server.ts';
import type { action, CartFormReply } from '#app/routes/cart.tsx';
import { cartIntents, updateCartItemSchema } from '#core/schemas/cart.ts';
import { MAX_QUANTITY, MIN_QUANTITY } from '#core/pricing.ts';

/** The fetcher's key: the cart page reads in-flight quantities from it (optimistic totals). */
export const updateQuantityFetcherKey = (itemId: number) => `update-${itemId}`;

/**
 * A cart line's quantity. With JavaScript it posts through a fetcher and the page shows the new totals at
 * once; without, the page posts and comes back (the answer to a refused quantity is `lastResult`).
 */
export function UpdateQuantityForm({ line, lastResult }: { line: CartLineView; lastResult?: CartFormReply['result'] }) {
  const fetcher = useFetcher<typeof action>({ key: updateQuantityFetcherKey(line.id) });
  const [form, fields] = useForm({
    id: `update-quantity-${line.id}`,
    lastResult: fetcher.data?.result ?? lastResult,
    defaultValue: { itemId: String(line.id), quantity: String(line.quantity) },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: updateCartItemSchema }),
    shouldRevalidate: 'onInput',
  });
  // The quantity is the only field a person sees: a stale line or an expired cart is said next to it too.
  const error = fields.quantity.errors?.[0] ?? fields.itemId.errors?.[0] ?? form.errors?.[0];
  const errorId = fields.quantity.errorId;
  return (
    <fetcher.Form method="post" action="/cart" className="cart-item__qty" {...getFormProps(form)}>
      <input type="hidden" name="intent" value={cartIntents.updateQuantity} />
      <input {...getInputProps(fields.itemId, { type: 'hidden' })} />
      <label htmlFor={fields.quantity.id}>Quantity</label>
      <input
        {...getInputProps(fields.quantity, { type: 'number', ariaAttributes: false })}
        className="qty-input"
        min={MIN_QUANTITY}
        max={MAX_QUANTITY}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
      />
      <input type="hidden" name="countDelta" value="0" />
      <SubmitButton variant="secondary" className="btn-small" busy={fetcher.state !== 'idle'}>
        Update
      </SubmitButton>
      <FieldError id={errorId} error={error} />
    </fetcher.Form>
  );
}
