// Activity signatures of promo codes, as the workflows see them (imported as types only).
import type { PromoSyncResult } from '#server/promotions/sync-promo-code.server.ts';

export type { PromoSyncResult };

export interface PromotionActivities {
  syncPromoCode(input: { promoCodeId: number }): Promise<PromoSyncResult>;
}
