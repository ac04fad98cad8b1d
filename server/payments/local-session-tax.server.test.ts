import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LocalCheckoutSession } from '#db/entities/local-checkout-session.ts';
import { paidBreakdown, sessionTotals } from './local-session-tax.server.ts';

// A file (15.00) and an A3 poster (45.00) with 9.99 shipping, prices excluding VAT.
const session = {
  lines: [
    { name: 'Night Sky Print', description: 'A4 digital files', unitAmount: 1500, quantity: 1, orderItemId: 1, taxCategory: 'digital' },
    { name: 'Night Sky Poster', description: 'A3 poster', unitAmount: 4500, quantity: 1, orderItemId: 2, taxCategory: 'printed_matter' },
  ],
  shippingRates: [{ id: 'shr_local_standard', displayName: 'Standard', amount: 999 }],
  discount: 0,
  taxEnabled: true,
  taxBehavior: 'exclusive',
  tax: null,
} satisfies Partial<LocalCheckoutSession>;

test('exclusive prices: the VAT for the country comes on top of subtotal − discount + shipping', () => {
  // Germany: 15.00 × 19 % = 2.85, 45.00 × 7 % = 3.15, 9.99 × 19 % = 1.8981 → 1.90.
  const de = sessionTotals(session, 'DE');
  assert.deepEqual([de.subtotal, de.discount, de.shipping, de.tax, de.total], [6000, 0, 999, 790, 7789]);
  // No country yet, or one outside the table: no VAT.
  assert.equal(sessionTotals(session).total, 6999);
  assert.equal(sessionTotals(session, 'US').tax, 0);
  // With a discount of 6.00, spread 1.50 / 4.50: 13.50 × 19 % = 2.565 → 2.57, 40.50 × 7 % = 2.835 → 2.84.
  assert.deepEqual(sessionTotals({ ...session, discount: 600 }, 'DE').tax, 257 + 284 + 190);
});

test('inclusive prices: the total is what the prices say, the VAT inside it', () => {
  const inclusive = { ...session, taxBehavior: 'inclusive' as const };
  const de = sessionTotals(inclusive, 'DE');
  // 15.00 × 19/119 = 2.395 → 2.39, 45.00 × 7/107 = 2.944 → 2.94, 9.99 × 19/119 = 1.595 → 1.60.
  assert.deepEqual([de.tax, de.total], [693, 6999]);
  assert.equal(sessionTotals(inclusive, 'IE').total, 6999);
});

test('the breakdown fixed at payment wins over any country asked for; tax off charges none', () => {
  const fixed = { ...session, tax: paidBreakdown(session, 'DE') };
  assert.equal(sessionTotals(fixed, 'IE').total, 7789);
  assert.equal(sessionTotals(fixed).breakdown.country, 'DE');
  assert.equal(sessionTotals({ ...session, taxEnabled: false }, 'DE').tax, 0);
  // A line made before lines had a category is general goods.
  const old = { ...session, lines: [{ name: 'Mug', description: 'Speckled', unitAmount: 2200, quantity: 2 }] };
  assert.equal(sessionTotals(old, 'DE').breakdown.lines[0]!.rate, 1900);
});
