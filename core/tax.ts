// VAT as Stripe Tax applies it, for the local payment page, the cart's estimate and the invoices' checks: a rate per
// country and tax category, a discount spread over the lines in proportion to their amounts, tax worked out and
// rounded per line (half up, to the cent), shipping taxed at the destination's standard rate. Rates are in basis
// points (2300 = 23 %), so every step is integer arithmetic. See docs/decisions/057-tax-model.md.
import { shareOfMinor } from './money';
import { TAX_RATES, type CountryRates } from './tax-rates';

export const TAX_CATEGORIES = ['digital', 'printed_matter', 'general'] as const;
export type TaxCategory = (typeof TAX_CATEGORIES)[number];

export const TAX_CATEGORY_LABELS: Record<TaxCategory, string> = {
  digital: 'Digital goods',
  printed_matter: 'Printed matter',
  general: 'General goods',
};

/** Stripe Tax's product tax codes for each category, and for shipping. */
export const STRIPE_TAX_CODES: Record<TaxCategory, string> = {
  digital: 'txcd_10010001',
  printed_matter: 'txcd_35010000',
  general: 'txcd_99999999',
};
export const STRIPE_SHIPPING_TAX_CODE = 'txcd_92010001';

export const TAX_BEHAVIORS = ['inclusive', 'exclusive'] as const;
/** `inclusive`: the prices entered in the admin include VAT; `exclusive`: VAT is added on top at checkout. */
export type TaxBehavior = (typeof TAX_BEHAVIORS)[number];

/** The category a variant gets when the admin has not chosen one: files are digital, prints printed matter. */
export function defaultTaxCategory(format: 'digital' | 'physical' | 'bundle', kind: 'print' | 'good'): TaxCategory {
  if (format === 'digital') return 'digital';
  return kind === 'print' ? 'printed_matter' : 'general';
}

/** The rate (basis points) for a category in a country; 0 where the shop charges no VAT (outside the table). */
export function rateFor(
  country: string | null | undefined,
  category: TaxCategory | 'shipping',
  table: Record<string, CountryRates> = TAX_RATES,
): number {
  const rates = country ? table[country.toUpperCase()] : undefined;
  if (!rates) return 0;
  if (category === 'shipping' || category === 'general') return rates.standard;
  return rates[category] ?? rates.standard;
}

export function taxedCountry(country: string | null | undefined, table: Record<string, CountryRates> = TAX_RATES): boolean {
  return Boolean(country && table[country.toUpperCase()]);
}

/** "23 %", "5.5 %" */
export function formatRate(basisPoints: number): string {
  const whole = Math.trunc(basisPoints / 100);
  const frac = basisPoints % 100;
  return `${whole}${frac ? `.${String(frac).padStart(2, '0').replace(/0$/, '')}` : ''} %`;
}

/** The tax in an amount: on top of it (exclusive) or inside it (inclusive), rounded half up to the cent. */
export function taxOf(amount: number, rateBp: number, behavior: TaxBehavior): number {
  if (!Number.isSafeInteger(amount) || amount < 0) throw new RangeError(`amount must be a non-negative integer, got ${amount}`);
  if (rateBp === 0 || amount === 0) return 0;
  return behavior === 'exclusive' ? shareOfMinor(amount, rateBp, 10000) : shareOfMinor(amount, rateBp, 10000 + rateBp);
}

/**
 * Splits `total` over `weights` in proportion (largest remainder; ties go to the earlier line), so the parts
 * add up to `total` exactly.
 */
export function allocate(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum === 0 || total === 0) return weights.map(() => 0);
  const exact = weights.map((w) => (total * w) / sum);
  const parts = exact.map((x) => Math.floor(x));
  let left = total - parts.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => ({ i, r: x - Math.floor(x) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    parts[i]! += 1;
    left -= 1;
  }
  return parts;
}

export interface TaxLineInput {
  /** The line's amount before discount (unit price × quantity), as entered (incl. or excl. VAT per the behavior). */
  amount: number;
  category: TaxCategory;
}

export interface TaxedAmount {
  /** Rate in basis points. */
  rate: number;
  /** The amount after discount, before tax is added (exclusive) or with it inside (inclusive). */
  taxable: number;
  net: number;
  tax: number;
  gross: number;
}

export interface TaxedLine extends TaxedAmount {
  category: TaxCategory;
  amount: number;
  discount: number;
}

export interface TaxBreakdown {
  country: string | null;
  behavior: TaxBehavior;
  lines: TaxedLine[];
  shipping: TaxedAmount;
  /** Per rate, for invoices: net, tax and gross of every line and shipping at that rate. */
  byRate: Array<{ rate: number; net: number; tax: number; gross: number }>;
  net: number;
  tax: number;
  /** What the customer pays: the lines after discount plus shipping, plus the tax when exclusive. */
  gross: number;
}

function taxed(taxable: number, rate: number, behavior: TaxBehavior): TaxedAmount {
  const tax = taxOf(taxable, rate, behavior);
  return behavior === 'exclusive'
    ? { rate, taxable, net: taxable, tax, gross: taxable + tax }
    : { rate, taxable, net: taxable - tax, tax, gross: taxable };
}

/**
 * The VAT of an order to `country`: with tax off, or to a country outside the table, every rate is 0 and net equals
 * gross. The discount (a promotion code) is spread over the lines, never over shipping, as on Stripe Checkout.
 */
export function computeTax(input: {
  lines: readonly TaxLineInput[];
  discount?: number;
  shipping?: number;
  country: string | null;
  behavior: TaxBehavior;
  enabled?: boolean;
  table?: Record<string, CountryRates>;
}): TaxBreakdown {
  const { behavior, country } = input;
  const enabled = input.enabled ?? true;
  const table = input.table ?? TAX_RATES;
  const subtotal = input.lines.reduce((s, l) => s + l.amount, 0);
  const discount = Math.min(input.discount ?? 0, subtotal);
  const discounts = allocate(
    discount,
    input.lines.map((l) => l.amount),
  );
  const lines = input.lines.map((l, i): TaxedLine => {
    const rate = enabled ? rateFor(country, l.category, table) : 0;
    return { category: l.category, amount: l.amount, discount: discounts[i]!, ...taxed(l.amount - discounts[i]!, rate, behavior) };
  });
  const shipping = taxed(input.shipping ?? 0, enabled ? rateFor(country, 'shipping', table) : 0, behavior);
  const byRateMap = new Map<number, { rate: number; net: number; tax: number; gross: number }>();
  for (const part of [...lines, ...(shipping.taxable > 0 ? [shipping] : [])]) {
    const row = byRateMap.get(part.rate) ?? { rate: part.rate, net: 0, tax: 0, gross: 0 };
    row.net += part.net;
    row.tax += part.tax;
    row.gross += part.gross;
    byRateMap.set(part.rate, row);
  }
  const all = [...lines, shipping];
  return {
    country: country ? country.toUpperCase() : null,
    behavior,
    lines,
    shipping,
    byRate: [...byRateMap.values()].sort((a, b) => b.rate - a.rate),
    net: all.reduce((s, p) => s + p.net, 0),
    tax: all.reduce((s, p) => s + p.tax, 0),
    gross: all.reduce((s, p) => s + p.gross, 0),
  };
}

/** Splits a tax-inclusive amount at a rate into net and tax (credit notes for a custom amount). */
export function splitGross(gross: number, rateBp: number): { net: number; tax: number; gross: number } {
  const tax = taxOf(gross, rateBp, 'inclusive');
  return { net: gross - tax, tax, gross };
}
