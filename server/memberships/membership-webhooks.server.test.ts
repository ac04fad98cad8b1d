import assert from 'node:assert/strict';
import { test } from 'node:test';
import { membershipEventOf } from './membership-webhooks.server.ts';

const event = (type: string) => ({ id: 'evt_1', type, created: 1_700_000_000 });

test('a subscription event names its subscription and the customer in its metadata', () => {
  const e = membershipEventOf(event('customer.subscription.updated'), {
    id: 'sub_1',
    object: 'subscription',
    metadata: { customerId: '7' },
  });
  assert.deepEqual(e, {
    eventId: 'evt_1',
    type: 'customer.subscription.updated',
    subscriptionId: 'sub_1',
    invoiceId: null,
    checkoutSessionId: null,
    created: 1_700_000_000,
    metadata: { customerId: '7' },
  });
});

test("an invoice event finds its subscription in either API version's place", () => {
  const basil = membershipEventOf(event('invoice.paid'), {
    id: 'in_1',
    object: 'invoice',
    parent: { subscription_details: { subscription: 'sub_1', metadata: { customerId: '7' } } },
  });
  assert.equal(basil?.subscriptionId, 'sub_1');
  assert.equal(basil?.invoiceId, 'in_1');
  assert.equal(basil?.metadata.customerId, '7');
  const acacia = membershipEventOf(event('invoice.payment_failed'), {
    id: 'in_2',
    object: 'invoice',
    subscription: 'sub_2',
    subscription_details: { metadata: { customerId: '8' } },
  });
  assert.equal(acacia?.subscriptionId, 'sub_2');
  assert.equal(acacia?.metadata.customerId, '8');
});

test("an order's checkout, a one-off invoice and other events are not a membership's", () => {
  assert.equal(membershipEventOf(event('checkout.session.completed'), { id: 'cs_1', object: 'checkout.session', mode: 'payment' }), null);
  assert.equal(membershipEventOf(event('invoice.paid'), { id: 'in_3', object: 'invoice' }), null);
  assert.equal(membershipEventOf(event('charge.refunded'), { id: 'ch_1', object: 'charge' }), null);
  const subscriptionCheckout = membershipEventOf(event('checkout.session.completed'), {
    id: 'cs_2',
    object: 'checkout.session',
    mode: 'subscription',
    subscription: 'sub_9',
    metadata: { customerId: '3' },
  });
  assert.equal(subscriptionCheckout?.checkoutSessionId, 'cs_2');
  assert.equal(subscriptionCheckout?.subscriptionId, 'sub_9');
});
