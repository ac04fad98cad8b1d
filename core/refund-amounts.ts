// What a refund of some units of a line, or of the shipping, gives back: what the customer paid for them. A line's paid
// amount is its price after its share of the discount, with VAT (added on top when prices exclude VAT); units refunded
// one refund after another get their share of it, the last ones the remainder, so a line never gives back more than
// was paid for it. Lines paid before VAT was recorded per line give back their unit price.
import { shareOfMinor } from './money';

export interface PaidLine {
  unitPrice: number;
  quantity: number;
  /** The line's net and VAT as paid; null when the order was paid before they were recorded. */
  netAmount: number | null;
  taxAmount: number;
}

/** The amount paid for units `from`…`from + count` (0-based, in refund order) of the line. */
export function paidForUnits(line: PaidLine, from: number, count: number): number {
  if (line.netAmount === null) return line.unitPrice * count;
  const paid = line.netAmount + line.taxAmount;
  const upTo = (n: number) => shareOfMinor(paid, n, line.quantity);
  return upTo(Math.min(line.quantity, from + count)) - upTo(from);
}

/** The shipping as paid: with its VAT when prices exclude VAT (it was added on top), as charged otherwise. */
export function paidForShipping(order: { shipping: number; shippingTax: number; taxBehavior: string | null }): number {
  return order.taxBehavior === 'exclusive' ? order.shipping + order.shippingTax : order.shipping;
}
