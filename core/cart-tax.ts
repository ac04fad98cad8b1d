// The cart's VAT estimate: before the customer's address is known, the seller's country's rates, applied to each
// line's tax category and to shipping exactly as the payment page applies the customer's (core/tax.ts). Pure: the
// cart's loader works it out, and the page again for the quantities it shows while a change is on its way.
import { countryName } from './tax-rates.ts';
import { computeTax, type TaxBehavior, type TaxCategory } from './tax.ts';

export interface CartVatSettings {
  enabled: boolean;
  behavior: TaxBehavior;
  /** Whose rates the estimate uses (SELLER_COUNTRY). */
  country: string;
}

export interface CartVatEstimate {
  behavior: TaxBehavior;
  country: string;
  countryName: string;
  /** The VAT in (inclusive) or on top of (exclusive) the cart's total. */
  tax: number;
  /** What the customer would pay with VAT: the cart's total, plus the VAT when prices exclude it. */
  total: number;
}

export interface CartVatLine {
  unitPrice: number;
  quantity: number;
  taxCategory: TaxCategory;
}

/** The estimate, or null with VAT off or an empty cart. */
export function estimateCartVat(lines: readonly CartVatLine[], shipping: number, settings: CartVatSettings): CartVatEstimate | null {
  if (!settings.enabled || lines.length === 0) return null;
  const breakdown = computeTax({
    lines: lines.map((l) => ({ amount: l.unitPrice * l.quantity, category: l.taxCategory })),
    shipping,
    country: settings.country,
    behavior: settings.behavior,
  });
  return {
    behavior: settings.behavior,
    country: settings.country.toUpperCase(),
    countryName: countryName(settings.country),
    tax: breakdown.tax,
    total: breakdown.gross,
  };
}
