// What a signed-in customer may spend on the cart's checkout (loyalty points, print credits) and saving their choice.
import type { EntityManager } from '@mikro-orm/postgresql';
import { pointsToSpend } from '#core/ledger.ts';
import { lineTotal } from '#core/pricing.ts';
import type { CreditsOffer, PointsOffer } from '#core/points-choice.ts';
import type { Cart } from '#db/entities/cart.ts';
import { forgetOrderNumber } from '#server/checkout/order-number-claim.server.ts';
import type { Env } from '#server/env.server.ts';
import { maybeOne } from '#server/ledger/ledger.server.ts';
import { Order } from '#db/entities/order.ts';
import { creditsFor, releaseOrderCredits } from '#server/ledger/credits.server.ts';
import { releaseOrderPoints } from '#server/ledger/points-spending.server.ts';

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

/** The cart's print credits: what its customer has and what its files would take; null for a guest or no credits at all. */
export async function creditsOffer(em: EntityManager, cart: Cart | null): Promise<CreditsOffer | null> {
  if (!cart?.user) return null;
  const row = await maybeOne<{ available: number }>(
    em,
    `select available from ledger_accounts where customer_id = ? and kind = 'credits'`,
    [cart.user.id],
  );
  const available = row?.available ?? 0;
  const needed = cart.items.getItems().reduce(
    (s, i) =>
      s +
      (creditsFor({
        format: i.variant.format,
        quantity: i.quantity,
        creditsPrice: i.variant.creditsPrice,
        grantsCredits: i.variant.grantsCredits,
      }) ?? 0),
    0,
  );
  if ((available === 0 && !cart.payWithCredits) || needed === 0) return null;
  return { available, needed, selected: cart.payWithCredits };
}

/**
 * Saves how the cart's customer pays: points to use, files with credits or not. A different choice is a different
 * order: the checkout claimed for the old one is forgotten (the next starts a new order) and what it held comes back.
 */
export async function saveCheckoutChoice(
  em: EntityManager,
  cart: Cart,
  choice: { points: number; payWithCredits: boolean },
): Promise<void> {
  if (cart.pointsToUse === choice.points && cart.payWithCredits === choice.payWithCredits) return;
  const previous = cart.checkoutOrderNumber;
  cart.pointsToUse = choice.points;
  cart.payWithCredits = choice.payWithCredits;
  forgetOrderNumber(cart);
  await em.flush();
  if (previous) {
    await em.fork().transactional(async (tx) => {
      const order = await tx.findOne(Order, { orderNumber: previous, status: 'pending' });
      if (!order) return;
      await releaseOrderPoints(tx, order, 'the customer chose differently');
      await releaseOrderCredits(tx, order, 'the customer chose differently');
    });
  }
}
