// What changed under a cart line since it was added: the product left the shop, the stock ran out or
// ran short, or the price moved. The cart says so by the line; the first three keep the cart from checking out.
import { formatMoney } from './money';

export type CartLineNotice =
  { kind: 'unavailable' } | { kind: 'sold_out' } | { kind: 'short'; left: number } | { kind: 'price_changed'; from: number; to: number };

export interface CartLineState {
  /** The product is on sale and this option is not archived. */
  onSale: boolean;
  /** What is left to buy; null when not counted (digital, made to order). */
  left: number | null;
  quantity: number;
  price: number;
  /** The unit price when the line was added or last changed; null for lines older than this check. */
  priceSeen: number | null;
}

export function cartLineNotice(line: CartLineState): CartLineNotice | null {
  if (!line.onSale) return { kind: 'unavailable' };
  if (line.left === 0) return { kind: 'sold_out' };
  if (line.left !== null && line.quantity > line.left) return { kind: 'short', left: line.left };
  if (line.priceSeen !== null && line.priceSeen !== line.price) return { kind: 'price_changed', from: line.priceSeen, to: line.price };
  return null;
}

/** Whether the cart may not check out with this line as it is. */
export const blocksCheckout = (notice: CartLineNotice | null): boolean => notice !== null && notice.kind !== 'price_changed';

export function cartNoticeText(notice: CartLineNotice, currency: string): string {
  switch (notice.kind) {
    case 'unavailable':
      return 'No longer available: remove it to check out.';
    case 'sold_out':
      return 'Sold out since you added it: remove it to check out.';
    case 'short':
      return `Only ${notice.left} left: lower the quantity to check out.`;
    case 'price_changed':
      return `The price changed from ${formatMoney(notice.from, currency)} to ${formatMoney(notice.to, currency)} since you added it.`;
  }
}

/** A line that keeps the cart from checking out, named: "Stoneware Mug (Midnight blue) is sold out." */
export function cartProblemText(name: string, notice: CartLineNotice): string {
  switch (notice.kind) {
    case 'unavailable':
      return `${name} is no longer available.`;
    case 'sold_out':
      return `${name} is sold out.`;
    case 'short':
      return `${name}: only ${notice.left} left.`;
    case 'price_changed':
      return `${name}: the price changed.`;
  }
}
