// Stripe Checkout Sessions (or the local payment page's), keyed by order number, and the check of their events.
import type { ServerDeps } from '#server/deps.server.ts';
import { createCheckoutSession } from '#server/payments/create-checkout-session.server.ts';
import { expireCheckoutSession } from '#server/payments/expire-checkout-session.server.ts';
import { verifyPaymentEvent } from '#server/payments/verify-payment-event.server.ts';
import { activitiesOf } from './adapt.ts';
import type { CheckoutActivities } from './types.ts';

export function createPaymentActivities(
  deps: ServerDeps,
): Pick<CheckoutActivities, 'createCheckoutSession' | 'expireCheckoutSession' | 'verifyPaymentEvent'> {
  return activitiesOf(deps, { createCheckoutSession, expireCheckoutSession, verifyPaymentEvent });
}
