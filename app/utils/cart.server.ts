// The server-side cart: a signed cookie identifies a guest's cart; a signed-in customer's cart is the
// account's (so it follows them across devices).
import { createCookie } from '@remix-run/node';
import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import type { Personalisation } from '#core/design/themes.ts';
import { priceCart, MAX_QUANTITY, type CartTotals } from '#core/pricing.ts';
import { personalisationKey } from '#core/schemas/personalisation.ts';
import { blocksCheckout, cartLineNotice, cartProblemText, type CartLineNotice } from '#core/cart-check.ts';
import { availableOf } from '#core/stock.ts';
import type { TaxCategory } from '#core/tax.ts';
import { Cart, CartItem } from '#db/entities/cart.ts';
import { Variant } from '#db/entities/product.ts';
import { User } from '#db/entities/user.ts';
import { getEnv } from '#server/env.server.ts';
import { photoUrl } from '#server/catalog/product-photos.server.ts';
import { forgetOrderNumber } from '#server/checkout/order-number-claim.server.ts';
import type { CartContents, CartLineSource } from './cart-read.server.ts';
import { getSignedIn, getUser } from './session.server.ts';

let cookie: ReturnType<typeof createCookie> | undefined;
function cartCookie() {
  const env = getEnv();
  cookie ??= createCookie(env.APP_URL.startsWith('https:') ? '__Host-atelier_cart' : 'atelier_cart', {
    secrets: [env.SESSION_SECRET],
    httpOnly: true,
    sameSite: 'lax',
    secure: env.APP_URL.startsWith('https:'),
    path: '/',
    maxAge: 60 * 60 * 24 * 90,
  });
  return cookie;
}

export async function readCartToken(request: Request): Promise<string | null> {
  const value: unknown = await cartCookie().parse(request.headers.get('Cookie'));
  return typeof value === 'string' && /^[0-9a-f-]{36}$/.test(value) ? value : null;
}

/**
 * The open cart is `active`: an idle one stays active ("abandoned" is only how long it has been untouched,
 * CART_IDLE_HOURS, for whatever reports it), so it is there on its owner's next visit. `abandoned` is a
 * guest cart merged into an account at sign-in: dead, even if its cookie comes back. With several, the newest.
 */
const OPEN_CART_ORDER = { id: 'desc' } as const;

/** The open cart: the account's when signed in, else the one in the guest cookie. */
export async function loadCart(em: EntityManager, request: Request): Promise<Cart | null> {
  const user = await getUser(request);
  if (user) return em.findOne(Cart, { user: user.id, status: 'active' }, { populate: ['items.variant.product'], orderBy: OPEN_CART_ORDER });
  const token = await readCartToken(request);
  if (!token) return null;
  return em.findOne(Cart, { token, status: 'active', user: null }, { populate: ['items.variant.product'] });
}

/** The active cart, created when missing; `setCookie` is the header to send when a guest cart is new. */
export async function loadOrCreateCart(em: EntityManager, request: Request): Promise<{ cart: Cart; setCookie: string | null }> {
  const existing = await loadCart(em, request);
  if (existing) return { cart: existing, setCookie: null };
  const user = await getUser(request);
  const cart = new Cart();
  if (user) {
    cart.user = em.getReference(User, user.id);
    cart.email = user.email;
    await em.persistAndFlush(cart);
    return { cart, setCookie: null };
  }
  await em.persistAndFlush(cart);
  return { cart, setCookie: await cartCookie().serialize(cart.token) };
}

/**
 * At sign-in: the guest cart of this browser joins the account's active cart (same variant and
 * personalisation → quantities add, up to the maximum), in one transaction. Returns the header that
 * clears the guest cookie, or null when there was no guest cart.
 */
