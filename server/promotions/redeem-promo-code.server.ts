import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import { evaluatePromo, type PromoRefusal } from '#core/promotions.ts';
import { PromoCode, PromoRedemption, rulesOf } from '#db/entities/promo-code.ts';

export type RedeemOutcome =
  | { ok: true; redemptionId: number; code: string; discount: number; counted: boolean }
  | { ok: false; reason: PromoRefusal | 'unknown'; message: string };

/**
 * Records that an order used a code, once. Inside the caller's transaction: the promo row is locked
 * (FOR UPDATE), so two checkouts racing for the last redemption are serialised and the second sees the
 * first's count. With `enforce`, the rules are checked again under the lock and a refusal writes
 * nothing (the local payment page); without it the redemption is recorded whatever the rules say,
 * because the payment already happened on Stripe, which enforced its own limits (markOrderPaid).
 */
export async function redeemPromoCode(
  tx: EntityManager,
  input: {
    where: { id: number } | { stripePromotionCodeId: string } | { code: string };
    orderNumber: string;
    customerId: number | null;
    email: string | null;
    subtotal: number;
    currency: string;
    /** What Stripe took off (markOrderPaid); computed from the rules when absent. */
    discount?: number;
    enforce: boolean;
    now?: Date;
  },
): Promise<RedeemOutcome> {
  const promo = await tx.findOne(PromoCode, input.where, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (!promo) return { ok: false, reason: 'unknown', message: 'This code is not valid.' };
  const existing = await tx.findOne(PromoRedemption, { orderNumber: input.orderNumber });
  if (existing) return { ok: true, redemptionId: existing.id, code: promo.code, discount: existing.discount, counted: false };

  const email = input.email?.toLowerCase() ?? null;
  const mine = [...(email ? [{ email }] : []), ...(input.customerId ? [{ customerId: input.customerId }] : [])];
  const redeemedByCustomer =
    mine.length && promo.maxPerCustomer != null ? await tx.count(PromoRedemption, { promoCode: promo.id, $or: mine }) : 0;
  const verdict = evaluatePromo(rulesOf(promo), {
    now: input.now ?? new Date(),
    subtotal: input.subtotal,
    currency: input.currency,
    timesRedeemed: promo.timesRedeemed,
    redeemedByCustomer,
  });
  if (input.enforce && !verdict.ok) return verdict;

  const redemption = new PromoRedemption({ promoCode: promo, orderNumber: input.orderNumber, currency: input.currency });
  redemption.customerId = input.customerId;
  redemption.email = email;
  redemption.discount = input.discount ?? (verdict.ok ? verdict.discount : 0);
  promo.timesRedeemed += 1;
  tx.persist(redemption);
  await tx.flush();
  return { ok: true, redemptionId: redemption.id, code: promo.code, discount: redemption.discount, counted: true };
}
