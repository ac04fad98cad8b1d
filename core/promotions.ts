// Promo code arithmetic and rules, as Stripe Checkout applies a promotion code to a session. Pure: the
// local payment page, the admin and the tests all use this one definition.
import { assertMinorUnits, formatMoney } from './money';

export type PromoKind = 'percent' | 'fixed';

export interface PromoRules {
  kind: PromoKind;
  /** Whole percent, 1–100 (kind = percent). */
  percentOff: number | null;
  /** Minor units (kind = fixed). */
  amountOff: number | null;
  /** The currency of amountOff (kind = fixed). */
  currency: string | null;
  active: boolean;
  deleted: boolean;
  /** Usable from this instant (inclusive). */
  startsAt: Date | null;
  /** Usable until this instant (exclusive), as Stripe's `expires_at`. */
  endsAt: Date | null;
  maxRedemptions: number | null;
  maxPerCustomer: number | null;
  /** Minimum order subtotal (before the discount, without shipping), minor units of the shop currency. */
  minimumAmount: number | null;
  minimumCurrency: string | null;
}

export interface PromoContext {
  now: Date;
  /** The discountable amount: the line items' subtotal (Checkout never discounts shipping). */
  subtotal: number;
  currency: string;
  timesRedeemed: number;
  /** Redemptions by this customer (their account or their email). */
  redeemedByCustomer: number;
}

export type PromoRefusal = 'inactive' | 'not_started' | 'expired' | 'exhausted' | 'customer_limit' | 'currency' | 'minimum';

export type PromoVerdict = { ok: true; discount: number } | { ok: false; reason: PromoRefusal; message: string };

/**
 * A percentage of an amount, rounded to the nearest minor unit with halves rounded up.
 *
 * Why: Stripe computes a `percent_off` discount on the amount it applies to and rounds it to the
 * nearest minor unit, a half going up (15 % of €34.90 = 5.235 → €5.24; Stripe's `total_details
 * .amount_discount` is then always a whole number of cents). We compute it in integers —
 * (amount × percent + 50) ÷ 100, floored — so there is no float drift (34.90 × 0.15 in floating point
 * is 5.2349999…, which a naive Math.round would take down to 5.23). Amounts here are never negative.
 */
export function percentDiscount(amount: number, percent: number): number {
  assertMinorUnits(amount);
  if (amount < 0) throw new RangeError('a discount applies to a non-negative amount');
  if (!Number.isInteger(percent) || percent < 0 || percent > 100) throw new RangeError('percent must be a whole number 0–100');
  return Math.floor((amount * percent + 50) / 100);
}

/**
 * A fixed amount off, never more than the amount it applies to: Stripe caps `amount_off` at the
 * discountable subtotal, so a €20 code on a €15 cart takes €15 off and the total never goes below
 * zero (shipping, which is not discountable, is still paid).
 */
export function fixedDiscount(amount: number, amountOff: number): number {
  assertMinorUnits(amount);
  assertMinorUnits(amountOff);
  if (amount < 0 || amountOff < 0) throw new RangeError('amounts must be non-negative');
  return Math.min(amount, amountOff);
}

/** The discount a code gives on a subtotal (no rule checks). */
export function discountOf(rules: Pick<PromoRules, 'kind' | 'percentOff' | 'amountOff'>, subtotal: number): number {
  return rules.kind === 'percent' ? percentDiscount(subtotal, rules.percentOff ?? 0) : fixedDiscount(subtotal, rules.amountOff ?? 0);
}

/**
 * Whether a code can be used for this purchase now and what it takes off, checking what Stripe
 * checks: active, start and expiry, redemptions in total (and per customer, which the shop adds),
 * the currency of a fixed amount and the minimum order amount.
 */
export function evaluatePromo(rules: PromoRules, ctx: PromoContext): PromoVerdict {
  const t = ctx.now.getTime();
  if (!rules.active || rules.deleted) return { ok: false, reason: 'inactive', message: 'This code is not valid.' };
  if (rules.startsAt && t < rules.startsAt.getTime()) return { ok: false, reason: 'not_started', message: 'This code is not valid yet.' };
  if (rules.endsAt && t >= rules.endsAt.getTime()) return { ok: false, reason: 'expired', message: 'This code has expired.' };
  if (rules.maxRedemptions != null && ctx.timesRedeemed >= rules.maxRedemptions) {
    return { ok: false, reason: 'exhausted', message: 'This code has reached its redemption limit.' };
  }
  if (rules.maxPerCustomer != null && ctx.redeemedByCustomer >= rules.maxPerCustomer) {
    return { ok: false, reason: 'customer_limit', message: 'You have already used this code.' };
  }
  if (rules.kind === 'fixed' && rules.currency && rules.currency.toLowerCase() !== ctx.currency.toLowerCase()) {
    return { ok: false, reason: 'currency', message: 'This code is not valid for this currency.' };
  }
  if (rules.minimumAmount != null) {
    const sameCurrency = !rules.minimumCurrency || rules.minimumCurrency.toLowerCase() === ctx.currency.toLowerCase();
    if (!sameCurrency) return { ok: false, reason: 'currency', message: 'This code is not valid for this currency.' };
    if (ctx.subtotal < rules.minimumAmount) {
      return {
        ok: false,
        reason: 'minimum',
        message: `This code needs an order of at least ${formatMoney(rules.minimumAmount, ctx.currency)}.`,
      };
    }
  }
  return { ok: true, discount: discountOf(rules, ctx.subtotal) };
}

/** "SUMMER-10" as typed by a person: trimmed and upper case (codes match case-insensitively, as on Stripe). */
export const normalisePromoCode = (code: string): string => code.trim().toUpperCase();

/** Letters, digits and dashes (what Stripe accepts), 3–40 of them, starting with a letter or digit. */
export const PROMO_CODE_PATTERN = /^[A-Z0-9][A-Z0-9-]{2,39}$/;

/** "10% off" / "€5.00 off". */
export function describeDiscount(rules: Pick<PromoRules, 'kind' | 'percentOff' | 'amountOff' | 'currency'>): string {
  return rules.kind === 'percent' ? `${rules.percentOff}% off` : `${formatMoney(rules.amountOff ?? 0, rules.currency ?? 'eur')} off`;
}

export type PromoStatus = 'active' | 'scheduled' | 'expired' | 'used_up' | 'inactive' | 'deleted';

/** The one-word status the admin list shows. */
export function promoStatus(rules: PromoRules & { timesRedeemed: number }, now: Date): PromoStatus {
  if (rules.deleted) return 'deleted';
  if (!rules.active) return 'inactive';
  if (rules.endsAt && now >= rules.endsAt) return 'expired';
  if (rules.maxRedemptions != null && rules.timesRedeemed >= rules.maxRedemptions) return 'used_up';
  if (rules.startsAt && now < rules.startsAt) return 'scheduled';
  return 'active';
}
