import { proxyActivities, setCurrentDetails, sleep } from '@temporalio/workflow';
import { STRIPE, withMaximumAttempts } from './activity-options';
import type { PromoSyncResult, PromotionActivities } from '#worker/activities/promotion-types.ts';

const stripe = proxyActivities<PromotionActivities>(withMaximumAttempts(STRIPE, 20));

/**
 * promo-code-<id>-v<version>: makes Stripe's coupon and promotion code match one version of the shop's
 * code (created once, then `active` kept in step). Stripe has no start date, so a code that starts
 * later is created inactive and this workflow sleeps until the start to activate it.
 */
export async function syncPromoCode({ promoCodeId, code }: { promoCodeId: number; code: string }): Promise<PromoSyncResult> {
  setCurrentDetails(`**${code}** — creating or updating the Stripe coupon and promotion code`);
  let result = await stripe.syncPromoCode({ promoCodeId });
  while (result.activateAt) {
    setCurrentDetails(`**${code}** — on Stripe (${result.stripePromotionCodeId}), inactive until it starts at ${result.activateAt}`);
    await sleep(Math.max(Date.parse(result.activateAt) - Date.now(), 1));
    result = await stripe.syncPromoCode({ promoCodeId });
  }
  setCurrentDetails(`**${code}** — on Stripe as ${result.stripePromotionCodeId}, ${result.activeOnStripe ? 'active' : 'inactive'}`);
  return result;
}
