import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parsePointsChoice, type PointsOffer } from './points-choice.ts';

const offer: PointsOffer = { available: 1200, maxUsable: 900, selected: 0, pointValue: 1, currency: 'eur' };

test('blank or zero uses no points, signed in or not', () => {
  assert.deepEqual(parsePointsChoice(null, null), { ok: true, points: 0 });
  assert.deepEqual(parsePointsChoice('  ', offer), { ok: true, points: 0 });
  assert.deepEqual(parsePointsChoice('0', null), { ok: true, points: 0 });
});

test('a whole number within the offer is taken', () => {
  assert.deepEqual(parsePointsChoice(' 900 ', offer), { ok: true, points: 900 });
  assert.deepEqual(parsePointsChoice('1', offer), { ok: true, points: 1 });
});

test('anything else is refused with the reason', () => {
  assert.match((parsePointsChoice('12.5', offer) as { message: string }).message, /whole number/);
  assert.match((parsePointsChoice('-3', offer) as { message: string }).message, /whole number/);
  assert.match((parsePointsChoice('abc', offer) as { message: string }).message, /whole number/);
  assert.match((parsePointsChoice('10', null) as { message: string }).message, /Sign in/);
  assert.match((parsePointsChoice('1201', offer) as { message: string }).message, /1,200 points available/);
  assert.match((parsePointsChoice('901', offer) as { message: string }).message, /At most 900 points/);
});
