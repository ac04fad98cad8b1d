// Promo codes mirrored to Stripe coupons and promotion codes (or the stand-in's ids).
import type { ServerDeps } from '#server/deps.server.ts';
import { syncPromoCode } from '#server/promotions/sync-promo-code.server.ts';
import { activitiesOf } from './adapt.ts';
import type { PromotionActivities } from './promotion-types.ts';

export function createPromotionActivities(deps: ServerDeps): PromotionActivities {
  return activitiesOf(deps, { syncPromoCode });
}
