// The cart's claim on an order number: the only code that writes carts.checkout_order_number.
// A cart has at most one checkout at a time. Its order number is claimed when checkout starts (two tabs
// or a double submit get the same one), forgotten when the cart's content changes or its checkout ends
// without payment (the next checkout starts a new order), and closes the cart when that order is paid.
import { randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { makeOrderNumber } from '#core/order-number.ts';
import { Cart } from '#db/entities/cart.ts';

/** Gives the cart an order number once and returns it (the existing one when already claimed). */
export async function claimOrderNumber(em: EntityManager, cartId: number, prefix: string, now = new Date()): Promise<string> {
  const candidate = makeOrderNumber(prefix, now.getUTCFullYear(), randomBytes(5));
  const rows = await em
    .getConnection()
    .execute<{ checkout_order_number: string }[]>(
      `update carts set checkout_order_number = coalesce(checkout_order_number, ?), updated_at = now() where id = ? returning checkout_order_number`,
      [candidate, cartId],
      'all',
      em.getTransactionContext(),
    );
  const claimed = rows[0]?.checkout_order_number;
  if (!claimed) throw new Error(`cart ${cartId} vanished`);
  return claimed;
}

/** The checkout of `orderNumber` ended without payment: the cart is free for a new order (unless it already moved on). */
export async function releaseOrderNumber(em: EntityManager, cartId: number, orderNumber: string): Promise<void> {
  await em.nativeUpdate(Cart, { id: cartId, checkoutOrderNumber: orderNumber }, { checkoutOrderNumber: null });
}

/** The order claimed by the cart is paid: the cart is done (a cart that moved on to another order is left alone). */
export async function closePaidCart(em: EntityManager, cartId: number, orderNumber: string): Promise<void> {
  await em.nativeUpdate(Cart, { id: cartId, checkoutOrderNumber: orderNumber }, { status: 'checked_out' });
}

/** The cart's content changed (saved with the cart): whatever checkout was running was for the old content. */
export function forgetOrderNumber(cart: Cart): void {
  cart.checkoutOrderNumber = null;
}
