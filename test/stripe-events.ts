// Stripe webhook events as Stripe sends them: signed with the shop's webhook secret.
import Stripe from 'stripe';

const stripe = new Stripe('sk_test_unused');

/** A signed event; `created` (seconds) is when Stripe made the event, `timestamp` when it signed this delivery. */
export function signedEvent(type: string, object: Record<string, unknown>, opts: { secret: string; timestamp?: number; created?: number }) {
  const event = {
    id: `evt_test_${Math.random().toString(36).slice(2)}`,
    object: 'event',
    type,
    created: opts.created ?? Math.floor(Date.now() / 1000),
    data: { object },
  };
  const payload = JSON.stringify(event);
  const header = stripe.webhooks.generateTestHeaderString({ payload, secret: opts.secret, timestamp: opts.timestamp });
  return { event, payload, header };
}

export function sendWebhook(baseUrl: string, w: { payload: string; header: string }) {
  return fetch(`${baseUrl}/webhooks/stripe`, {
    method: 'POST',
    body: w.payload,
    headers: { 'Content-Type': 'application/json', 'Stripe-Signature': w.header },
  });
}

/** A completed, paid Checkout Session for an order (amount = subtotal; shipping 9.99 on top). */
export function completedSession(orderNumber: string, sessionId: string, amount: number, email = 'Jane@Example.com') {
  return {
    id: sessionId,
    object: 'checkout.session',
    client_reference_id: orderNumber,
    metadata: { orderNumber },
    status: 'complete',
    payment_status: 'paid',
    currency: 'eur',
    amount_subtotal: amount,
    amount_total: amount + 999,
    total_details: { amount_discount: 0, amount_shipping: 999, amount_tax: 0 },
    customer_details: { email, name: 'Jane Doe' },
    collected_information: {
      shipping_details: {
        name: 'Jane Doe',
        address: { line1: '1 Main St', line2: null, city: 'Dublin', postal_code: 'D01', state: null, country: 'IE' },
      },
    },
    payment_intent: `pi_test_${Math.random().toString(36).slice(2)}`,
  };
}
