import { z } from 'zod';

/** What the buttons on a promo code's admin page do. */
export const PROMO_CODE_CHANGES = ['activate', 'deactivate', 'delete', 'sync'] as const;
export type PromoCodeChange = (typeof PROMO_CODE_CHANGES)[number];

/** The promo code page's form: the button pressed (name="intent") is the change. */
export const promoCodeChangeSchema = z.object({
  intent: z.enum(PROMO_CODE_CHANGES, { error: 'Unknown action' }),
});
