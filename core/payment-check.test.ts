import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sessionMismatches, type ExpectedSession, type ReportedSession } from './payment-check.ts';

// 2 × 45.00 + 9.99 shipping, as the session was created.
const stripeSession: ExpectedSession = {
  id: 'cs_test_a',
  currency: 'eur',
  subtotal: 9000,
  total: 9999,
  discount: { atMost: 0 },
  paid: null,
  tax: { behavior: 'inclusive', exactly: null },
};
const genuine: ReportedSession = {
  id: 'cs_test_a',
  currency: 'eur',
  amountSubtotal: 9000,
  amountTotal: 9999,
  discount: 0,
  tax: 0,
  promotionCode: null,
};
const payment = { payment: true };

test('the payment of the session the checkout created, for the amount due, matches', () => {
  assert.deepEqual(sessionMismatches(genuine, stripeSession, payment), []);
  // Stripe writes currencies in lower case; the order may not.
  assert.deepEqual(sessionMismatches(genuine, { ...stripeSession, currency: 'EUR' }, payment), []);
});

test('another session, another amount or another currency never matches', () => {
  assert.deepEqual(sessionMismatches({ ...genuine, id: 'cs_test_other' }, stripeSession, payment), [
    "session cs_test_other is not this checkout's session cs_test_a",
  ]);
  assert.deepEqual(sessionMismatches({ ...genuine, id: null }, stripeSession, payment), [
    "session (none) is not this checkout's session cs_test_a",
  ]);
  assert.deepEqual(sessionMismatches({ ...genuine, amountTotal: 100 }, stripeSession, payment), ['amount_total 100 is not the 9999 due']);
  assert.deepEqual(sessionMismatches({ ...genuine, amountTotal: null }, stripeSession, payment), [
    'amount_total (none) is not the 9999 due',
  ]);
  assert.deepEqual(sessionMismatches({ ...genuine, amountSubtotal: 1, amountTotal: 1000 }, stripeSession, payment), [
    'amount_subtotal 1 is not the 9000 the session was created with',
    'amount_total 1000 is not the 9999 due',
  ]);
  assert.deepEqual(sessionMismatches({ ...genuine, currency: 'usd' }, stripeSession, payment), ["currency usd is not the order's eur"]);
});

test('a discount counts only as far as a promotion code of the shop gives it', () => {
  // No code of the shop on the event: nothing may come off.
  assert.deepEqual(sessionMismatches({ ...genuine, discount: 9000, amountTotal: 999 }, stripeSession, payment), [
    'discount 9000 is not at most 0 (no promotion code of the shop)',
  ]);
  const tenPercent = { ...stripeSession, discount: { atMost: 900 } };
  assert.deepEqual(sessionMismatches({ ...genuine, discount: 900, amountTotal: 9099, promotionCode: 'promo_1' }, tenPercent, payment), []);
  assert.deepEqual(sessionMismatches({ ...genuine, discount: 901, amountTotal: 9098, promotionCode: 'promo_1' }, tenPercent, payment), [
    'discount 901 is not at most 900 (promo_1)',
  ]);
  assert.deepEqual(sessionMismatches({ ...genuine, discount: -5, amountTotal: 10004, promotionCode: 'promo_1' }, tenPercent, payment), [
    'discount -5 is not at most 900 (promo_1)',
  ]);
  // The discount is right but the total is not what it leaves.
  assert.deepEqual(sessionMismatches({ ...genuine, discount: 900, amountTotal: 1, promotionCode: 'promo_1' }, tenPercent, payment), [
    'amount_total 1 is not the 9099 due',
  ]);
});

test("the local payment page's own record decides: its discount exactly, and only once it is paid", () => {
  const local: ExpectedSession = {
    id: 'cs_local_a',
    currency: 'eur',
    subtotal: 3000,
    total: 3000,
    discount: { exactly: 300 },
    paid: true,
    tax: { behavior: 'inclusive', exactly: 0 },
  };
  const report: ReportedSession = {
    id: 'cs_local_a',
    currency: 'eur',
    amountSubtotal: 3000,
    amountTotal: 2700,
    discount: 300,
    tax: 0,
    promotionCode: 'promo_x',
  };
  assert.deepEqual(sessionMismatches(report, local, payment), []);
  assert.deepEqual(sessionMismatches({ ...report, discount: 3000, amountTotal: 0 }, local, payment), [
    'discount 3000 is not 300, as applied on the payment page',
  ]);
  assert.deepEqual(sessionMismatches(report, { ...local, paid: false }, payment), ["the payment page's session is not paid"]);
});

