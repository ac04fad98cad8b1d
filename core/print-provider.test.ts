import { test } from 'node:test';
import assert from 'node:assert/strict';
import { advances, fromGelatoStatus, providerAddressFrom } from './print-provider.ts';

test('statuses only move forward; failure and cancellation end an order not yet shipped', () => {
  assert.ok(advances('submitting', 'submitted'));
  assert.ok(advances('submitted', 'shipped'));
  assert.ok(!advances('shipped', 'in_production'), 'a late "in production" after shipping is old news');
  assert.ok(!advances('shipped', 'shipped'));
  assert.ok(advances('in_production', 'failed'));
  assert.ok(!advances('shipped', 'cancelled'), 'a shipped parcel is past cancelling');
  assert.ok(!advances('delivered', 'shipped'));
  assert.ok(!advances('cancelled', 'submitted'));
});

test("Gelato's statuses fold into ours; an unknown one is no progress", () => {
  assert.equal(fromGelatoStatus('passed'), 'submitted');
  assert.equal(fromGelatoStatus('printed'), 'in_production');
  assert.equal(fromGelatoStatus('in_transit'), 'shipped');
  assert.equal(fromGelatoStatus('canceled'), 'cancelled');
  assert.equal(fromGelatoStatus('something_new'), 'submitted');
});

test("the order's address as the provider wants it, or null when it cannot ship", () => {
  const a = { name: 'Jane van Doe', line1: '1 Main St', line2: null, city: 'Dublin', postalCode: 'D01', state: null, country: 'ie' };
  assert.deepEqual(providerAddressFrom(a, 'jane@example.com'), {
    firstName: 'Jane',
    lastName: 'van Doe',
    addressLine1: '1 Main St',
    addressLine2: null,
    city: 'Dublin',
    postCode: 'D01',
    state: null,
    country: 'IE',
    email: 'jane@example.com',
    phone: null,
  });
  assert.equal(providerAddressFrom({ ...a, line1: null }, 'jane@example.com'), null);
  assert.equal(providerAddressFrom(a, null), null);
});
