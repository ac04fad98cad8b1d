import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  addressLines,
  countItems,
  customerTimeline,
  formatOrderDate,
  formatOrderDateTime,
  isFinalOrderStatus,
  pageCount,
  parsePage,
  pollIntervalMs,
  summariseItems,
  trackingOf,
} from '#core/order-display.ts';

test('only cancelled, refunded and fulfilled orders stop the page polling', () => {
  for (const s of ['cancelled', 'refunded', 'fulfilled']) {
    assert.equal(isFinalOrderStatus(s), true, s);
    assert.equal(pollIntervalMs(s), null, s);
  }
  assert.equal(pollIntervalMs('pending'), 3_000);
  assert.equal(pollIntervalMs('paid'), 10_000);
  assert.equal(pollIntervalMs('partially_refunded'), 10_000);
  // A paid digital-only order: every 2 s while files are made, then nothing more to wait for.
  assert.equal(pollIntervalMs('paid', { physical: false, files: { total: 0, inProgress: false } }), 10_000, 'files not listed yet');
  assert.equal(pollIntervalMs('paid', { physical: false, files: { total: 2, inProgress: true } }), 2_000);
  assert.equal(pollIntervalMs('paid', { physical: false, files: { total: 2, inProgress: false } }), null);
  assert.equal(pollIntervalMs('paid', { physical: true, files: { total: 2, inProgress: false } }), 10_000, 'a parcel still to come');
  assert.equal(pollIntervalMs('pending', { physical: false, files: { total: 0, inProgress: false } }), 3_000);
  assert.equal(isFinalOrderStatus('unknown'), false);
});

test('dates print in UTC, the same on the server and in the browser', () => {
  assert.equal(formatOrderDate('2026-03-01T23:30:00.000Z'), '1 March 2026');
  assert.equal(formatOrderDate(new Date('2025-06-14T00:00:00Z')), '14 June 2025');
  assert.equal(formatOrderDateTime('2026-03-01T09:05:00.000Z'), '1 March 2026, 09:05 UTC');
  assert.equal(formatOrderDate('not a date'), '');
});

test('item summaries name the first lines and count the rest', () => {
  assert.equal(summariseItems([]), 'No items');
  assert.equal(summariseItems([{ title: 'Poster', quantity: 1 }]), 'Poster');
  assert.equal(
    summariseItems([
      { title: 'Poster', quantity: 2 },
      { title: 'Tote', quantity: 1 },
    ]),
    '2 × Poster, Tote',
  );
  assert.equal(
    summariseItems([
      { title: 'A', quantity: 1 },
      { title: 'B', quantity: 1 },
      { title: 'C', quantity: 3 },
      { title: 'D', quantity: 1 },
    ]),
    'A, B and 2 more',
  );
  assert.equal(
    countItems([
      { title: 'A', quantity: 2 },
      { title: 'B', quantity: 3 },
    ]),
    5,
  );
});

test('address lines leave out empty parts and join postcode and city', () => {
  assert.deepEqual(addressLines(null), []);
  assert.deepEqual(
    addressLines({
      name: 'Aoife Byrne',
      line1: '12 Quay Street',
      line2: ' ',
      city: 'Galway',
      postalCode: 'H91 X2Y3',
      state: null,
      country: 'IE',
    }),
    ['Aoife Byrne', '12 Quay Street', 'H91 X2Y3 Galway', 'IE'],
  );
  assert.deepEqual(addressLines({ name: null, line1: null, line2: null, city: null, postalCode: null, state: null, country: 'FR' }), [
    'FR',
  ]);
});

test('the customer timeline hides internal events and words the rest for the customer', () => {
  const at = '2026-01-01T10:00:00.000Z';
  const shown = customerTimeline([
    { id: 1, type: 'created', message: 'Order created for €15.00', at },
    { id: 2, type: 'checkout_started', message: 'Checkout session created', at },
    { id: 3, type: 'paid', message: 'Paid €15.00', at },
    { id: 4, type: 'linked', message: 'Guest order: account created for a@example.com', at },
    { id: 5, type: 'note', message: 'Customer is difficult', at },
    { id: 6, type: 'shipped', message: 'Shipped with An Post', at },
    { id: 7, type: 'constructor', message: 'prototype keys are not event types', at },
  ]);
  assert.deepEqual(
    shown.map((e) => [e.id, e.message]),
    [
      [1, 'Order placed'],
      [3, 'Payment received'],
      [6, 'Shipped with An Post'],
    ],
  );
});

test('tracking is read only when the record has a tracking number; links must be http(s)', () => {
  assert.equal(trackingOf({ status: 'paid' }), null);
  assert.equal(trackingOf({ trackingNumber: '  ' }), null);
  assert.deepEqual(trackingOf({ carrier: 'An Post', trackingNumber: 'RX123IE', trackingUrl: 'https://track.example/RX123IE' }), {
    carrier: 'An Post',
    number: 'RX123IE',
    url: 'https://track.example/RX123IE',
  });
  assert.equal(trackingOf({ trackingNumber: 'X', trackingUrl: 'javascript:alert(1)' })?.url, null);
  assert.equal(trackingOf({ trackingNumber: 'X', trackingUrl: 'not a url' })?.url, null);
});

test('page numbers: bad input is page 1; at least one page', () => {
  assert.equal(parsePage(null), 1);
  assert.equal(parsePage('3'), 3);
  assert.equal(parsePage('0'), 1);
  assert.equal(parsePage('-2'), 1);
  assert.equal(parsePage('2.5'), 1);
  assert.equal(parsePage('abc'), 1);
  assert.equal(pageCount(0, 20), 1);
  assert.equal(pageCount(20, 20), 1);
  assert.equal(pageCount(21, 20), 2);
});
