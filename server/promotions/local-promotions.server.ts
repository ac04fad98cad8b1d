// Local payment mode: the payment page accepts the shop's promo codes and applies them as Stripe
// Checkout would. Applying only checks and shows the discount; the redemption is counted at payment,
// under the code's row lock (payLocalSession → redeemPromoCode).
import type { EntityManager } from '@mikro-orm/postgresql';
import { evaluatePromo, normalisePromoCode } from '#core/promotions.ts';
import { LocalCheckoutSession } from '#db/entities/local-checkout-session.ts';
import { Order } from '#db/entities/order.ts';
import { PromoCode, PromoRedemption, rulesOf } from '#db/entities/promo-code.ts';
import { sessionTotals } from '#server/payments/local-stripe.server.ts';

export type ApplyOutcome = { ok: true; code: string; discount: number } | { ok: false; message: string };

export async function applyLocalPromoCode(
  em: EntityManager,
  sessionId: string,
  rawCode: string,
  email: string | null,
): Promise<ApplyOutcome> {
  const session = await em.findOneOrFail(LocalCheckoutSession, { sessionId });
  if (session.status !== 'open' || session.expiresAt <= new Date()) return { ok: false, message: 'This checkout session has ended.' };
  // As on Stripe Checkout, a session with a discount already applied (the order's points) takes no promotion code.
  if (session.pointsDiscount > 0)
    return { ok: false, message: 'Points are already used on this order, so a promotion code cannot be added.' };
  const code = normalisePromoCode(rawCode);
  const promo = await em.findOne(PromoCode, { code });
  // A code Stripe does not know yet (its sync has not run) is as unknown there as a typo.
  if (!promo || !promo.stripePromotionCodeId) return { ok: false, message: 'This code is not valid.' };
  const order = await em.findOne(Order, { orderNumber: session.orderNumber });
  const customerId = order?.customer?.id ?? null;
  const who = [...(email ? [{ email: email.toLowerCase() }] : []), ...(customerId ? [{ customerId }] : [])];
  const redeemedByCustomer =
    who.length && promo.maxPerCustomer != null ? await em.count(PromoRedemption, { promoCode: promo.id, $or: who }) : 0;
  const verdict = evaluatePromo(rulesOf(promo), {
    now: new Date(),
    subtotal: sessionTotals(session).subtotal,
    currency: session.currency,
    timesRedeemed: promo.timesRedeemed,
    redeemedByCustomer,
  });
  if (!verdict.ok) return { ok: false, message: verdict.message };
  session.promoCode = promo.code;
  session.discount = verdict.discount;
  await em.flush();
  return { ok: true, code: promo.code, discount: verdict.discount };
}

export async function removeLocalPromoCode(em: EntityManager, sessionId: string): Promise<void> {
  await em.nativeUpdate(LocalCheckoutSession, { sessionId, status: 'open', promoCode: { $ne: null } }, { promoCode: null, discount: 0 });
}
