// The cart page's read of the open cart: one plain query for the cart, its lines, their variants and products and each
// product's first photo. The page only reads, so no entities are built or tracked; the cart's actions load the Cart
// entity (loadCart) to change it. The cart read is the one loadCart would load: the account's newest active cart when
// signed in, else the guest cookie's.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Personalisation } from '#core/design/themes.ts';
import type { Product, Variant } from '#db/entities/product.ts';
import { readCartToken } from './cart.server.ts';
import { getUser } from './session.server.ts';

/** What the cart's views read of a line (the same fields as a CartItem with its variant and product). */
export interface CartLineSource {
  id: number;
  quantity: number;
  personalisation: Personalisation | null;
  priceSeen: number | null;
  variant: Pick<
    Variant,
    | 'id'
    | 'title'
    | 'format'
    | 'printSize'
    | 'price'
    | 'taxCategory'
    | 'active'
    | 'trackInventory'
    | 'onHand'
    | 'reserved'
    | 'lowStockThreshold'
    | 'creditsPrice'
    | 'grantsCredits'
  > & { product: Pick<Product, 'slug' | 'title' | 'art' | 'status'> };
  /** The product's first photo, if it has one. */
  photo: { storageKey: string; alt: string } | null;
}

/** The open cart as the cart page shows it. */
export interface CartContents {
  user: { id: number } | null;
  checkoutOrderNumber: string | null;
  pointsToUse: number;
  payWithCredits: boolean;
  lines: CartLineSource[];
}

interface Row {
  user_id: number | null;
  checkout_order_number: string | null;
  points_to_use: number;
  pay_with_credits: boolean;
  id: number | null;
  quantity: number;
  personalisation: Personalisation | null;
  price_seen: number | null;
  variant_id: number;
  variant_title: string;
  format: Variant['format'];
  print_size: Variant['printSize'];
  price: number;
  tax_category: Variant['taxCategory'];
  active: boolean;
  track_inventory: boolean;
  on_hand: number;
  reserved: number;
  low_stock_threshold: number;
  credits_price: number | null;
  grants_credits: number | null;
  slug: string;
  product_title: string;
  art: Product['art'];
  product_status: Product['status'];
  photo_key: string | null;
  photo_alt: string | null;
}

/** The cart's row once, then one row per line (none: a cart row with null line columns), lines in the order they were added. */
const cartQuery = (openCart: string) =>
  `select c.user_id, c.checkout_order_number, c.points_to_use, c.pay_with_credits,
          ci.id, ci.quantity, ci.personalisation, ci.price_seen,
          v.id as variant_id, v.title as variant_title, v.format, v.print_size, v.price, v.tax_category, v.active,
          v.track_inventory, v.on_hand, v.reserved, v.low_stock_threshold, v.credits_price, v.grants_credits,
          p.slug, p.title as product_title, p.art, p.status as product_status,
          photo.storage_key as photo_key, photo.alt as photo_alt
     from carts c
     left join cart_items ci on ci.cart_id = c.id
     left join product_variants v on v.id = ci.variant_id
     left join products p on p.id = v.product_id
     left join lateral (
       select pi.storage_key, pi.alt from product_images pi where pi.product_id = p.id order by pi.position, pi.id limit 1
     ) photo on true
    where c.id = (select id from carts where ${openCart} limit 1)
    order by ci.id`;

const ACCOUNT_CART = cartQuery(`user_id = ? and status = 'active' order by id desc`);
const GUEST_CART = cartQuery(`token = ? and status = 'active' and user_id is null`);

function lineOf(r: Row & { id: number }): CartLineSource {
  return {
    id: r.id,
    quantity: r.quantity,
    personalisation: r.personalisation,
    priceSeen: r.price_seen,
    variant: {
      id: r.variant_id,
      title: r.variant_title,
      format: r.format,
      printSize: r.print_size,
      price: r.price,
      taxCategory: r.tax_category,
      active: r.active,
      trackInventory: r.track_inventory,
      onHand: r.on_hand,
      reserved: r.reserved,
      lowStockThreshold: r.low_stock_threshold,
      creditsPrice: r.credits_price,
      grantsCredits: r.grants_credits,
      product: { slug: r.slug, title: r.product_title, art: r.art, status: r.product_status },
    },
    photo: r.photo_key === null ? null : { storageKey: r.photo_key, alt: r.photo_alt ?? '' },
  };
}

/** The visitor's open cart with its lines, or null when there is none. */
export async function readCart(em: EntityManager, request: Request): Promise<CartContents | null> {
  const user = await getUser(request);
  const token = user ? null : await readCartToken(request);
  if (!user && !token) return null;
  const rows = await em.getConnection().execute<Row[]>(user ? ACCOUNT_CART : GUEST_CART, [user ? user.id : token]);
  const first = rows[0];
  if (!first) return null;
  return {
    user: first.user_id === null ? null : { id: first.user_id },
    checkoutOrderNumber: first.checkout_order_number,
    pointsToUse: first.points_to_use,
    payWithCredits: first.pay_with_credits,
    lines: rows.filter((r): r is Row & { id: number } => r.id !== null).map(lineOf),
  };
}
