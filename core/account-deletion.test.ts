import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  STAFF_ACCOUNT_NOT_DELETED,
  anonymisedAddress,
  deletedAccountEmail,
  deletionBlockers,
  deletionRefusal,
  isDeletedAccountEmail,
} from './account-deletion.ts';

test('a pending order or an unshipped parcel holds a deletion back; digital, shipped, refunded and cancelled orders do not', () => {
  const orders = [
    { orderNumber: 'A', status: 'pending', fulfilmentType: 'digital', shippedAt: null },
    { orderNumber: 'B', status: 'paid', fulfilmentType: 'physical', shippedAt: null },
    { orderNumber: 'C', status: 'partially_refunded', fulfilmentType: 'mixed', shippedAt: null },
    { orderNumber: 'D', status: 'paid', fulfilmentType: 'digital', shippedAt: null },
    { orderNumber: 'E', status: 'paid', fulfilmentType: 'physical', shippedAt: '2026-12-01T10:00:00Z' },
    { orderNumber: 'F', status: 'fulfilled', fulfilmentType: 'physical', shippedAt: new Date() },
    { orderNumber: 'G', status: 'refunded', fulfilmentType: 'physical', shippedAt: null },
    { orderNumber: 'H', status: 'cancelled', fulfilmentType: 'physical', shippedAt: null },
  ] as const;
  assert.deepEqual(deletionBlockers(orders), [
    { orderNumber: 'A', reason: 'its payment is still open' },
    { orderNumber: 'B', reason: 'its parcel has not been shipped yet' },
    { orderNumber: 'C', reason: 'its parcel has not been shipped yet' },
  ]);
  assert.deepEqual(deletionBlockers([]), []);
});

test('a deleted account’s address is unique per account and undeliverable', () => {
  assert.equal(deletedAccountEmail(42), 'deleted-42@deleted.invalid');
  assert.ok(isDeletedAccountEmail(deletedAccountEmail(7)));
  assert.ok(!isDeletedAccountEmail('deleted-7@deleted.invalid.example.com'));
  assert.ok(!isDeletedAccountEmail('ada@example.com'));
});

test('an anonymised address keeps the country only', () => {
  const address = { name: 'Ada', line1: '1 Main St', line2: 'Flat 2', city: 'Dublin', postalCode: 'D01', state: 'Leinster', country: 'IE' };
  assert.deepEqual(anonymisedAddress(address), {
    name: null,
    line1: null,
    line2: null,
    city: null,
    postalCode: null,
    state: null,
    country: 'IE',
  });
  assert.equal(anonymisedAddress(null), null);
});

test('a staff account is never deleted as a customer’s is; a customer’s open orders are named in the refusal', () => {
  assert.equal(deletionRefusal('admin', []), STAFF_ACCOUNT_NOT_DELETED);
  assert.equal(deletionRefusal('superadmin', []), STAFF_ACCOUNT_NOT_DELETED);
  assert.equal(deletionRefusal('customer', []), null);
  assert.equal(
    deletionRefusal('customer', [
      { orderNumber: 'A', status: 'pending', fulfilmentType: 'digital', shippedAt: null },
      { orderNumber: 'B', status: 'paid', fulfilmentType: 'physical', shippedAt: null },
    ]),
    'Your account can be deleted once A is settled (its payment is still open) and B is settled (its parcel has not been shipped yet).',
  );
});
