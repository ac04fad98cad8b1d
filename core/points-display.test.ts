import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pendingAvailableAt, pointsText, signedPoints, transferLabel } from './points-display.ts';

const paidAt = new Date('2026-03-01T10:00:00Z');
const deliveredAt = new Date('2026-03-05T08:30:00Z');

test('files only: the refund window runs from payment', () => {
  assert.deepEqual(pendingAvailableAt({ paidAt, deliveredAt: null, ships: false }, 14, 1), {
    at: new Date('2026-03-15T10:00:00Z'),
    note: null,
  });
});

test('something ships: the refund window runs from delivery, and there is no date before it', () => {
  assert.deepEqual(pendingAvailableAt({ paidAt, deliveredAt, ships: true }, 14, 1), { at: new Date('2026-03-19T08:30:00Z'), note: null });
  assert.deepEqual(pendingAvailableAt({ paidAt, deliveredAt: null, ships: true }, 14, 1), { at: null, note: '14 days after delivery' });
  assert.deepEqual(pendingAvailableAt({ paidAt, deliveredAt: null, ships: true }, 1, 1), { at: null, note: '1 day after delivery' });
});

test('a delivery date on an order of files only does not move its date', () => {
  assert.deepEqual(pendingAvailableAt({ paidAt, deliveredAt, ships: false }, 14, 1).at, new Date('2026-03-15T10:00:00Z'));
});

test('the time scale shortens the window as it shortens the workflows’ timers', () => {
  // 14 days at 1/86,400: 14 seconds.
  assert.deepEqual(pendingAvailableAt({ paidAt, deliveredAt: null, ships: false }, 14, 1 / 86_400).at, new Date('2026-03-01T10:00:14Z'));
});

test('an unpaid order has no date', () => {
  assert.deepEqual(pendingAvailableAt({ paidAt: null, deliveredAt: null, ships: false }, 14, 1), {
    at: null,
    note: 'once the order is paid',
  });
});

test('transfer types read as words; an unknown one as written', () => {
  assert.equal(transferLabel('make_available'), 'Now available');
  assert.equal(transferLabel('spend'), 'Spent');
  assert.equal(transferLabel('something_new'), 'something_new');
  assert.equal(transferLabel('constructor'), 'constructor');
});

test('points with a sign and a unit', () => {
  assert.equal(signedPoints(1250), '+1,250');
  assert.equal(signedPoints(-40), '\u221240');
  assert.equal(signedPoints(0), '');
  assert.equal(pointsText(1), '1 point');
  assert.equal(pointsText(0), '0 points');
  assert.equal(pointsText(1250), '1,250 points');
});
