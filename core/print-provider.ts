// A print provider's order as the shop tracks it: the provider's many statuses folded into a few of ours, in an
// order that only moves forward, so webhooks that arrive late, twice or out of order change nothing twice.
import type { ShippingAddress } from './order-status';

/** How a physical variant (and each order line of it) is fulfilled: by hand in the studio, or by the print provider. */
export const FULFILMENTS = ['manual', 'provider'] as const;
export type Fulfilment = (typeof FULFILMENTS)[number];

/**
 * Ours. `submitting`: not yet accepted (the provider is away, or the call is being retried); `submitted`: accepted,
 * not yet made; `in_production`: being printed, too late to cancel; `shipped`: handed to the carrier, with tracking;
 * `delivered`; `failed`: refused (address rejected, item failed) — needs an admin; `cancelled`: cancelled at the
 * provider before production.
 */
export const PROVIDER_STATUSES = ['submitting', 'submitted', 'in_production', 'shipped', 'delivered', 'failed', 'cancelled'] as const;
export type ProviderStatus = (typeof PROVIDER_STATUSES)[number];

/** Where a status lies on the way to delivery; `failed` and `cancelled` end that way. */
const RANK: Record<ProviderStatus, number> = {
  submitting: 0,
  submitted: 1,
  in_production: 2,
  shipped: 3,
  delivered: 4,
  failed: 5,
  cancelled: 5,
};

/** Whether moving from `current` to `next` is news: forward only, and nothing after an end. */
export function advances(current: ProviderStatus, next: ProviderStatus): boolean {
  if (current === next) return false;
  if (isProviderEnd(current)) return false;
  // A failure or a cancellation ends any order not yet shipped; a shipped parcel is past them.
  if (next === 'failed' || next === 'cancelled') return RANK[current] < RANK.shipped;
  return RANK[next] > RANK[current];
}

export const isProviderEnd = (s: ProviderStatus) => s === 'delivered' || s === 'failed' || s === 'cancelled';

/** The provider can still cancel it (nothing printed yet). */
export const cancellable = (s: ProviderStatus) => s === 'submitting' || s === 'submitted';

/** Gelato's order `fulfillmentStatus` values (v4 API reference, "Order statuses") mapped to ours. */
export function fromGelatoStatus(status: string): ProviderStatus {
  switch (status) {
    case 'created':
    case 'uploading':
    case 'passed':
    case 'draft':
    case 'pending_approval':
    case 'pending_personalization':
    case 'on_hold':
    case 'not_connected':
      return 'submitted';
    case 'in_production':
    case 'printed':
    case 'digitizing':
      return 'in_production';
    case 'shipped':
    case 'in_transit':
      return 'shipped';
    case 'delivered':
      return 'delivered';
    case 'canceled':
    case 'cancelled':
      return 'cancelled';
    case 'failed':
    case 'returned':
      return 'failed';
    default:
      // An unknown status is not progress: the order stays where it was until one we know arrives.
      return 'submitted';
  }
}

export const PROVIDER_STATUS_LABELS: Record<ProviderStatus, string> = {
  submitting: 'Sending to the printer',
  submitted: 'Accepted by the printer',
  in_production: 'In production',
  shipped: 'Shipped',
  delivered: 'Delivered',
  failed: 'Failed — needs attention',
  cancelled: 'Cancelled at the printer',
};

/** The address a provider ships to (Gelato's shippingAddress fields). */
export interface ProviderAddress {
  firstName: string;
  lastName: string;
  addressLine1: string;
  addressLine2: string | null;
  city: string;
  postCode: string;
  state: string | null;
  /** ISO 3166-1 alpha-2. */
  country: string;
  email: string;
  phone: string | null;
}

/** The order's shipping address as a provider wants it: the name split in two, the customer's email for the carrier. */
export function providerAddressFrom(a: ShippingAddress | null, email: string | null): ProviderAddress | null {
  if (!a?.line1 || !a.city || !a.country || !email) return null;
  const [first = '', ...rest] = (a.name ?? '').trim().split(/\s+/);
  return {
    firstName: first || 'Customer',
    lastName: rest.join(' ') || first || 'Customer',
    addressLine1: a.line1,
    addressLine2: a.line2 || null,
    city: a.city,
    postCode: a.postalCode ?? '',
    state: a.state || null,
    country: a.country.toUpperCase(),
    email,
    phone: null,
  };
}
