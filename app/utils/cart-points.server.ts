// What a signed-in customer may spend on the cart's checkout (loyalty points, print credits) and saving their choice.
import type { EntityManager } from '@mikro-orm/postgresql';
import { pointsToSpend } from '#core/ledger.ts';
import { lineTotal } from '#core/pricing.ts';
import type { CreditsOffer, PointsOffer } from '#core/points-choice.ts';
import type { Cart } from '#db/entities/cart.ts';
import { cartLines } from './cart.server.ts';
import type { CartContents } from './cart-read.server.ts';
import { forgetOrderNumber } from '#server/checkout/order-number-claim.server.ts';
import type { Env } from '#server/env.server.ts';
import { Order } from '#db/entities/order.ts';
import { creditsFor, releaseOrderCredits } from '#server/ledger/credits.server.ts';
import { releaseOrderPoints } from '#server/ledger/points-spending.server.ts';

/**
 * What the cart's signed-in customer may spend on its checkout, from one read of their balances: points (null when they
 * have none and chose none) and print credits (null when they have none and chose none, or nothing in the cart takes them).
 */
export async function checkoutOffers(
  em: EntityManager,
  cart: Cart | CartContents | null,
  env: Pick<Env, 'POINT_VALUE' | 'SHOP_CURRENCY'>,
): Promise<{ points: PointsOffer | null; credits: CreditsOffer | null }> {
  if (!cart?.user) return { points: null, credits: null };
  const rows = await em.execute<Array<{ kind: string; available: number }>>(
    `select kind, available from ledger_accounts where customer_id = ?`,
    [cart.user.id],
    'all',
  );
  const balance = (kind: string) => rows.find((r) => r.kind === kind)?.available ?? 0;
  const items = cartLines(cart);
  return { points: pointsOfferFor(cart, balance('points'), items, env), credits: creditsOfferFor(cart, balance('credits'), items) };
}

type CartLines = ReturnType<typeof cartLines>;
type CheckoutChoice = Pick<Cart, 'pointsToUse' | 'payWithCredits'>;

function pointsOfferFor(
  cart: CheckoutChoice,
  available: number,
  items: CartLines,
  env: Pick<Env, 'POINT_VALUE' | 'SHOP_CURRENCY'>,
): PointsOffer | null {
  if (available === 0 && cart.pointsToUse === 0) return null;
  const goods = items.reduce((s, i) => s + lineTotal({ unitPrice: i.variant.price, quantity: i.quantity, format: i.variant.format }), 0);
  const maxUsable = pointsToSpend(available, available, goods, env.POINT_VALUE);
  return {
    available,
    maxUsable,
    selected: Math.min(cart.pointsToUse, maxUsable),
    pointValue: env.POINT_VALUE,
    currency: env.SHOP_CURRENCY,
  };
}

function creditsOfferFor(cart: CheckoutChoice, available: number, items: CartLines): CreditsOffer | null {
  const needed = items.reduce((s, i) => s + (creditsFor(i.variant, i.quantity) ?? 0), 0);
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