export async function mergeGuestCartIntoAccount(em: EntityManager, request: Request, userId: number): Promise<string | null> {
  const token = await readCartToken(request);
  if (!token) return null;
  await em.transactional(async (tx) => {
    const guest = await tx.findOne(Cart, { token, status: 'active', user: null }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!guest) return;
    await tx.populate(guest, ['items.variant']);
    if (guest.items.length === 0) {
      guest.status = 'abandoned';
      return;
    }
    const target = await tx.findOne(
      Cart,
      { user: userId, status: 'active' },
      { orderBy: OPEN_CART_ORDER, lockMode: LockMode.PESSIMISTIC_WRITE },
    );
    if (!target) {
      // The guest cart simply becomes the account's.
      guest.user = tx.getReference(User, userId);
      guest.email = null;
      touch(guest);
      return;
    }
    await tx.populate(target, ['items.variant']);
    for (const line of guest.items.getItems()) {
      const same = target.items
        .getItems()
        .find((i) => i.variant.id === line.variant.id && i.personalisationKey === line.personalisationKey);
      if (same) {
        same.quantity = Math.min(MAX_QUANTITY, same.quantity + line.quantity);
        tx.remove(line);
      } else {
        line.cart = target;
      }
    }
    guest.status = 'abandoned';
    touch(target);
  });
  return cartCookie().serialize('', { maxAge: 0 });
}

export type CartChange = { ok: true } | { ok: false; field: string; message: string };

function touch(cart: Cart) {
  cart.lastActivityAt = new Date();
  forgetOrderNumber(cart);
}

export async function addToCart(
  em: EntityManager,
  cart: Cart,
  variantId: number,
  quantity: number,
  personalisation: Personalisation | null,
): Promise<CartChange> {
  const variant = await em.findOne(Variant, { id: variantId, active: true }, { populate: ['product'] });
  if (!variant || variant.product.status !== 'active') return { ok: false, field: 'variantId', message: 'That option is not available' };
  if (variant.product.personalisable && !personalisation) {
    return { ok: false, field: 'title', message: 'Personalise your print first' };
  }
  const key = variant.product.personalisable ? personalisationKey(personalisation) : '';
  const line = cart.items.getItems().find((i) => i.variant.id === variant.id && i.personalisationKey === key);
  // The live level: the cart asks for no more than is left (checkout reserves it under the row lock).
  const left = availableOf(variant);
  if (left !== null) {
    const inCart = cart.items.getItems().reduce((n, i) => n + (i.variant.id === variant.id ? i.quantity : 0), 0);
    if (left === 0) return { ok: false, field: 'variantId', message: `${variant.title} is sold out` };
    if (inCart + quantity > left) {
      return {
        ok: false,
        field: 'quantity',
        message: `Only ${left} left${inCart ? ` (${inCart} already in your cart)` : ''}`,
      };
    }
  }
  if (line) {
    if (line.quantity + quantity > MAX_QUANTITY) {
      return {
        ok: false,
        field: 'quantity',
        message: `You can have at most ${MAX_QUANTITY} of one item (${line.quantity} already in your cart)`,
      };
    }
    line.quantity += quantity;
    // Added again from the product page: the price on it is the one seen now.
    line.priceSeen = variant.price;
  } else {
    const item = new CartItem(cart, variant, quantity);
    item.priceSeen = variant.price;
    item.personalisation = variant.product.personalisable ? personalisation : null;
    item.personalisationKey = key;
    cart.items.add(item);
  }
  touch(cart);
  await em.flush();
  return { ok: true };
}

export async function updateCartItem(em: EntityManager, cart: Cart, itemId: number, quantity: number): Promise<CartChange> {
  const line = cart.items.getItems().find((i) => i.id === itemId);
  if (!line) return { ok: false, field: 'itemId', message: 'That item is no longer in your cart' };
  line.quantity = quantity;
  // Changed beside the cart's price notice: the price shown is the one accepted.
  line.priceSeen = line.variant.price;
  touch(cart);
  await em.flush();
  return { ok: true };
}

export async function removeCartItem(em: EntityManager, cart: Cart, itemId: number): Promise<CartChange> {
  const line = cart.items.getItems().find((i) => i.id === itemId);
  if (line) {
    cart.items.remove(line);
    em.remove(line);
  }
  touch(cart);
  await em.flush();
  return { ok: true };
}

export interface CartLineView {
  id: number;
  variantId: number;
  productSlug: string;
  productTitle: string;
  variantTitle: string;
  format: Variant['format'];
  printSize: Variant['printSize'];
  art: string | null;
  unitPrice: number;
  quantity: number;
  lineTotal: number;
  personalisation: Personalisation | null;
  /** Which VAT rate applies to it (the cart's estimate). */
  taxCategory: TaxCategory;
  /** The product's first photo, when its images were loaded (the cart page); else the drawing is shown. */
  photo: { src: string; alt: string } | null;
  /** What changed since the line was added (price, stock, archived); see core/cart-check.ts. */
  notice: CartLineNotice | null;
}