test('an event that is not a payment (an expiry, a failed delayed payment) is checked for its session and currency only', () => {
  const expiry = { payment: false };
  assert.deepEqual(sessionMismatches({ ...genuine, amountTotal: null, amountSubtotal: null }, stripeSession, expiry), []);
  assert.deepEqual(sessionMismatches({ ...genuine, id: 'cs_test_other' }, stripeSession, expiry), [
    "session cs_test_other is not this checkout's session cs_test_a",
  ]);
  assert.deepEqual(sessionMismatches({ ...genuine, currency: 'gbp' }, { ...stripeSession, paid: false }, expiry), [
    "currency gbp is not the order's eur",
  ]);
});

test('Stripe Tax with inclusive prices: the VAT is inside the total, which stays what is due', () => {
  // 2 × 45.00 prints + 9.99 shipping to Germany: 7 % in the prints (589), 19 % in the shipping (160).
  const taxed = { ...genuine, tax: 749 };
  assert.deepEqual(sessionMismatches(taxed, stripeSession, payment), []);
  assert.deepEqual(sessionMismatches({ ...taxed, amountTotal: 9999 + 749 }, stripeSession, payment), [
    'amount_total 10748 is not the 9999 due',
  ]);
  assert.deepEqual(sessionMismatches({ ...taxed, tax: -1 }, stripeSession, payment), ['amount_tax -1 is not a tax amount']);
});

test('Stripe Tax with exclusive prices: the total less the VAT is what is due before tax', () => {
  const exclusive: ExpectedSession = { ...stripeSession, tax: { behavior: 'exclusive', exactly: null } };
  // 90.00 at 7 % = 6.30, 9.99 shipping at 19 % = 1.90: 99.99 + 8.20.
  assert.deepEqual(sessionMismatches({ ...genuine, tax: 820, amountTotal: 10819 }, exclusive, payment), []);
  assert.deepEqual(
    sessionMismatches({ ...genuine, tax: 0, amountTotal: 9999 }, exclusive, payment),
    [],
    'no VAT (a country outside the EU)',
  );
  // A total that does not cover the amount due, whatever tax it names.
  assert.deepEqual(sessionMismatches({ ...genuine, tax: 820, amountTotal: 9999 }, exclusive, payment), [
    'amount_total 9999 is not the 10819 due (820 of it VAT)',
  ]);
  assert.deepEqual(sessionMismatches({ ...genuine, tax: -820, amountTotal: 9179 }, exclusive, payment), [
    'amount_tax -820 is not a tax amount',
    'amount_total 9179 is not the 9999 due',
  ]);
  // With a promotion code: 10 % off the goods (9.00), tax on what is left.
  const tenPercent: ExpectedSession = { ...exclusive, discount: { atMost: 900 } };
  assert.deepEqual(
    sessionMismatches({ ...genuine, discount: 900, tax: 757, amountTotal: 9099 + 757, promotionCode: 'promo_1' }, tenPercent, payment),
    [],
  );
});

test("the local payment page's VAT must be the breakdown it fixed at payment", () => {
  // A file (15.00) and an A3 print (45.00) to Germany, 9.99 shipping, prices excluding VAT: 2.85 + 3.15 + 1.90.
  const local: ExpectedSession = {
    id: 'cs_local_b',
    currency: 'eur',
    subtotal: 6000,
    total: 6999,
    discount: { exactly: 0 },
    paid: true,
    tax: { behavior: 'exclusive', exactly: 790 },
  };
  const report: ReportedSession = {
    id: 'cs_local_b',
    currency: 'eur',
    amountSubtotal: 6000,
    amountTotal: 7789,
    discount: 0,
    tax: 790,
    promotionCode: null,
  };
  assert.deepEqual(sessionMismatches(report, local, payment), []);
  assert.deepEqual(sessionMismatches({ ...report, tax: 0, amountTotal: 6999 }, local, payment), [
    'amount_tax 0 is not 790, as fixed on the payment page',
    'amount_total 6999 is not the 7789 due (790 of it VAT)',
  ]);
  // The same prices including VAT: 2.39 + 2.94 + 1.60 inside the 69.99.
  const inclusive: ExpectedSession = { ...local, tax: { behavior: 'inclusive', exactly: 693 } };
  assert.deepEqual(sessionMismatches({ ...report, tax: 693, amountTotal: 6999 }, inclusive, payment), []);
  assert.deepEqual(sessionMismatches({ ...report, tax: 693, amountTotal: 7692 }, inclusive, payment), [
    'amount_total 7692 is not the 6999 due',
  ]);
});
