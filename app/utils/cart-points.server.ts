// The cart's loyalty points offer (what a signed-in customer may spend on this checkout) and saving their choice.
import type { EntityManager } from '@mikro-orm/postgresql';
import { pointsToSpend } from '#core/ledger.ts';
import { lineTotal } from '#core/pricing.ts';
import type { PointsOffer } from '#core/points-choice.ts';
import type { Cart } from '#db/entities/cart.ts';
import { forgetOrderNumber } from '#server/checkout/order-number-claim.server.ts';
import type { Env } from '#server/env.server.ts';
import { maybeOne } from '#server/ledger/ledger.server.ts';
import { releaseSupersededPoints } from '#server/ledger/points-spending.server.ts';

/** What the cart's customer can spend: null for a guest, or a customer without points who has chosen none. */
export async function pointsOffer(
  em: EntityManager,
  cart: Cart | null,
  env: Pick<Env, 'POINT_VALUE' | 'SHOP_CURRENCY'>,
): Promise<PointsOffer | null> {
  if (!cart?.user) return null;
  const row = await maybeOne<{ available: number }>(em, `select available from ledger_accounts where customer_id = ? and kind = 'points'`, [
    cart.user.id,
  ]);
  const available = row?.available ?? 0;
  if (available === 0 && cart.pointsToUse === 0) return null;
  const goods = cart.items
    .getItems()
    .reduce((s, i) => s + lineTotal({ unitPrice: i.variant.price, quantity: i.quantity, format: i.variant.format }), 0);
  const maxUsable = pointsToSpend(available, available, goods, env.POINT_VALUE);
  return {
    available,
    maxUsable,
    selected: Math.min(cart.pointsToUse, maxUsable),
    pointValue: env.POINT_VALUE,
    currency: env.SHOP_CURRENCY,
  };
}

/**
 * Saves the points to use on the cart. A different choice is a different order: the checkout claimed for the old one
 * is forgotten (the next starts a new order) and the points it held come back at once.
 */
export async function savePointsChoice(em: EntityManager, cart: Cart, points: number): Promise<void> {
  if (cart.pointsToUse === points) return;
  const previous = cart.checkoutOrderNumber;
  cart.pointsToUse = points;
  forgetOrderNumber(cart);
  await em.flush();
  if (previous) await releaseSupersededPoints(em.fork(), previous);
}
