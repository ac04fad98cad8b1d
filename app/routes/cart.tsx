import type { Submission, SubmissionResult } from '@conform-to/react';
import { parseWithZod } from '@conform-to/zod/v4';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, json, redirect, useActionData, useFetchers, useLoaderData, useSearchParams } from '@remix-run/react';
import { CartLine } from '#app/components/cart/cart-line.tsx';
import { CartSummary } from '#app/components/cart/cart-summary.tsx';
import { removeItemFetcherKey } from '#app/components/cart/remove-item-form.tsx';
import { updateQuantityFetcherKey } from '#app/components/cart/update-quantity-form.tsx';
import { readCart } from '#app/utils/cart-read.server.ts';
import {
  heldByOwnCheckout,
  loadCart,
  removeCartItem,
  updateCartItem,
  viewCart,
  type CartChange,
  type CartLineView,
} from '#app/utils/cart.server.ts';
import type { Cart } from '#db/entities/cart.ts';
import { checkoutOffers } from '#app/utils/cart-points.server.ts';
import { db } from '#server/db.server.ts';
import { getEnv } from '#server/env.server.ts';
import { taxSettings } from '#server/tax/tax-settings.server.ts';
import { estimateCartVat, type CartVatSettings } from '#core/cart-tax.ts';
import { MAX_QUANTITY, MIN_QUANTITY, priceCart } from '#core/pricing.ts';
import { cartIntents, removeCartItemSchema, updateCartItemSchema } from '#core/schemas/cart.ts';

export async function loader({ request }: LoaderFunctionArgs) {
  const em = await db();
  const cart = await readCart(em, request);
  const env = getEnv();
  const [ownHeld, offers] = await Promise.all([heldByOwnCheckout(em, cart), checkoutOffers(em, cart, env)]);
  const view = viewCart(cart, ownHeld);
  const tax = taxSettings(env);
  const vatSettings: CartVatSettings = { enabled: tax.enabled, behavior: tax.behavior, country: tax.sellerCountry };
  return json({
    ...view,
    shipping: { flatRate: env.SHIPPING_FLAT_RATE, freeFrom: env.SHIPPING_FREE_FROM },
    // VAT at the seller's country's rates until the payment page knows the customer's.
    vat: estimateCartVat(view.lines, view.totals.shipping, vatSettings),
    vatSettings,
    ...offers,
  });
}

/** What the cart's forms get back: conform's reply, for the form of this intent on this line. */
export interface CartFormReply {
  intent: (typeof cartIntents)[keyof typeof cartIntents] | null;
  itemId: number | null;
  result: SubmissionResult<string[]>;
}

const CART_EXPIRED = 'Your cart has expired. Please add the items again.';

export async function action({ request }: ActionFunctionArgs) {
  const formData = await request.formData();
  const intent = formData.get('intent');
  switch (intent) {
    case cartIntents.updateQuantity:
      return updateQuantity(request, formData);
    case cartIntents.removeItem:
      return removeItem(request, formData);
    default: {
      const result: SubmissionResult<string[]> = { status: 'error', error: { '': ['Unknown cart action'] } };
      return json({ intent: null, itemId: null, result } satisfies CartFormReply, { status: 400 });
    }
  }
}

function updateQuantity(request: Request, formData: FormData) {
  const submission = parseWithZod(formData, { schema: updateCartItemSchema });
  return changeCart(request, formData, cartIntents.updateQuantity, submission, (em, cart, { itemId, quantity }) =>
    updateCartItem(em, cart, itemId, quantity),
  );
}

function removeItem(request: Request, formData: FormData) {
  const submission = parseWithZod(formData, { schema: removeCartItemSchema });
  return changeCart(request, formData, cartIntents.removeItem, submission, (em, cart, { itemId }) => removeCartItem(em, cart, itemId));
}

/** One cart form's parsed submission applied to the visitor's cart, and answered for its line. */
async function changeCart<Value>(
  request: Request,
  formData: FormData,
  intent: CartFormReply['intent'],
  submission: Submission<unknown, string[], Value>,
  change: (em: EntityManager, cart: Cart, value: Value) => Promise<CartChange>,
) {
  const itemId = Number(formData.get('itemId')) || null;
  if (submission.status !== 'success') return json({ intent, itemId, result: submission.reply() } satisfies CartFormReply, { status: 400 });
  const em = await db();
  const cart = await loadCart(em, request);
  if (!cart)
    return json({ intent, itemId, result: submission.reply({ formErrors: [CART_EXPIRED] }) } satisfies CartFormReply, { status: 400 });
  const changed = await change(em, cart, submission.value);
  if (!changed.ok) {
    return json(
      { intent, itemId, result: submission.reply({ fieldErrors: { [changed.field]: [changed.message] } }) } satisfies CartFormReply,
      { status: 400 },
    );
  }
  return answerChange(request, { intent, itemId, result: submission.reply() });
}

/** Without JavaScript: back to the cart page (POST/redirect/GET). Fetchers get the reply and revalidate. */
function answerChange(request: Request, reply: CartFormReply) {
  // Remix strips `?_data` before the action runs, so a browser's own form post is told by its headers.
  if (request.headers.get('Sec-Fetch-Mode') === 'navigate' || /\btext\/html\b/.test(request.headers.get('Accept') ?? '')) {
    return redirect('/cart', 303);
  }
  return json(reply);
}

export const meta: MetaFunction = () => [{ title: 'Your cart — Atelier' }];

/** Lines as they will be once the in-flight fetchers land (optimistic quantities and removals); the same array when none is. */
function useOptimisticLines(lines: CartLineView[]): CartLineView[] {
  const inFlight = new Map(
    useFetchers()
      .filter((f) => f.state !== 'idle')
      .map((f) => [f.key, f]),
  );
  if (inFlight.size === 0) return lines;
  return lines.flatMap((l) => {
    if (inFlight.has(removeItemFetcherKey(l.id))) return [];
    const q = Number(inFlight.get(updateQuantityFetcherKey(l.id))?.formData?.get('quantity'));
    if (Number.isInteger(q) && q >= MIN_QUANTITY && q <= MAX_QUANTITY) return [{ ...l, quantity: q, lineTotal: q * l.unitPrice }];
    return [l];
  });
}

export default function CartPage() {
  const data = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const [search] = useSearchParams();
  const lines = useOptimisticLines(data.lines);
  const totals = priceCart(
    lines.map((l) => ({ unitPrice: l.unitPrice, quantity: l.quantity, format: l.format })),
    data.totals.currency,
    data.shipping,
  );
  // The loader's estimate; while a change is on its way, the same estimate for the lines shown.
  const vat = lines === data.lines ? data.vat : estimateCartVat(lines, totals.shipping, data.vatSettings);
  return (
    <div className="stack">
      <h1>Your cart</h1>
      {search.get('added') ? (
        <p className="alert alert-success" role="status">
          Added to your cart.
        </p>
      ) : null}
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
              <CartLine key={line.id} line={line} reply={reply} />
            ))}
          </ul>
          <CartSummary totals={totals} vat={vat} problems={data.problems} points={data.points} credits={data.credits} />
        </>
      )}
    </div>
  );
}
