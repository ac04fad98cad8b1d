// An invoice's lines and totals from the VAT the order recorded per line (docs/decisions/057-tax-model.md): the
// invoice is made from that record, never recomputed. Amounts in minor units, rates in basis points.
import { allocate, type TaxBehavior, type TaxCategory } from './tax';

export type InvoiceLineCategory = TaxCategory | 'shipping' | 'adjustment';
export type InvoiceSupply = 'digital' | 'physical';

/** One line as invoiced (the shape of db/entities/invoice.ts InvoiceLine): all amounts positive. */
export interface InvoiceLineData {
  description: string;
  quantity: number;
  unitPrice: number;
  discount: number;
  rate: number;
  net: number;
  tax: number;
  gross: number;
  category: InvoiceLineCategory;
  supply: InvoiceSupply;
  orderItemId: number | null;
}

export interface InvoiceRateTotalData {
  rate: number;
  net: number;
  tax: number;
  gross: number;
}

export interface InvoiceAmounts {
  lines: InvoiceLineData[];
  rates: InvoiceRateTotalData[];
  net: number;
  tax: number;
  gross: number;
}

/** What an invoice needs of an order item (db/entities/order.ts OrderItem). */
export interface InvoicedItem {
  id: number;
  productTitle: string;
  variantTitle: string;
  format: 'digital' | 'physical' | 'bundle';
  taxCategory: TaxCategory | null;
  unitPrice: number;
  quantity: number;
  lineTotal: number;
  discountAmount: number;
  taxRate: number | null;
  taxAmount: number;
  netAmount: number | null;
}

/** What an invoice needs of an order (db/entities/order.ts Order). */
export interface InvoicedOrder {
  taxBehavior: TaxBehavior;
  discount: number;
  shipping: number;
  shippingTax: number;
  shippingTaxRate: number | null;
  total: number;
  items: readonly InvoicedItem[];
}

/** Totals per rate, highest rate first (as core/tax.ts byRate). */
export function ratesOf(lines: readonly InvoiceLineData[]): InvoiceRateTotalData[] {
  const byRate = new Map<number, InvoiceRateTotalData>();
  for (const l of lines) {
    const row = byRate.get(l.rate) ?? { rate: l.rate, net: 0, tax: 0, gross: 0 };
    row.net += l.net;
    row.tax += l.tax;
    row.gross += l.gross;
    byRate.set(l.rate, row);
  }
  return [...byRate.values()].sort((a, b) => b.rate - a.rate);
}

export function amountsOf(lines: InvoiceLineData[]): InvoiceAmounts {
  return {
    lines,
    rates: ratesOf(lines),
    net: lines.reduce((s, l) => s + l.net, 0),
    tax: lines.reduce((s, l) => s + l.tax, 0),
    gross: lines.reduce((s, l) => s + l.gross, 0),
  };
}

export const lineDescription = (item: Pick<InvoicedItem, 'productTitle' | 'variantTitle'>): string =>
  item.variantTitle ? `${item.productTitle} — ${item.variantTitle}` : item.productTitle;

/**
 * The invoice's lines: one per order item (its recorded rate, discount share, VAT and net; gross = net + VAT) and
 * one for shipping when there was any. An order recorded before VAT was kept per line has no discount share on its
 * items: the order's discount is then spread over them as the checkout spreads it (in proportion, largest remainder).
 */
export function invoiceAmountsOf(order: InvoicedOrder): InvoiceAmounts {
  const exclusive = order.taxBehavior === 'exclusive';
  const recordedDiscounts = order.items.reduce((s, i) => s + i.discountAmount, 0);
  const discounts =
    recordedDiscounts === 0 && order.discount > 0
      ? allocate(
          Math.min(
            order.discount,
            order.items.reduce((s, i) => s + i.lineTotal, 0),
          ),
          order.items.map((i) => i.lineTotal),
        )
      : order.items.map((i) => i.discountAmount);
  const lines: InvoiceLineData[] = order.items.map((item, index) => {
    const discount = discounts[index]!;
    const tax = item.taxAmount;
    const net = item.netAmount ?? item.lineTotal - discount - (exclusive ? 0 : tax);
    return {
      description: lineDescription(item),
      quantity: item.quantity,
      unitPrice: item.unitPrice,
      discount,
      rate: item.taxRate ?? 0,
      net,
      tax,
      gross: net + tax,
      category: item.taxCategory ?? (item.format === 'digital' ? 'digital' : 'general'),
      supply: item.format === 'digital' ? 'digital' : 'physical',
      orderItemId: item.id,
    };
  });
  if (order.shipping > 0) {
    const tax = order.shippingTax;
    const net = exclusive ? order.shipping : order.shipping - tax;
    lines.push({
      description: 'Shipping',
      quantity: 1,
      unitPrice: order.shipping,
      discount: 0,
      rate: order.shippingTaxRate ?? 0,
      net,
      tax,
      gross: net + tax,
      category: 'shipping',
      supply: 'physical',
      orderItemId: null,
    });
  }
  return amountsOf(lines);
}
