import { PromoCode } from '#db/entities/promo-code.ts';
import type { ServerDeps } from '#server/deps.server.ts';
import { PermanentError } from '#server/errors.server.ts';

export interface PromoSyncResult {
  promoCodeId: number;
  code: string;
  stripeCouponId: string | null;
  stripePromotionCodeId: string | null;
  activeOnStripe: boolean;
  /** Stripe has no start date: when set, the workflow syncs again at this instant to activate the code. */
  activateAt: string | null;
}

/** Local payment mode plays Stripe's part: the ids it would have given. */
export const localCouponId = (promoId: number) => `coupon_local_${promoId}`;
export const localPromotionCodeId = (promoId: number) => `promo_local_${promoId}`;

/**
 * Makes Stripe match the shop's record of a code: creates the coupon and the promotion code once
 * (idempotency keys from the code's id), then keeps the promotion code's `active` in step. A code
 * whose start date is ahead stays inactive on Stripe; the workflow calls again at that time.
 */
export async function syncPromoCode(
  { orm, stripe }: Pick<ServerDeps, 'orm' | 'stripe'>,
  { promoCodeId }: { promoCodeId: number },
): Promise<PromoSyncResult> {
  const em = orm.em.fork();
  const promo = await em.findOne(PromoCode, { id: promoCodeId });
  if (!promo) throw new PermanentError(`promo code ${promoCodeId} does not exist`, 'NoSuchPromoCode');
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
            ...(promo.kind === 'percent'
              ? { percent_off: promo.percentOff ?? 0 }
              : { amount_off: promo.amountOff ?? 0, currency: promo.currency ?? 'eur' }),
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
              ? {
                  restrictions: {
                    minimum_amount: promo.minimumAmount,
                    minimum_amount_currency: promo.minimumCurrency ?? promo.currency ?? 'eur',
                  },
                }
              : {}),
            metadata: { promoCodeId: String(promo.id) },
          },
          { idempotencyKey: `promo-code:${promo.id}` },
        );
        promo.stripePromotionCodeId = created.id;
        await em.flush();
      } else {
        await stripe.promotionCodes.update(
          promo.stripePromotionCodeId,
          { active: wanted },
          { idempotencyKey: `promo-code:${promo.id}:v${version}:${wanted}` },
        );
      }
    } catch (err) {
      const e = err as { type?: string; message?: string };
      promo.syncError = e.message?.slice(0, 1000) ?? String(err);
      await em.flush();
      // A request Stripe refuses (bad parameters) will not succeed on retry.
      if (e.type === 'StripeInvalidRequestError') throw new PermanentError(promo.syncError, 'StripeRejected');
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
}
