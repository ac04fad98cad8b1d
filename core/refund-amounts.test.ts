import { test } from 'node:test';
import assert from 'node:assert/strict';
import { paidForShipping, paidForUnits } from './refund-amounts';

test('units of a line give back what was paid for them, the last ones the remainder', () => {
  // 3 × 10.00 excl. VAT, 3.00 off, 19 % on 27.00 = 5.13: paid 32.13 for three; 10.71 each.
  const line = { unitPrice: 1000, quantity: 3, netAmount: 2700, taxAmount: 513 };
  assert.equal(paidForUnits(line, 0, 1), 1071);
  assert.equal(paidForUnits(line, 1, 1), 1071);
  assert.equal(paidForUnits(line, 2, 1), 1071);
  assert.equal(paidForUnits(line, 0, 3), 3213);
  // 2 × 0.05 paid 0.11 (rounding): 0.06 then 0.05, never more than paid.
  const odd = { unitPrice: 5, quantity: 2, netAmount: 9, taxAmount: 2 };
  assert.equal(paidForUnits(odd, 0, 1) + paidForUnits(odd, 1, 1), 11);
});

test('lines paid before VAT was recorded give back their unit price', () => {
  assert.equal(paidForUnits({ unitPrice: 2200, quantity: 2, netAmount: null, taxAmount: 0 }, 0, 2), 4400);
});

test('shipping gives back its VAT when it was added on top', () => {
  assert.equal(paidForShipping({ shipping: 999, shippingTax: 190, taxBehavior: 'exclusive' }), 1189);
  assert.equal(paidForShipping({ shipping: 999, shippingTax: 160, taxBehavior: 'inclusive' }), 999);
  assert.equal(paidForShipping({ shipping: 999, shippingTax: 0, taxBehavior: null }), 999);
});
