import { z } from 'zod';
import { parseDecimal } from '../money';
import { PROMO_CODE_PATTERN } from '../promotions';

const DAY_MS = 24 * 3600 * 1000;

/** An optional "12.50" amount in minor units (blank → null). */
const optionalAmount = (label: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (!v) return null;
      const minor = parseDecimal(v);
      if (minor == null || minor <= 0) {
        ctx.addIssue({ code: 'custom', message: `${label} must be an amount like 12.50` });
        return z.NEVER;
      }
      return minor;
    });

/** An optional whole number ≥ 1 (blank → null). */
const optionalCount = (label: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (!v) return null;
      if (!/^\d{1,7}$/.test(v) || Number(v) < 1) {
        ctx.addIssue({ code: 'custom', message: `${label} must be a whole number of at least 1` });
        return z.NEVER;
      }
      return Number(v);
    });

/** An optional YYYY-MM-DD day (UTC); blank → null. */
const optionalDay = z
  .string()
  .trim()
  .optional()
  .transform((v, ctx) => {
    if (!v) return null;
    const d = /^\d{4}-\d{2}-\d{2}$/.test(v) ? new Date(`${v}T00:00:00Z`) : null;
    if (!d || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== v) {
      ctx.addIssue({ code: 'custom', message: 'Enter a date like 2026-12-31' });
      return z.NEVER;
    }
    return d;
  });

/** The admin's "new promo code" form. Dates are whole days in UTC; the end day is included. */
export const promoCodeSchema = z
  .object({
    code: z
      .string({ error: 'Enter a code' })
      .trim()
      .toUpperCase()
      .min(1, 'Enter a code')
      .refine((c) => !/\s/.test(c), 'No spaces: use letters, digits and dashes')
      .refine((c) => PROMO_CODE_PATTERN.test(c), '3–40 letters, digits or dashes, starting with a letter or digit'),
    kind: z.enum(['percent', 'fixed'], { error: 'Choose a percentage or a fixed amount' }),
    percentOff: z
      .string()
      .trim()
      .optional()
      .transform((v, ctx) => {
        if (!v) return null;
        if (!/^\d{1,3}$/.test(v) || Number(v) < 1 || Number(v) > 100) {
          ctx.addIssue({ code: 'custom', message: 'A whole percentage from 1 to 100' });
          return z.NEVER;
        }
        return Number(v);
      }),
    amountOff: optionalAmount('The amount off'),
    currency: z.enum(['eur', 'usd', 'gbp'], { error: 'Choose a currency' }).default('eur'),
    maxRedemptions: optionalCount('Max redemptions'),
    maxPerCustomer: optionalCount('Max per customer'),
    startsOn: optionalDay,
    endsOn: optionalDay,
    minimumAmount: optionalAmount('The minimum order'),
    description: z.string().trim().max(500, 'At most 500 characters').optional().default(''),
  })
  .superRefine((v, ctx) => {
    if (v.kind === 'percent') {
      if (v.percentOff == null) ctx.addIssue({ code: 'custom', path: ['percentOff'], message: 'A whole percentage from 1 to 100' });
    } else if (v.amountOff == null) {
      ctx.addIssue({ code: 'custom', path: ['amountOff'], message: 'Enter the amount off, like 5.00' });
    }
    if (v.startsOn && v.endsOn && v.endsOn < v.startsOn) {
      ctx.addIssue({ code: 'custom', path: ['endsOn'], message: 'The end date must not be before the start date' });
    }
    if (v.maxRedemptions != null && v.maxPerCustomer != null && v.maxPerCustomer > v.maxRedemptions) {
      ctx.addIssue({ code: 'custom', path: ['maxPerCustomer'], message: 'Cannot be more than the total max redemptions' });
    }
  })
  .transform((v) => ({
    code: v.code,
    kind: v.kind,
    percentOff: v.kind === 'percent' ? v.percentOff : null,
    amountOff: v.kind === 'fixed' ? v.amountOff : null,
    currency: v.kind === 'fixed' ? v.currency : null,
    maxRedemptions: v.maxRedemptions,
    maxPerCustomer: v.maxPerCustomer,
    startsAt: v.startsOn,
    // The end day is included: the code expires at the start of the next day (UTC).
    endsAt: v.endsOn ? new Date(v.endsOn.getTime() + DAY_MS) : null,
    minimumAmount: v.minimumAmount,
    description: v.description || null,
  }));

export type PromoCodeInput = z.output<typeof promoCodeSchema>;

/** The code typed on the payment page. */
export const applyPromoSchema = z.object({
  promoCode: z.string({ error: 'Enter a code' }).trim().toUpperCase().min(1, 'Enter a code').max(40, 'That code is too long'),
});
