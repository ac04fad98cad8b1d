// Stock of physical variants: what a variant has, what a customer may still buy, and how the shop says it.
// Digital files are never out of stock; a variant that does not track inventory (made to order) neither.

export const STOCK_MOVEMENT_KINDS = ['received', 'adjusted', 'reserved', 'released', 'sold', 'returned'] as const;
export type StockMovementKind = (typeof STOCK_MOVEMENT_KINDS)[number];

/** An order's hold on stock: reserved at checkout, then released (cancelled, expired) or sold (paid). */
export const ORDER_STOCK_STATES = ['reserved', 'released', 'sold'] as const;
export type OrderStockState = (typeof ORDER_STOCK_STATES)[number];

export interface StockLevel {
  trackInventory: boolean;
  onHand: number;
  reserved: number;
  lowStockThreshold: number;
}

/** How many a customer may still buy: null when unlimited (not tracked). Never below 0. */
export function availableOf(v: StockLevel): number | null {
  return v.trackInventory ? Math.max(0, v.onHand - v.reserved) : null;
}

export type StockBadge = { kind: 'in_stock' } | { kind: 'low'; left: number } | { kind: 'sold_out' };

/** What the shop shows by a variant: sold out, "only N left" at or under the threshold, or nothing. */
export function stockBadge(v: StockLevel): StockBadge {
  const left = availableOf(v);
  if (left === null) return { kind: 'in_stock' };
  if (left === 0) return { kind: 'sold_out' };
  if (left <= v.lowStockThreshold) return { kind: 'low', left };
  return { kind: 'in_stock' };
}

/** The sentence a customer reads when they ask for more than there is. */
export function notEnoughStock(title: string, left: number): string {
  return left === 0 ? `${title} is sold out` : `only ${left} of ${title} ${left === 1 ? 'is' : 'are'} left`;
}
