import { getFormProps, getInputProps, useForm } from '@conform-to/react';
import { parseWithZod } from '@conform-to/zod/v4';
import type { FetcherWithComponents } from '@remix-run/react';
import { FormErrors } from '#app/components/form-errors.tsx';
import type { CartLineView } from '#app/utils/cart.server.ts';
import type { action, CartFormReply } from '#app/routes/cart.tsx';
import type { SerializeFrom } from '@remix-run/node';
import { cartIntents, removeCartItemSchema } from '#core/schemas/cart.ts';

/** The fetcher's key: while it is in flight the line is hidden and the header count lowered (optimistic UI). */
export const removeItemFetcherKey = (itemId: number) => `remove-${itemId}`;

/** "Remove" for one cart line; the line owns the fetcher, because it hides itself while the removal runs. */
export function RemoveItemForm({
  line,
  fetcher,
  lastResult,
}: {
  line: CartLineView;
  fetcher: FetcherWithComponents<SerializeFrom<typeof action>>;
  lastResult?: CartFormReply['result'];
}) {
  const [form, fields] = useForm({
    id: `remove-item-${line.id}`,
    lastResult: fetcher.data?.result ?? lastResult,
    defaultValue: { itemId: String(line.id) },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: removeCartItemSchema }),
  });
  return (
    <fetcher.Form method="post" action="/cart" className="cart-item__remove" {...getFormProps(form)}>
      <input type="hidden" name="intent" value={cartIntents.removeItem} />
      <input {...getInputProps(fields.itemId, { type: 'hidden' })} />
      <input type="hidden" name="countDelta" value={-line.quantity} />
      <button type="submit" className="btn btn-link">
        Remove<span className="visually-hidden"> {line.productTitle}</span>
      </button>
      <FormErrors id={form.errorId} errors={form.errors ?? fields.itemId.errors} />
    </fetcher.Form>
  );
}
