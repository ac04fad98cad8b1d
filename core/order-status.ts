// An order's life: the statuses it moves through and where it ships. Shared by the database schema,
// the workflows' activity contracts and the pages.

export const ORDER_STATUSES = ['pending', 'paid', 'cancelled', 'partially_refunded', 'refunded', 'fulfilled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export interface ShippingAddress {
  name: string | null;
  line1: string | null;
  line2: string | null;
  city: string | null;
  postalCode: string | null;
  state: string | null;
  country: string | null;
}
