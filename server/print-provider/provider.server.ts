// What the shop asks of a print-on-demand provider, whichever it is: submit an order, read it back, cancel it, and
// tell a genuine webhook from anything else. Gelato (gelato.server.ts) implements it; the local stand-in
// (server/print-provider/stand-in/) speaks Gelato's API, so the same client is exercised locally and in tests.
import type { ProviderAddress, ProviderStatus } from '#core/print-provider.ts';

export type { ProviderAddress };

export interface ProviderOrderItem {
  /** Ours: the order item's id, as text. */
  reference: string;
  /** The provider's product (Gelato productUid). */
  productId: string;
  quantity: number;
  /** Where the provider fetches the print file (a signed, expiring link to the shop). */
  fileUrl: string;
}

export interface ProviderOrderRequest {
  /** Ours, unique per submission: `<orderNumber>-print-<attempt>`. The provider's orderReferenceId. */
  reference: string;
  /** Ours: the customer (id or email hash), the provider's customerReferenceId. */
  customerReference: string;
  /** ISO 4217, upper case (EUR). */
  currency: string;
  items: ProviderOrderItem[];
  address: ProviderAddress;
}

export interface ProviderParcel {
  carrier: string;
  trackingNumber: string;
  trackingUrl: string | null;
}

/** An order as the provider reports it, in the shop's words. */
export interface ProviderOrder {
  providerOrderId: string;
  reference: string;
  status: ProviderStatus;
  /** The provider's own status word (Gelato fulfillmentStatus), for the timeline. */
  providerStatus: string;
  /** Why it failed (address rejected, item failed), when it did. */
  failureReason: string | null;
  /** What the provider charges the shop, minor units of `costCurrency`; null until it says. */
  cost: number | null;
  costCurrency: string | null;
  parcels: ProviderParcel[];
}

export type CancelResult =
  | { cancelled: true; /** A cancellation fee the provider charges, minor units (null: none stated). */ fee: number | null }
  | { cancelled: false; reason: string };

/** A webhook delivery after its authentication: only a hint — the workflow fetches the order before acting on it. */
export interface ProviderWebhook {
  /** The provider's event id (Gelato `os_…`): recorded once. */
  eventId: string;
  type: string;
  providerOrderId: string | null;
  /** Our reference (orderReferenceId), when the event carries it. */
  reference: string | null;
  /** The status the event claims (not trusted: the order is fetched). */
  claimedStatus: string | null;
}

export interface PrintProvider {
  readonly name: 'gelato';
  /** The provider is the local stand-in (no real printing). */
  readonly local: boolean;
  /** Creates the order. Throws ProviderRejectedError when the provider refuses the request itself. */
  submitOrder(request: ProviderOrderRequest): Promise<ProviderOrder>;
  /** The order with this reference, or null: a retried submit finds the first one instead of ordering twice. */
  findOrder(reference: string): Promise<ProviderOrder | null>;
  getOrder(providerOrderId: string): Promise<ProviderOrder>;
  cancelOrder(providerOrderId: string): Promise<CancelResult>;
  /** Where an admin sees the order at the provider. */
  orderUrl(providerOrderId: string): string;
}

/** The provider could not be reached or answered 5xx/429: try again later. */
export class ProviderUnavailableError extends Error {
  override readonly name = 'ProviderUnavailableError';
  constructor(
    message: string,
    readonly status: number | null = null,
  ) {
    super(message);
  }
}

/** The provider refused the request (4xx with a reason): trying the same again will not help. */
export class ProviderRejectedError extends Error {
  override readonly name = 'ProviderRejectedError';
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}
