import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  describeDiscount,
  evaluatePromo,
  fixedDiscount,
  normalisePromoCode,
  percentDiscount,
  promoStatus,
  PROMO_CODE_PATTERN,
  type PromoRules,
} from './promotions';

const base: PromoRules = {
  kind: 'percent',
  percentOff: 10,
  amountOff: null,
  currency: null,
  active: true,
  deleted: false,
  startsAt: null,
  endsAt: null,
  maxRedemptions: null,
  maxPerCustomer: null,
  minimumAmount: null,
  minimumCurrency: null,
};
const now = new Date('2026-11-22T12:00:00Z');
const ctx = { now, subtotal: 4500, currency: 'eur', timesRedeemed: 0, redeemedByCustomer: 0 };

test('percentages round to the nearest cent, halves up, in integers (no float drift)', () => {
  assert.equal(percentDiscount(3490, 15), 524, '15% of 34.90 = 5.235 → 5.24 (a float would give 5.2349999…)');
  assert.equal(percentDiscount(4500, 10), 450);
  assert.equal(percentDiscount(999, 10), 100, '99.9 → 100');
  assert.equal(percentDiscount(994, 10), 99, '99.4 → 99');
  assert.equal(percentDiscount(995, 10), 100, 'a half goes up');
  assert.equal(percentDiscount(1, 50), 1, '0.5 cent → 1');
  assert.equal(percentDiscount(1, 49), 0);
  assert.equal(percentDiscount(0, 10), 0);
  assert.equal(percentDiscount(12345, 100), 12345, '100% takes everything off and no more');
  assert.equal(percentDiscount(3333, 33), 1100, '1099.89 → 1100');
  assert.throws(() => percentDiscount(100.5, 10), RangeError);
  assert.throws(() => percentDiscount(100, 10.5), RangeError);
  assert.throws(() => percentDiscount(-100, 10), RangeError);
});

test('every percentage of every small amount matches exact decimal rounding', () => {
  for (let amount = 0; amount <= 2000; amount += 7) {
    for (let pct = 1; pct <= 100; pct++) {
      // Exact: amount × pct / 100 with a half rounded up, computed with BigInt.
      const exact = Number((BigInt(amount) * BigInt(pct) * 2n + 100n) / 200n);
      assert.equal(percentDiscount(amount, pct), exact, `${pct}% of ${amount}`);
    }
  }
});

test('a fixed amount never takes the subtotal below zero', () => {
  assert.equal(fixedDiscount(4500, 500), 500);
  assert.equal(fixedDiscount(1500, 2000), 1500);
  assert.equal(fixedDiscount(0, 2000), 0);
  const verdict = evaluatePromo({ ...base, kind: 'fixed', percentOff: null, amountOff: 2000, currency: 'eur' }, { ...ctx, subtotal: 1500 });
  assert.deepEqual(verdict, { ok: true, discount: 1500 });
});

test('percentage and fixed codes through evaluatePromo', () => {
  assert.deepEqual(evaluatePromo(base, ctx), { ok: true, discount: 450 });
  assert.deepEqual(evaluatePromo({ ...base, kind: 'fixed', percentOff: null, amountOff: 500, currency: 'eur' }, ctx), {
    ok: true,
    discount: 500,
  });
});

test('inactive and deleted codes are refused', () => {
  assert.equal(evaluatePromo({ ...base, active: false }, ctx).ok, false);
  const deleted = evaluatePromo({ ...base, deleted: true }, ctx);
  assert.equal(deleted.ok === false && deleted.reason, 'inactive');
});

test('start and expiry: start inclusive, expiry exclusive (as Stripe’s expires_at)', () => {
  const starts = new Date('2026-11-23T00:00:00Z');
  const r1 = evaluatePromo({ ...base, startsAt: starts }, ctx);
  assert.equal(r1.ok === false && r1.reason, 'not_started');
  assert.equal(evaluatePromo({ ...base, startsAt: starts }, { ...ctx, now: starts }).ok, true);
  const ends = new Date('2026-11-22T12:00:00Z');
  const r2 = evaluatePromo({ ...base, endsAt: ends }, ctx);
  assert.equal(r2.ok === false && r2.reason, 'expired');
  assert.equal(evaluatePromo({ ...base, endsAt: ends }, { ...ctx, now: new Date(ends.getTime() - 1) }).ok, true);
});

test('max redemptions in total and per customer', () => {
  const rules = { ...base, maxRedemptions: 3, maxPerCustomer: 1 };
  assert.equal(evaluatePromo(rules, { ...ctx, timesRedeemed: 2 }).ok, true);
  const exhausted = evaluatePromo(rules, { ...ctx, timesRedeemed: 3 });
  assert.equal(exhausted.ok === false && exhausted.reason, 'exhausted');
  const again = evaluatePromo(rules, { ...ctx, timesRedeemed: 1, redeemedByCustomer: 1 });
  assert.equal(again.ok === false && again.reason, 'customer_limit');
});

test('minimum order amount is checked on the subtotal before the discount', () => {
  const rules = { ...base, minimumAmount: 5000, minimumCurrency: 'eur' };
  const below = evaluatePromo(rules, { ...ctx, subtotal: 4999 });
  assert.equal(below.ok === false && below.reason, 'minimum');
  assert.match(below.ok === false ? below.message : '', /50\.00/);
  assert.deepEqual(evaluatePromo(rules, { ...ctx, subtotal: 5000 }), { ok: true, discount: 500 });
});

test('a fixed amount in another currency does not apply', () => {
  const r = evaluatePromo({ ...base, kind: 'fixed', percentOff: null, amountOff: 500, currency: 'usd' }, ctx);
  assert.equal(r.ok === false && r.reason, 'currency');
});

test('codes: upper case, letters digits and dashes', () => {
  assert.equal(normalisePromoCode('  summer-10 '), 'SUMMER-10');
  assert.ok(PROMO_CODE_PATTERN.test('SUMMER-10'));
  assert.ok(!PROMO_CODE_PATTERN.test('SUMMER 10'));
  assert.ok(!PROMO_CODE_PATTERN.test('AB'));
  assert.ok(!PROMO_CODE_PATTERN.test('-ABC'));
  assert.equal(describeDiscount(base), '10% off');
  assert.match(describeDiscount({ kind: 'fixed', percentOff: null, amountOff: 500, currency: 'eur' }), /5\.00 off/);
});

test('status for the admin list', () => {
  const r = { ...base, timesRedeemed: 0 };
  assert.equal(promoStatus(r, now), 'active');
  assert.equal(promoStatus({ ...r, active: false }, now), 'inactive');
  assert.equal(promoStatus({ ...r, deleted: true }, now), 'deleted');
  assert.equal(promoStatus({ ...r, endsAt: now }, now), 'expired');
  assert.equal(promoStatus({ ...r, maxRedemptions: 1, timesRedeemed: 1 }, now), 'used_up');
  assert.equal(promoStatus({ ...r, startsAt: new Date(now.getTime() + 1) }, now), 'scheduled');
});
