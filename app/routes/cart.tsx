import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, json, redirect, useFetcher, useActionData, useFetchers, useLoaderData, useSearchParams } from '@remix-run/react';
import { Price } from '#app/components/price.tsx';
import { ProductImage } from '#app/components/product-image.tsx';
import { SubmitButton } from '#app/components/submit-button.tsx';
import { loadCart, removeCartItem, updateCartItem, viewCart, type CartLineView } from '#app/utils/cart.server.ts';
import { db } from '#server/db.server.ts';
import { getEnv } from '#server/env.server.ts';
import { formatPrintDate } from '#core/design/print-design.tsx';
import { priceCart } from '#core/pricing.ts';
import { removeCartItemSchema, updateCartItemSchema } from '#core/schemas/cart.ts';
import { parseForm } from '#core/schemas/form.ts';

export async function loader({ request }: LoaderFunctionArgs) {
  const cart = await loadCart(await db(), request);
  const env = getEnv();
  return json({ ...viewCart(cart), shipping: { flatRate: env.SHIPPING_FLAT_RATE, freeFrom: env.SHIPPING_FREE_FROM } });
}

export async function action({ request }: ActionFunctionArgs) {
  const em = await db();
  const form = await request.formData();
  const intent = form.get('intent');
  const cart = await loadCart(em, request);
  if (!cart) return json({ ok: false, itemId: null, error: 'Your cart has expired. Please add the items again.' }, { status: 400 });
  // Bad input is answered next to the field with what was typed (value), in one shape for every branch.
  if (intent === 'update') {
    const parsed = parseForm(updateCartItemSchema, form);
    if (!parsed.ok) {
      return json({ ok: false, itemId: Number(form.get('itemId')), error: parsed.errors.quantity ?? parsed.errors.itemId ?? 'Invalid quantity', value: parsed.values.quantity }, { status: 400 });
    }
    const result = await updateCartItem(em, cart, parsed.data.itemId, parsed.data.quantity);
    if (!result.ok) return json({ ok: false, itemId: parsed.data.itemId, error: result.message }, { status: 400 });
  } else if (intent === 'remove') {
    const parsed = parseForm(removeCartItemSchema, form);
    if (!parsed.ok) return json({ ok: false, itemId: null, error: 'That item is no longer in your cart' }, { status: 400 });
    await removeCartItem(em, cart, parsed.data.itemId);
  } else {
    return json({ ok: false, itemId: null, error: 'Unknown action' }, { status: 400 });
  }
  // Without JavaScript: back to the cart page (POST/redirect/GET). Fetchers just revalidate.
  // (Remix strips `?_data` before the action runs, so tell a browser's own form post by its headers.)
  if (request.headers.get('Sec-Fetch-Mode') === 'navigate' || /\btext\/html\b/.test(request.headers.get('Accept') ?? '')) {
    return redirect('/cart', 303);
  }
  return json({ ok: true, itemId: null, error: null });
}

export const meta: MetaFunction = () => [{ title: 'Your cart — Atelier' }];

