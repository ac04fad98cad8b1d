// The subscription side of a payment provider, as the membership code uses it: Stripe (stripe-subscriptions.server.ts)
// or the local stand-in that plays Stripe's part (local-subscriptions.server.ts). Both answer with Stripe's statuses.

/** A subscription as the provider reports it now. */
export interface SubscriptionSnapshot {
  subscriptionId: string;
  /** The provider's customer (Stripe `cus_…`). */
  customerRef: string;
  /** Stripe's status: incomplete, incomplete_expired, trialing, active, past_due, canceled, unpaid, paused. */
  status: string;
  /** Billing paused (Stripe's pause_collection): when it resumes. */
  pausedUntil: Date | null;
  cancelAtPeriodEnd: boolean;
  currentPeriodStart: Date | null;
  currentPeriodEnd: Date | null;
  endedAt: Date | null;
  priceId: string | null;
  metadata: Record<string, string>;
  latestInvoiceId: string | null;
}

/** An invoice of a subscription's period. */
export interface InvoiceSnapshot {
  invoiceId: string;
  subscriptionId: string | null;
  /** Stripe's status: draft, open, paid, void, uncollectible. */
  status: string;
  amountDue: number;
  amountPaid: number;
  currency: string;
  periodStart: Date | null;
  periodEnd: Date | null;
  attemptCount: number;
  hostedInvoiceUrl: string | null;
  paidAt: Date | null;
  /** When the provider retries a failed payment next (null: no more retries). */
  nextPaymentAttempt: Date | null;
}

export interface SubscriptionCheckoutInput {
  membershipId: number;
  customerId: number;
  email: string;
  plan: { id: number; name: string; stripePriceId: string; price: number; currency: string; trialDays: number };
  /** The provider's customer from an earlier membership, reused. */
  customerRef: string | null;
  successUrl: string;
  cancelUrl: string;
}

export interface SubscriptionProvider {
  /** A hosted checkout in subscription mode: where to send the customer. Metadata carries customerId, planId, membershipId. */
  createCheckout(input: SubscriptionCheckoutInput): Promise<{ url: string; sessionId: string; customerRef: string | null }>;
  retrieveSubscription(subscriptionId: string): Promise<SubscriptionSnapshot>;
  retrieveInvoice(invoiceId: string): Promise<InvoiceSnapshot>;
  /** Skip the next `periods` periods: no invoice, no payment; billing resumes after them. Idempotent per key. */
  pause(subscriptionId: string, periods: number, idempotencyKey: string): Promise<SubscriptionSnapshot>;
  resume(subscriptionId: string, idempotencyKey: string): Promise<SubscriptionSnapshot>;
  setCancelAtPeriodEnd(subscriptionId: string, cancel: boolean, idempotencyKey: string): Promise<SubscriptionSnapshot>;
  cancelNow(subscriptionId: string, idempotencyKey: string): Promise<SubscriptionSnapshot>;
  /** Move to another plan's price from now (proration as the provider does it). */
  changePrice(subscriptionId: string, priceId: string, idempotencyKey: string): Promise<SubscriptionSnapshot>;
  /** Where the member updates the card (Stripe's customer portal; the stand-in's page). */
  cardUpdateUrl(input: { customerRef: string; subscriptionId: string; returnUrl: string }): Promise<string>;
}

/** The provider refused the request (bad parameters, a subscription that no longer exists): retrying will not help. */
export class SubscriptionRejectedError extends Error {
  override name = 'SubscriptionRejectedError';
}
