import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fulfilmentTypeOf, priceCart, shippingFor } from './pricing';

test('shipping tiers: 9.99 under 150.00, free from 150.00', () => {
  assert.equal(shippingFor(0).amount, 999);
  assert.equal(shippingFor(14999).amount, 999);
  assert.equal(shippingFor(15000).amount, 0);
  assert.equal(shippingFor(15000).id, 'free');
  assert.equal(shippingFor(5000, { flatRate: 500, freeFrom: 4000 }).amount, 0);
});

test('a digital-only cart has no shipping', () => {
  const t = priceCart([{ unitPrice: 1500, quantity: 2, format: 'digital' }], 'eur');
  assert.deepEqual([t.subtotal, t.shipping, t.total, t.fulfilmentType, t.needsShipping], [3000, 0, 3000, 'digital', false]);
  assert.equal(t.untilFreeShipping, null);
});

test('shipping is charged on the goods that ship, free once they reach the threshold', () => {
  const mixed = priceCart(
    [
      { unitPrice: 14000, quantity: 1, format: 'digital' },
      { unitPrice: 4500, quantity: 1, format: 'physical' },
    ],
    'eur',
  );
  assert.equal(mixed.fulfilmentType, 'mixed');
  assert.equal(mixed.shipping, 999);
  assert.equal(mixed.total, 14000 + 4500 + 999);
  assert.equal(mixed.untilFreeShipping, 15000 - 4500);
  const big = priceCart([{ unitPrice: 5000, quantity: 3, format: 'physical' }], 'eur');
  assert.equal(big.shipping, 0);
  assert.equal(big.total, 15000);
  assert.equal(big.itemCount, 3);
});

test('bundles count as both digital and physical', () => {
  assert.equal(fulfilmentTypeOf(['bundle']), 'mixed');
  assert.equal(fulfilmentTypeOf(['physical', 'physical']), 'physical');
  assert.equal(fulfilmentTypeOf([]), null);
});

test('quantities outside 1..99 are refused', () => {
  assert.throws(() => priceCart([{ unitPrice: 100, quantity: 0, format: 'digital' }], 'eur'), RangeError);
  assert.throws(() => priceCart([{ unitPrice: 100, quantity: 100, format: 'digital' }], 'eur'), RangeError);
  assert.throws(() => priceCart([{ unitPrice: 100, quantity: 1.5, format: 'digital' }], 'eur'), RangeError);
});
