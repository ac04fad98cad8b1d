import { test } from 'node:test';
import assert from 'node:assert/strict';
import { estimateCartVat } from './cart-tax.ts';

const IE = { enabled: true, country: 'IE' } as const;

test('inclusive prices: the VAT inside the total, per line and shipping, at the seller country’s rates', () => {
  // A3 poster 45.00 (printed matter, IE 0 %) + 9.99 shipping at 23 %: 999 × 23 / 123 = 186.8 → 1.87
  const e = estimateCartVat([{ unitPrice: 4500, quantity: 1, taxCategory: 'printed_matter' }], 999, { ...IE, behavior: 'inclusive' });
  assert.deepEqual(e, { behavior: 'inclusive', country: 'IE', countryName: 'Ireland', tax: 187, total: 5499 });
  // 2 × 15.00 digital files at 23 %: 3000 × 23 / 123 = 560.98 → 5.61; no shipping
  const files = estimateCartVat([{ unitPrice: 1500, quantity: 2, taxCategory: 'digital' }], 0, { ...IE, behavior: 'inclusive' });
  assert.equal(files?.tax, 561);
  assert.equal(files?.total, 3000);
});

test('exclusive prices: the VAT on top, and the total with it', () => {
  // Mug 18.00 (general, 23 %) → 4.14; shipping 9.99 → 229.77 → 2.30; total 27.99 + 6.44 = 34.43
  const e = estimateCartVat([{ unitPrice: 1800, quantity: 1, taxCategory: 'general' }], 999, { ...IE, behavior: 'exclusive' });
  assert.deepEqual(e, { behavior: 'exclusive', country: 'IE', countryName: 'Ireland', tax: 644, total: 3443 });
  // Germany: poster 45.00 at 7 % = 3.15, shipping 9.99 at 19 % = 189.81 → 1.90
  const de = estimateCartVat([{ unitPrice: 4500, quantity: 1, taxCategory: 'printed_matter' }], 999, {
    enabled: true,
    country: 'de',
    behavior: 'exclusive',
  });
  assert.equal(de?.countryName, 'Germany');
  assert.equal(de?.tax, 505);
  assert.equal(de?.total, 6004);
});

test('nothing with VAT off or an empty cart', () => {
  assert.equal(
    estimateCartVat([{ unitPrice: 1800, quantity: 1, taxCategory: 'general' }], 0, { ...IE, enabled: false, behavior: 'inclusive' }),
    null,
  );
  assert.equal(estimateCartVat([], 999, { ...IE, behavior: 'inclusive' }), null);
});
