// Whether a Checkout Session event describes the session the checkout created, for the amount and currency it
// expects (docs/decisions/047-payments-checked-against-their-session.md). A signed webhook proves only that
// whoever holds the signing secret sent it; these checks make an event for another session, amount or currency
// count for nothing, whoever signed it.
import type { TaxBehavior } from './tax.ts';

/** What an event's Checkout Session says about itself (Stripe's field names in the comments). */
export interface ReportedSession {
  /** `id` */
  id: string | null;
  /** `currency` */
  currency: string | null;
  /** `amount_subtotal`: the line items before discounts. */
  amountSubtotal: number | null;
  /** `amount_total`: what the customer pays. */
  amountTotal: number | null;
  /** `total_details.amount_discount` (0 when absent). */
  discount: number;
  /** `total_details.amount_tax` (0 when absent). */
  tax: number;
  /** The id of the promotion code in `discounts`, if any. */
  promotionCode: string | null;
}

/** The session the checkout created, as the shop (or its local stand-in for Stripe) knows it. */
export interface ExpectedSession {
  id: string;
  currency: string;
  /** The line items' total the session was created with. */
  subtotal: number;
  /** Line items plus shipping: what the session was created for, before any promotion code. */
  total: number;
  /**
   * What may come off: `exactly` when the payment page is the shop's own and recorded the discount it applied,
   * `atMost` when only Stripe knows it (the most the promotion code named on the event gives; 0 without one).
   */
  discount: { exactly: number } | { atMost: number };
  /** The payment page's own word on the session: false while it is not paid (local mode); null when only the event says. */
  paid: boolean | null;
  /**
   * How VAT enters what is due: inside the prices (`inclusive`: the total does not change) or on top of them
   * (`exclusive`); `exactly` the VAT the shop's own payment page fixed at payment, or null when only Stripe knows it.
   */
  tax: { behavior: TaxBehavior; exactly: number | null };
}

/**
 * Why the event is not a payment of the expected session; empty when it is. `payment`: the event claims the
 * session was paid (amounts and the payment page's word are checked); otherwise only which session it is and
 * its currency matter (an expiry or a failed delayed payment of another session must not end this checkout).
 */
export function sessionMismatches(reported: ReportedSession, expected: ExpectedSession, { payment }: { payment: boolean }): string[] {
  const reasons: string[] = [];
  if (reported.id !== expected.id) reasons.push(`session ${reported.id ?? '(none)'} is not this checkout's session ${expected.id}`);
  if (reported.currency?.toLowerCase() !== expected.currency.toLowerCase()) {
    reasons.push(`currency ${reported.currency ?? '(none)'} is not the order's ${expected.currency}`);
  }
  if (!payment) return reasons;
  if (expected.paid === false) reasons.push("the payment page's session is not paid");
  if (reported.amountSubtotal !== expected.subtotal) {
    reasons.push(`amount_subtotal ${reported.amountSubtotal ?? '(none)'} is not the ${expected.subtotal} the session was created with`);
  }
  const discount = reported.discount;
  const discountAllowed =
    'exactly' in expected.discount
      ? discount === expected.discount.exactly
      : Number.isSafeInteger(discount) && discount >= 0 && discount <= Math.min(expected.discount.atMost, expected.subtotal);
  if (!discountAllowed) {
    const allowed =
      'exactly' in expected.discount
        ? `${expected.discount.exactly}, as applied on the payment page`
        : `at most ${expected.discount.atMost}${reported.promotionCode ? ` (${reported.promotionCode})` : ' (no promotion code of the shop)'}`;
    reasons.push(`discount ${discount} is not ${allowed}`);
  }
  const tax = reported.tax;
  const taxValid = Number.isSafeInteger(tax) && tax >= 0;
  if (expected.tax.exactly != null ? tax !== expected.tax.exactly : !taxValid) {
    reasons.push(
      `amount_tax ${tax} is not ${expected.tax.exactly != null ? `${expected.tax.exactly}, as fixed on the payment page` : 'a tax amount'}`,
    );
  }
  // Exclusive prices: the VAT comes on top (the payment page's own figure, or Stripe's), so the total less the VAT
  // is the amount due before tax. Inclusive prices: the VAT is inside the prices and the total does not change.
  const taxOnTop = expected.tax.behavior === 'exclusive' ? (expected.tax.exactly ?? (taxValid ? tax : 0)) : 0;
  const due = expected.total - discount + taxOnTop;
  if (reported.amountTotal !== due) {
    reasons.push(`amount_total ${reported.amountTotal ?? '(none)'} is not the ${due} due${taxOnTop ? ` (${taxOnTop} of it VAT)` : ''}`);
  }
  return reasons;
}
