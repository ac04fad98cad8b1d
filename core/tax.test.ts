import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allocate, computeTax, formatRate, rateFor, splitGross, taxOf } from './tax';

// Every expected figure below was worked out by hand (the working is in the comments).

test('rates per country and category: printed matter reduced where the country has a rate for it, shipping standard', () => {
  assert.equal(rateFor('DE', 'digital'), 1900);
  assert.equal(rateFor('de', 'printed_matter'), 700);
  assert.equal(rateFor('DE', 'general'), 1900);
  assert.equal(rateFor('FR', 'printed_matter'), 550);
  assert.equal(rateFor('DK', 'printed_matter'), 2500, 'no reduced rate: the standard one');
  assert.equal(rateFor('IE', 'shipping'), 2300);
  assert.equal(rateFor('GB', 'digital'), 0, 'outside the table: no VAT');
  assert.equal(rateFor(null, 'digital'), 0);
  assert.equal(formatRate(1900), '19 %');
  assert.equal(formatRate(550), '5.5 %');
  assert.equal(formatRate(2550), '25.5 %');
  assert.equal(formatRate(0), '0 %');
});

test('tax inside a price (inclusive) and on top of it (exclusive), rounded half up per amount', () => {
  // 24.00 incl. 19 %: 2400 × 19 / 119 = 383.19 → 3.83; net 20.17
  assert.equal(taxOf(2400, 1900, 'inclusive'), 383);
  // 24.00 excl. 19 %: 2400 × 0.19 = 456 → 4.56
  assert.equal(taxOf(2400, 1900, 'exclusive'), 456);
  // 45.00 incl. 5.5 %: 4500 × 5.5 / 105.5 = 234.597 → 2.35
  assert.equal(taxOf(4500, 550, 'inclusive'), 235);
  // 2.50 excl. 21 %: 52.5 → 53 (half up)
  assert.equal(taxOf(250, 2100, 'exclusive'), 53);
  // 1.21 incl. 21 %: 121 × 21 / 121 = 21 exactly
  assert.equal(taxOf(121, 2100, 'inclusive'), 21);
  assert.equal(taxOf(999, 0, 'inclusive'), 0);
  assert.deepEqual(splitGross(11900, 1900), { net: 10000, tax: 1900, gross: 11900 });
});

test('a discount is spread over the lines in proportion, the parts adding up exactly', () => {
  assert.deepEqual(allocate(1000, [3000, 1000]), [750, 250]);
  // 100 over three equal lines: 33.33 each, the one cent left goes to the first
  assert.deepEqual(allocate(100, [500, 500, 500]), [34, 33, 33]);
  assert.deepEqual(allocate(0, [500, 500]), [0, 0]);
  assert.deepEqual(allocate(10, [0, 0]), [0, 0]);
});

test('exclusive prices to Germany: two digital files, a print, shipping and a 10 % code, worked by hand', () => {
  // lines 30.00 (digital, 19 %) and 45.00 (print, 7 %); discount 7.50 split 3.00 / 4.50
  // 27.00 × 19 % = 5.13; 40.50 × 7 % = 2.835 → 2.84; shipping 9.99 × 19 % = 1.8981 → 1.90
  const t = computeTax({
    lines: [
      { amount: 3000, category: 'digital' },
      { amount: 4500, category: 'printed_matter' },
    ],
    discount: 750,
    shipping: 999,
    country: 'DE',
    behavior: 'exclusive',
  });
  assert.deepEqual(
    t.lines.map((l) => [l.discount, l.taxable, l.rate, l.tax, l.net, l.gross]),
    [
      [300, 2700, 1900, 513, 2700, 3213],
      [450, 4050, 700, 284, 4050, 4334],
    ],
  );
  assert.deepEqual([t.shipping.rate, t.shipping.tax, t.shipping.gross], [1900, 190, 1189]);
  assert.deepEqual([t.net, t.tax, t.gross], [7749, 987, 8736]);
  assert.deepEqual(t.byRate, [
    { rate: 1900, net: 3699, tax: 703, gross: 4402 },
    { rate: 700, net: 4050, tax: 284, gross: 4334 },
  ]);
});

test('inclusive prices to France: the customer pays the price, VAT is inside it', () => {
  // 24.00 digital at 20 %: 2400 × 20 / 120 = 400; 45.00 print at 5.5 %: 234.597 → 235; shipping 9.99 at 20 %: 166.5 → 167
  const t = computeTax({
    lines: [
      { amount: 2400, category: 'digital' },
      { amount: 4500, category: 'printed_matter' },
    ],
    shipping: 999,
    country: 'FR',
    behavior: 'inclusive',
  });
  assert.deepEqual(
    t.lines.map((l) => [l.tax, l.net, l.gross]),
    [
      [400, 2000, 2400],
      [235, 4265, 4500],
    ],
  );
  assert.deepEqual([t.shipping.tax, t.shipping.net], [167, 832]);
  assert.deepEqual([t.tax, t.gross, t.net], [802, 7899, 7097]);
});

test('no VAT outside the table or with tax off: net equals gross', () => {
  const lines = [{ amount: 2400, category: 'digital' as const }];
  for (const t of [
    computeTax({ lines, country: 'US', behavior: 'exclusive' }),
    computeTax({ lines, country: 'DE', behavior: 'exclusive', enabled: false }),
  ]) {
    assert.deepEqual([t.net, t.tax, t.gross], [2400, 0, 2400]);
    assert.deepEqual(t.byRate, [{ rate: 0, net: 2400, tax: 0, gross: 2400 }]);
  }
});

test('a discount larger than the goods stops at the goods; shipping is never discounted', () => {
  const t = computeTax({
    lines: [{ amount: 500, category: 'general' }],
    discount: 900,
    shipping: 999,
    country: 'IE',
    behavior: 'inclusive',
  });
  assert.equal(t.lines[0]!.taxable, 0);
  // shipping 9.99 incl. 23 %: 999 × 23 / 123 = 186.8 → 1.87
  assert.deepEqual([t.shipping.tax, t.gross], [187, 999]);
});
