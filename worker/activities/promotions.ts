// Promo codes: mirroring a code to a Stripe coupon + promotion code, and counting redemptions once per
// order under a row lock (the local payment page and markOrderPaid share redeemPromoCode).
import { ApplicationFailure } from '@temporalio/activity';
import { LockMode, type EntityManager, type MikroORM } from '@mikro-orm/postgresql';
import type Stripe from 'stripe';
import { evaluatePromo, type PromoRefusal } from '#core/promotions.ts';
import { PromoCode, PromoRedemption, rulesOf } from '#db/entities/promo-code.ts';
import type { Env } from '#app/utils/env.server.ts';
import type { PromotionActivities, PromoSyncResult } from './promotion-types';

export interface PromotionDeps {
  orm: MikroORM;
  env: Env;
  /** null in local payment mode. */
  stripe: Stripe | null;
}

/** Local payment mode plays Stripe's part: the ids it would have given. */
export const localCouponId = (promoId: number) => `coupon_local_${promoId}`;
export const localPromotionCodeId = (promoId: number) => `promo_local_${promoId}`;

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
  const redeemedByCustomer = mine.length && promo.maxPerCustomer != null ? await tx.count(PromoRedemption, { promoCode: promo.id, $or: mine }) : 0;
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

export function createPromotionActivities({ orm, stripe }: PromotionDeps): PromotionActivities {
  return {
    /**
     * Makes Stripe match the shop's record of a code: creates the coupon and the promotion code once
     * (idempotency keys from the code's id), then keeps the promotion code's `active` in step. A code
     * whose start date is ahead stays inactive on Stripe; the workflow calls again at that time.
     */
    async syncPromoCode({ promoCodeId }): Promise<PromoSyncResult> {
      const em = orm.em.fork();
      const promo = await em.findOne(PromoCode, { id: promoCodeId });
      if (!promo) throw ApplicationFailure.nonRetryable(`promo code ${promoCodeId} does not exist`, 'NoSuchPromoCode');
      const now = new Date();
      const startsLater = promo.startsAt != null && promo.startsAt > now;
      const wanted = promo.active && !promo.deletedAt && !startsLater && !(promo.endsAt && promo.endsAt <= now);
      const version = promo.version;

      if (!stripe) {
        promo.stripeCouponId ??= localCouponId(promo.id);
        promo.stripePromotionCodeId ??= localPromotionCodeId(promo.id);
      } else {
        try {
          if (!promo.stripeCouponId) {
            const coupon = await stripe.coupons.create(
              {
                duration: 'once',
                name: promo.code,
                ...(promo.kind === 'percent' ? { percent_off: promo.percentOff ?? 0 } : { amount_off: promo.amountOff ?? 0, currency: promo.currency ?? 'eur' }),
                metadata: { promoCodeId: String(promo.id) },
              },
              { idempotencyKey: `promo-coupon:${promo.id}` },
            );
            promo.stripeCouponId = coupon.id;
            await em.flush();
          }
          if (!promo.stripePromotionCodeId) {
            // Stripe refuses an expiry in the past: an already expired code is created inactive without one.
            const expires = promo.endsAt && promo.endsAt > now ? Math.floor(promo.endsAt.getTime() / 1000) : undefined;
            const created = await stripe.promotionCodes.create(
              {
                promotion: { type: 'coupon', coupon: promo.stripeCouponId },
                code: promo.code,
                active: wanted,
                ...(promo.maxRedemptions != null ? { max_redemptions: promo.maxRedemptions } : {}),
                ...(expires ? { expires_at: expires } : {}),
                ...(promo.minimumAmount != null
                  ? { restrictions: { minimum_amount: promo.minimumAmount, minimum_amount_currency: promo.minimumCurrency ?? promo.currency ?? 'eur' } }
                  : {}),
                metadata: { promoCodeId: String(promo.id) },
              },
              { idempotencyKey: `promo-code:${promo.id}` },
            );
            promo.stripePromotionCodeId = created.id;
            await em.flush();
          } else {
            await stripe.promotionCodes.update(promo.stripePromotionCodeId, { active: wanted }, { idempotencyKey: `promo-code:${promo.id}:v${version}:${wanted}` });
          }
        } catch (err) {
          const e = err as { type?: string; message?: string };
          promo.syncError = e.message?.slice(0, 1000) ?? String(err);
          await em.flush();
          // A request Stripe refuses (bad parameters) will not succeed on retry.
          if (e.type === 'StripeInvalidRequestError') throw ApplicationFailure.nonRetryable(promo.syncError, 'StripeRejected');
          throw err;
        }
      }
      // Only a newer version moves syncedVersion forward: a late, older run never claims the latest.
      if (promo.syncedVersion < version) promo.syncedVersion = version;
      promo.syncError = null;
      await em.flush();
      return {
        promoCodeId: promo.id,
        code: promo.code,
        stripeCouponId: promo.stripeCouponId,
        stripePromotionCodeId: promo.stripePromotionCodeId,
        activeOnStripe: wanted,
        activateAt: startsLater && promo.active && !promo.deletedAt && stripe ? promo.startsAt!.toISOString() : null,
      };
    },
  };
}
