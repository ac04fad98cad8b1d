// Activity signatures of promo codes, as the workflows see them (imported as types only).
export interface PromoSyncResult {
  promoCodeId: number;
  code: string;
  stripeCouponId: string | null;
  stripePromotionCodeId: string | null;
  activeOnStripe: boolean;
  /** Stripe has no start date: when set, the workflow syncs again at this instant to activate the code. */
  activateAt: string | null;
}

export interface PromotionActivities {
  syncPromoCode(input: { promoCodeId: number }): Promise<PromoSyncResult>;
}
