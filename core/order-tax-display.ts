// How an order's amounts and VAT read on its pages, in its emails and in the admin: from what was recorded when it
// was paid (the order's tax, country and behaviour, each line's rate and VAT, the shipping's), never worked out
// again. An order paid before VAT was recorded reads as it always did. Pure: loaders, components and emails use it.
import { countryName } from './tax-rates.ts';
import { formatRate, type TaxBehavior } from './tax.ts';

export interface RecordedOrderTax {
  shipping: number;
  tax: number;
  total: number;
  taxBehavior: TaxBehavior | null;
  taxCountry: string | null;
  shippingTax: number;
  shippingTaxRate: number | null;
  items: ReadonlyArray<{ taxRate: number | null; taxAmount: number }>;
}

export interface OrderVatRate {
  /** Basis points. */
  rate: number;
  tax: number;
  label: string;
}

export interface OrderVat {
  behavior: TaxBehavior;
  country: string | null;
  /** "VAT (Germany)"; "incl. VAT (Germany)" when the prices include it. */
  label: string;
  net: number;
  tax: number;
  total: number;
  /** The VAT per rate (lines and shipping at that rate), highest first; empty when a single rate applies. */
  byRate: OrderVatRate[];
}

const vatWord = (behavior: TaxBehavior) => (behavior === 'inclusive' ? 'incl. VAT' : 'VAT');

/**
 * The order's VAT as recorded, or null when there is none to show: an order paid before VAT was kept, one not paid
 * yet, or one that carried no VAT at all (every rate 0: VAT off, or a country the shop charges none in).
 */
export function orderVat(order: RecordedOrderTax): OrderVat | null {
  const rates = [...order.items.map((i) => i.taxRate), order.shippingTaxRate].filter((r): r is number => r != null);
  if (!order.taxBehavior || (order.tax === 0 && !rates.some((r) => r > 0))) return null;
  const behavior = order.taxBehavior;
  const byRate = new Map<number, number>();
  for (const item of order.items) {
    if (item.taxRate != null) byRate.set(item.taxRate, (byRate.get(item.taxRate) ?? 0) + item.taxAmount);
  }
  if (order.shippingTaxRate != null && order.shipping > 0) {
    byRate.set(order.shippingTaxRate, (byRate.get(order.shippingTaxRate) ?? 0) + order.shippingTax);
  }
  const perRate = [...byRate.entries()]
    .sort(([a], [b]) => b - a)
    .map(([rate, tax]) => ({ rate, tax, label: `${vatWord(behavior)} at ${formatRate(rate)}` }));
  return {
    behavior,
    country: order.taxCountry,
    label: order.taxCountry ? `${vatWord(behavior)} (${countryName(order.taxCountry)})` : vatWord(behavior),
    net: order.total - order.tax,
    tax: order.tax,
    total: order.total,
    byRate: perRate.length > 1 ? perRate : [],
  };
}

/**
 * A line's rate as its order page shows it: "VAT 19 %", "incl. VAT 7 %"; null when none was recorded. Pages pass the
 * behaviour of orderVat's answer, so an order without VAT shows no rates.
 */
export function lineVatLabel(rate: number | null, behavior: TaxBehavior | null): string | null {
  if (rate == null || behavior == null) return null;
  return `${vatWord(behavior)} ${formatRate(rate)}`;
}

export interface OrderAmounts extends RecordedOrderTax {
  subtotal: number;
  discount: number;
  promoCode?: string | null;
  /** Loyalty points spent on the order (its discount, or part of it). */
  pointsUsed?: number;
  shippingMethod?: string | null;
}

export type TotalRowKey = 'subtotal' | 'discount' | 'shipping' | 'tax' | 'net' | 'vat' | 'vat-rate' | 'total';

export interface TotalRow {
  key: TotalRowKey;
  label: string;
  /** Minor units; a discount is negative. */
  amount: number;
}

/**
 * The order's totals, row by row: subtotal, discount (when there was one), shipping (when `shipping`), then net, VAT
 * with its country (and a row per rate when several apply) and the total. Without recorded VAT, the total follows a
 * plain "Tax" row: always (`legacyTax: 'always'`), only when not zero, or never.
 */
export function orderTotalRows(order: OrderAmounts, opts: { shipping: boolean; legacyTax?: 'always' | 'nonzero' | 'never' }): TotalRow[] {
  const rows: TotalRow[] = [{ key: 'subtotal', label: 'Subtotal', amount: order.subtotal }];
  if (order.discount > 0) {
    const label = order.promoCode
      ? `Discount (${order.promoCode})`
      : order.pointsUsed
        ? `Points (${order.pointsUsed.toLocaleString('en-IE')} used)`
        : 'Discount';
    rows.push({ key: 'discount', label, amount: -order.discount });
  }
  if (opts.shipping) {
    rows.push({ key: 'shipping', label: `Shipping${order.shippingMethod ? ` (${order.shippingMethod})` : ''}`, amount: order.shipping });
  }
  const vat = orderVat(order);
  if (vat) {
    rows.push({ key: 'net', label: 'Net', amount: vat.net });
    rows.push({ key: 'vat', label: vat.label, amount: vat.tax });
    for (const r of vat.byRate) rows.push({ key: 'vat-rate', label: r.label, amount: r.tax });
  } else {
    const legacy = opts.legacyTax ?? 'always';
    if (legacy === 'always' || (legacy === 'nonzero' && order.tax !== 0)) rows.push({ key: 'tax', label: 'Tax', amount: order.tax });
  }
  rows.push({ key: 'total', label: 'Total', amount: order.total });
  return rows;
}

export type DocumentKind = 'invoice' | 'credit_note';

export const DOCUMENT_KIND_LABELS: Record<DocumentKind, string> = { invoice: 'Invoice', credit_note: 'Credit note' };

/** An order that went through payment since VAT and invoices are recorded expects its invoice. */
export function expectsInvoice(order: { paidAt: string | Date | null; taxBehavior: TaxBehavior | null }): boolean {
  return order.paidAt != null && order.taxBehavior != null;
}