export interface CartView {
  lines: CartLineView[];
  totals: CartTotals;
  /** Lines that keep the cart from checking out, in words ("Stoneware Mug (Midnight blue) is sold out."). */
  problems: string[];
}

/**
 * What this cart's own open checkout holds, by variant (its order's reservations, net of releases and sales):
 * stock the cart's lines may count as theirs, so a customer back from the payment page is not told "sold out".
 */
export async function heldByOwnCheckout(em: EntityManager, cart: Pick<Cart, 'checkoutOrderNumber'> | null): Promise<Map<number, number>> {
  if (!cart?.checkoutOrderNumber) return new Map();
  const rows = await em.getConnection().execute<Array<{ variant_id: number; held: number }>>(
    `select variant_id, sum(reserved_delta)::int as held
         from stock_movements where order_number = ? and kind in ('reserved', 'released', 'sold') group by variant_id`,
    [cart.checkoutOrderNumber],
  );
  return new Map(rows.filter((r) => r.held > 0).map((r) => [r.variant_id, r.held]));
}

/** The cart's lines: those read for the cart page (cart-read.server.ts), or a loaded Cart entity's. */
export function cartLines(cart: Cart | CartContents | null): Array<CartItem | CartLineSource> {
  if (!cart) return [];
  return 'lines' in cart ? cart.lines : cart.items.getItems();
}

export function viewCart(cart: Cart | CartContents | null, ownHeld: Map<number, number> = new Map()): CartView {
  const env = getEnv();
  const lines: CartLineView[] = cartLines(cart).map((i) => ({
    id: i.id,
    variantId: i.variant.id,
    productSlug: i.variant.product.slug,
    productTitle: i.variant.product.title,
    variantTitle: i.variant.title,
    format: i.variant.format,
    printSize: i.variant.printSize,
    art: i.variant.product.art,
    unitPrice: i.variant.price,
    quantity: i.quantity,
    lineTotal: i.variant.price * i.quantity,
    personalisation: i.personalisation,
    taxCategory: i.variant.taxCategory,
    photo: 'photo' in i ? photoView(i.photo) : firstPhoto(i.variant.product),
    notice: cartLineNotice({
      onSale: i.variant.active && i.variant.product.status === 'active',
      left: leftFor(i.variant, ownHeld),
      quantity: i.quantity,
      price: i.variant.price,
      priceSeen: i.priceSeen,
    }),
  }));
  const totals = priceCart(
    lines.map((l) => ({ unitPrice: l.unitPrice, quantity: l.quantity, format: l.format })),
    env.SHOP_CURRENCY,
    { flatRate: env.SHIPPING_FLAT_RATE, freeFrom: env.SHIPPING_FREE_FROM },
  );
  const problems = lines
    .filter((l) => blocksCheckout(l.notice))
    .map((l) => cartProblemText(`${l.productTitle} (${l.variantTitle})`, l.notice!));
  return { lines, totals, problems };
}

function firstPhoto(product: Variant['product']): CartLineView['photo'] {
  return photoView(product.images.isInitialized() ? product.images.getItems()[0] : undefined);
}

function photoView(image: { storageKey: string; alt: string } | null | undefined): CartLineView['photo'] {
  return image ? { src: photoUrl(image.storageKey, 'thumb'), alt: image.alt } : null;
}

function leftFor(variant: CartLineSource['variant'], ownHeld: Map<number, number>): number | null {
  const left = availableOf(variant);
  return left === null ? null : left + (ownHeld.get(variant.id) ?? 0);
}

/**
 * The number of items in the cart loadCart would load (the same choice, in one query: every page's header asks). A
 * signed-in visitor's comes with their session (session.server.ts).
 */
export async function cartItemCount(em: EntityManager, request: Request): Promise<number> {
  const signedIn = await getSignedIn(request);
  if (signedIn) return signedIn.cartItems;
  const token = await readCartToken(request);
  if (!token) return 0;
  const rows = await em.getConnection().execute<{ n: string | null }[]>(
    `select sum(ci.quantity) as n from cart_items ci
        where ci.cart_id = (select id from carts where token = ? and user_id is null and status = 'active' order by id desc limit 1)`,
    [token],
  );
  return Number(rows[0]?.n ?? 0);
}
