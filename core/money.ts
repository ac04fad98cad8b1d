// Money is always an integer number of minor units (cents) with an ISO currency code.
export type Currency = 'eur' | 'usd' | 'gbp';

export interface Money {
  amount: number;
  currency: Currency;
}

export function assertMinorUnits(amount: number): number {
  if (!Number.isSafeInteger(amount)) {
    throw new RangeError(`money must be an integer number of minor units, got ${amount}`);
  }
  return amount;
}

export function addMinor(...amounts: number[]): number {
  return assertMinorUnits(amounts.reduce((sum, a) => sum + assertMinorUnits(a), 0));
}

export function multiplyMinor(amount: number, quantity: number): number {
  return assertMinorUnits(assertMinorUnits(amount) * assertMinorUnits(quantity));
}

/** A percentage of an amount, rounded half away from zero to the minor unit (as Stripe rounds). */
export function percentOfMinor(amount: number, percent: number): number {
  const raw = (assertMinorUnits(amount) * percent) / 100;
  return Math.sign(raw) * Math.round(Math.abs(raw));
}

/** `amount × part ÷ whole` rounded half up to the minor unit, in integers (non-negative amounts; whole > 0): a share of a
 * line for some of its units, the VAT at a rate in basis points. */
export function shareOfMinor(amount: number, part: number, whole: number): number {
  return Math.floor((2 * assertMinorUnits(amount) * part + whole) / (2 * whole));
}

const formatters = new Map<string, Intl.NumberFormat>();

export function formatMoney(amount: number, currency: string, locale = 'en-IE'): string {
  const key = `${locale}:${currency}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, { style: 'currency', currency: currency.toUpperCase() });
    formatters.set(key, f);
  }
  return f.format(assertMinorUnits(amount) / 100);
}

/** "12.50" for messages and CSV, without a currency sign. */
export function formatDecimal(amount: number): string {
  const sign = amount < 0 ? '-' : '';
  const abs = Math.abs(assertMinorUnits(amount));
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** Parses "12.50" / "12,5" / "12" into minor units; null when it is not a plain amount. */
export function parseDecimal(input: string): number | null {
  const m = /^\s*(\d{1,9})(?:[.,](\d{1,2}))?\s*$/.exec(input);
  if (!m) return null;
  const whole = Number(m[1]);
  const frac = m[2] ? Number(m[2].padEnd(2, '0')) : 0;
  return whole * 100 + frac;
}