function LineItem({ line, onError, typed }: { line: CartLineView; onError?: string | null; typed?: string }) {
  const update = useFetcher<typeof action>({ key: `update-${line.id}` });
  const remove = useFetcher<typeof action>({ key: `remove-${line.id}` });
  if (remove.state !== 'idle') return null; // optimistic removal
  const error = (update.data && !update.data.ok ? update.data.error : null) ?? onError;
  const p = line.personalisation;
  return (
    <li className="cart-item" data-testid="cart-item">
      <div className="cart-item__thumb">
        <ProductImage kind={line.art ? 'good' : 'print'} art={(line.art as 'frame') ?? null} printSize={line.printSize} personalisation={p} className="poster-thumb" />
      </div>
      <div>
        <h2 className="cart-item__title">
          <Link to={`/products/${line.productSlug}`}>{line.productTitle}</Link>
        </h2>
        <p className="muted">{line.variantTitle}</p>
        {p ? (
          <dl className="cart-item__summary">
            <dt>Title</dt>
            <dd>{p.title}</dd>
            {p.subtitle ? (
              <>
                <dt>Subtitle</dt>
                <dd>{p.subtitle}</dd>
              </>
            ) : null}
            <dt>Place</dt>
            <dd>{p.place}</dd>
            <dt>Date</dt>
            <dd>{formatPrintDate(p.date)}</dd>
          </dl>
        ) : null}
      </div>
      <update.Form method="post" className="cart-item__qty" action="/cart" noValidate>
        <input type="hidden" name="intent" value="update" />
        <input type="hidden" name="itemId" value={line.id} />
        <label htmlFor={`qty-${line.id}`}>Quantity</label>
        <input
          id={`qty-${line.id}`}
          className="qty-input"
          type="number"
          name="quantity"
          min={1}
          max={99}
          defaultValue={typed ?? String(line.quantity)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `qty-${line.id}-error` : undefined}
        />
        <input type="hidden" name="countDelta" value="0" />
        <SubmitButton variant="secondary" className="btn-small" busy={update.state !== 'idle'}>
          Update
        </SubmitButton>
        {error ? (
          <p className="field-error" id={`qty-${line.id}-error`}>
            {error}
          </p>
        ) : null}
      </update.Form>
      <p className="cart-item__total">
        <Price amount={line.lineTotal} currency="eur" />
      </p>
      <remove.Form method="post" action="/cart" className="cart-item__remove">
        <input type="hidden" name="intent" value="remove" />
        <input type="hidden" name="itemId" value={line.id} />
        <input type="hidden" name="countDelta" value={-line.quantity} />
        <button type="submit" className="btn btn-link">
          Remove<span className="visually-hidden"> {line.productTitle}</span>
        </button>
      </remove.Form>
    </li>
  );
}

/** Lines as they will be once the in-flight fetchers land (optimistic quantities and removals). */
function useOptimisticLines(lines: CartLineView[]): CartLineView[] {
  const inFlight = new Map(useFetchers().filter((f) => f.state !== 'idle').map((f) => [f.key, f]));
  return lines.flatMap((l) => {
    if (inFlight.has(`remove-${l.id}`)) return [];
    const q = Number(inFlight.get(`update-${l.id}`)?.formData?.get('quantity'));
    if (Number.isInteger(q) && q >= 1 && q <= 99) return [{ ...l, quantity: q, lineTotal: q * l.unitPrice }];
    return [l];
  });
}

export default function CartPage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [search] = useSearchParams();
  const lines = useOptimisticLines(data.lines);
  const totals = priceCart(lines.map((l) => ({ unitPrice: l.unitPrice, quantity: l.quantity, format: l.format })), data.totals.currency, data.shipping);
  return (
    <div className="stack">
      <h1>Your cart</h1>
      {search.get('added') ? <p className="alert alert-success" role="status">Added to your cart.</p> : null}
      {search.get('cancelled') ? (
        <p className="alert alert-info" role="status">
          Checkout was cancelled — nothing was charged. Your cart is saved.
        </p>
      ) : null}
      {lines.length === 0 ? (
        <p>
          Your cart is empty. <Link to="/">Browse the shop</Link>.
        </p>
      ) : (
        <>
          <ul className="cart-table">
            {lines.map((line) => (
              <LineItem
                key={line.id}
                line={line}
                onError={actionData && !actionData.ok && actionData.itemId === line.id ? actionData.error : null}
                typed={actionData && !actionData.ok && actionData.itemId === line.id && 'value' in actionData ? String(actionData.value ?? '') : undefined}
              />
            ))}
          </ul>
          <section className="summary" aria-label="Order summary">
            <dl>
              <dt>Subtotal</dt>
              <dd>
                <Price amount={totals.subtotal} currency={totals.currency} />
              </dd>
              {totals.needsShipping ? (
                <>
                  <dt>Shipping</dt>
                  <dd>{totals.shipping === 0 ? 'Free' : <Price amount={totals.shipping} currency={totals.currency} />}</dd>
                </>
              ) : null}
              <dt className="summary__total">Total</dt>
              <dd className="summary__total" data-testid="cart-total">
                <Price amount={totals.total} currency={totals.currency} />
              </dd>
            </dl>
            {totals.untilFreeShipping ? (
              <p className="muted">
                Spend <Price amount={totals.untilFreeShipping} currency={totals.currency} /> more on posters and goods for free shipping.
              </p>
            ) : null}
            <p className="muted">Discount codes can be entered on the payment page. Taxes are shown there.</p>
            <Form method="post" action="/checkout">
              <SubmitButton pendingAction="/checkout" busyText="Starting checkout…">
                Check out
              </SubmitButton>
            </Form>
          </section>
        </>
      )}
    </div>
  );
}
