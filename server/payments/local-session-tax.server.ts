// Local payment mode: the VAT of a local Checkout Session as Stripe Tax would work it out (core/tax.ts), from the
// session's lines, discount and shipping rate, for the payer's country. Fixed on the session when it is paid.
import { computeTax, type TaxBreakdown, type TaxLineInput, type TaxBehavior } from '#core/tax.ts';
import type { LocalCheckoutSession } from '#db/entities/local-checkout-session.ts';

/** What the VAT of a session depends on, but for the country: plain data, which the payment page recomputes in the browser. */
export interface LocalTaxInput {
  lines: TaxLineInput[];
  discount: number;
  shipping: number;
  behavior: TaxBehavior;
  enabled: boolean;
}

export interface LocalSessionTotals {
  /** The lines before discount, as priced (incl. or excl. VAT per the behavior): Stripe's `amount_subtotal`. */
  subtotal: number;
  discount: number;
  shipping: number;
  tax: number;
  /** What the payer pays: the breakdown's gross (with inclusive prices, subtotal − discount + shipping). */
  total: number;
  breakdown: TaxBreakdown;
}

type SessionTaxFields = Pick<LocalCheckoutSession, 'lines' | 'discount' | 'shippingRates' | 'taxBehavior' | 'taxEnabled'>;

export function sessionTaxInput(s: SessionTaxFields): LocalTaxInput {
  return {
    lines: s.lines.map((l) => ({ amount: l.unitAmount * l.quantity, category: l.taxCategory ?? 'general' })),
    discount: s.discount,
    shipping: s.shippingRates[0]?.amount ?? 0,
    behavior: s.taxBehavior,
    enabled: s.taxEnabled,
  };
}

/**
 * The session's amounts with the VAT for `country` (none for no country), or with the breakdown fixed when it was
 * paid: a paid session's figures never change. As on Stripe Checkout, a discount comes off the lines (never below
 * zero) and shipping is not discounted.
 */
export function sessionTotals(s: SessionTaxFields & Pick<LocalCheckoutSession, 'tax'>, country?: string | null): LocalSessionTotals {
  const input = sessionTaxInput(s);
  const breakdown = s.tax ?? computeTax({ ...input, country: country ?? null });
  const subtotal = input.lines.reduce((sum, l) => sum + l.amount, 0);
  return {
    subtotal,
    discount: Math.min(input.discount, subtotal),
    shipping: input.shipping,
    tax: breakdown.tax,
    total: breakdown.gross,
    breakdown,
  };
}

/** The breakdown to fix on a session being paid by a payer in `country`. */
export function paidBreakdown(s: SessionTaxFields, country: string | null): TaxBreakdown {
  return computeTax({ ...sessionTaxInput(s), country });
}
