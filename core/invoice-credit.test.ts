import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CreditNoteError, creditNoteAmounts, type CreditedRefund } from './invoice-credit';
import type { InvoiceLineData } from './invoice-lines';

// Every expected figure was worked out by hand (the working is in the comments).

const line = (over: Partial<InvoiceLineData> & Pick<InvoiceLineData, 'net' | 'tax' | 'gross' | 'rate'>): InvoiceLineData => ({
  description: 'x',
  quantity: 1,
  unitPrice: over.gross,
  discount: 0,
  category: 'general',
  supply: 'physical',
  orderItemId: null,
  ...over,
});

// Germany, prices incl. VAT: 3 × 40.00 posters at 7 % (12000 × 7 / 107 = 785.05 → 785), a 15.00 file at 19 %
// (1500 × 19 / 119 = 239.496 → 239), shipping 9.99 at 19 % (999 × 19 / 119 = 159.504 → 160). Gross 144.99, VAT 11.84.
const POSTERS = line({
  orderItemId: 1,
  quantity: 3,
  unitPrice: 4000,
  rate: 700,
  net: 11215,
  tax: 785,
  gross: 12000,
  category: 'printed_matter',
});
const FILE = line({
  orderItemId: 2,
  unitPrice: 1500,
  rate: 1900,
  net: 1261,
  tax: 239,
  gross: 1500,
  category: 'digital',
  supply: 'digital',
});
const SHIPPING = line({ rate: 1900, net: 839, tax: 160, gross: 999, category: 'shipping' });
const INVOICE = [POSTERS, FILE, SHIPPING];

const items = (amount: number, lines: Array<[number, number]>, includesShipping = false): CreditedRefund => ({
  amount,
  lines: lines.map(([orderItemId, quantity]) => ({ orderItemId, quantity })),
  includesShipping,
});
const summary = (lines: readonly InvoiceLineData[]) => lines.map((l) => [l.orderItemId ?? l.category, l.quantity, l.net, l.tax, l.gross]);

test('posters refunded one at a time: each takes its share of the credited-so-far, the last the remainder', () => {
  // VAT credited after k of 3: round(785 × k / 3) = 262 (261.67), 523 (523.33), 785
  const first = creditNoteAmounts(INVOICE, [], items(4000, [[1, 1]]));
  assert.equal(first.method, 'lines');
  assert.deepEqual(summary(first.lines), [[1, 1, 3738, 262, 4000]]);
  const second = creditNoteAmounts(INVOICE, [first.lines], items(4000, [[1, 1]]));
  assert.deepEqual(summary(second.lines), [[1, 1, 3739, 261, 4000]]);
  const third = creditNoteAmounts(INVOICE, [first.lines, second.lines], items(4000, [[1, 1]]));
  assert.deepEqual(summary(third.lines), [[1, 1, 3738, 262, 4000]]);
  assert.equal(first.tax + second.tax + third.tax, POSTERS.tax, 'the three credit notes reverse the line’s VAT exactly');
  assert.equal(first.net + second.net + third.net, POSTERS.net);
});

test('a partial refund by lines, then the refund of everything left, reverses the invoice exactly', () => {
  // 1 poster: 40.00, VAT 2.62. The rest: 144.99 − 40.00 = 104.99 — 2 posters (80.00, VAT 7.85 − 2.62 = 5.23), the
  // file (15.00, 2.39) and shipping (9.99, 1.60): VAT 9.22; with the first 11.84, the invoice's VAT.
  const first = creditNoteAmounts(INVOICE, [], items(4000, [[1, 1]]));
  const rest = creditNoteAmounts(
    INVOICE,
    [first.lines],
    items(
      10499,
      [
        [1, 2],
        [2, 1],
      ],
      true,
    ),
  );
  assert.equal(rest.method, 'remainder');
  assert.deepEqual(summary(rest.lines), [
    [1, 2, 7477, 523, 8000],
    [2, 1, 1261, 239, 1500],
    ['shipping', 1, 839, 160, 999],
  ]);
  assert.deepEqual(rest.rates, [
    { rate: 1900, net: 2100, tax: 399, gross: 2499 },
    { rate: 700, net: 7477, tax: 523, gross: 8000 },
  ]);
  assert.equal(first.tax + rest.tax, 1184);
  assert.equal(first.gross + rest.gross, 14499);
});

test('the file and shipping refunded by lines', () => {
  const r = creditNoteAmounts(INVOICE, [], items(2499, [[2, 1]], true));
  assert.equal(r.method, 'lines');
  assert.deepEqual(summary(r.lines), [
    [2, 1, 1261, 239, 1500],
    ['shipping', 1, 839, 160, 999],
  ]);
  assert.deepEqual([r.net, r.tax, r.gross], [2100, 399, 2499]);
});

test('a custom amount is split over the rates and supplies in proportion to what is left of each', () => {
  // 10.00 over 120.00 (7 %, physical), 15.00 (19 %, digital), 9.99 (19 %, physical) — of 144.99:
  // 827.64, 103.45, 68.90 → 827 + 103 + 68 = 998, the 2 cents left to the largest remainders (.90, .64): 828, 103, 69.
  // VAT inside: 828 × 7 / 107 = 54.17 → 54; 103 × 19 / 119 = 16.45 → 16; 69 × 19 / 119 = 11.02 → 11.
  const r = creditNoteAmounts(INVOICE, [], { amount: 1000, lines: null, includesShipping: false });
  assert.equal(r.method, 'split');
  assert.deepEqual(
    r.lines.map((l) => [l.rate, l.supply, l.net, l.tax, l.gross, l.category, l.orderItemId]),
    [
      [700, 'physical', 774, 54, 828, 'adjustment', null],
      [1900, 'digital', 87, 16, 103, 'adjustment', null],
      [1900, 'physical', 58, 11, 69, 'adjustment', null],
    ],
  );
  assert.equal(r.lines[0]!.description, 'Refund of physical supplies at 7 % VAT');
  assert.deepEqual([r.net, r.tax, r.gross], [919, 81, 1000]);

  // Then everything left (134.99), after a custom amount: per rate and supply, exactly what is left of each.
  const rest = creditNoteAmounts(INVOICE, [r.lines], items(13499, [[1, 3]]));
  assert.equal(rest.method, 'split');
  assert.deepEqual(
    rest.lines.map((l) => [l.rate, l.supply, l.net, l.tax, l.gross]),
    [
      [700, 'physical', 11215 - 774, 785 - 54, 12000 - 828],
      [1900, 'digital', 1261 - 87, 239 - 16, 1500 - 103],
      [1900, 'physical', 839 - 58, 160 - 11, 999 - 69],
    ],
  );
  assert.equal(r.tax + rest.tax, 1184);
});

test('refunded items whose amount differs from their lines are split over those lines’ rates only', () => {
  // One poster refunded, but 35.00 typed: all of it at 7 %: 3500 × 7 / 107 = 228.97 → 2.29, net 32.71.
  const r = creditNoteAmounts(INVOICE, [], items(3500, [[1, 1]]));
  assert.equal(r.method, 'split');
  assert.deepEqual(
    r.lines.map((l) => [l.rate, l.supply, l.net, l.tax, l.gross]),
    [[700, 'physical', 3271, 229, 3500]],
  );
  // A poster and the file for 50.00: in proportion to their shares 40.00 and 15.00 — 36.36 and 13.64 (36.3636…, 13.6363…).
  // 3636 × 7 / 107 = 237.87 → 2.38; 1364 × 19 / 119 = 217.78 → 2.18.
  const two = creditNoteAmounts(
    INVOICE,
    [],
    items(5000, [
      [1, 1],
      [2, 1],
    ]),
  );
  assert.deepEqual(
    two.lines.map((l) => [l.rate, l.supply, l.net, l.tax, l.gross]),
    [
      [700, 'physical', 3398, 238, 3636],
      [1900, 'digital', 1146, 218, 1364],
    ],
  );
});

test('a discounted line: the refunded share of what was paid for it', () => {
  // 2 × 40.00 with 8.00 off: 72.00 paid at 7 % = 7200 × 7 / 107 = 471.03 → 4.71, net 67.29. One refunded for 36.00:
  // gross 7200 / 2 = 3600, VAT round(471 / 2 = 235.5) = 236, net 3364; the second takes 3600, 235, 3365.
  const discounted = [line({ orderItemId: 5, quantity: 2, unitPrice: 4000, discount: 800, rate: 700, net: 6729, tax: 471, gross: 7200 })];
  const first = creditNoteAmounts(discounted, [], items(3600, [[5, 1]]));
  assert.deepEqual(summary(first.lines), [[5, 1, 3364, 236, 3600]]);
  assert.equal(first.lines[0]!.discount, 400);
  const second = creditNoteAmounts(discounted, [first.lines], items(3600, [[5, 1]]));
  assert.equal(second.method, 'remainder');
  assert.deepEqual(summary(second.lines), [[5, 1, 3365, 235, 3600]]);
  assert.equal(second.lines[0]!.discount, 400);
});

test('no VAT (outside the EU): credits have none either', () => {
  const plain = [line({ orderItemId: 1, quantity: 2, unitPrice: 2500, rate: 0, net: 5000, tax: 0, gross: 5000 })];
  const r = creditNoteAmounts(plain, [], items(2500, [[1, 1]]));
  assert.deepEqual(summary(r.lines), [[1, 1, 2500, 0, 2500]]);
});

test('more than is left to credit, or nothing, is refused', () => {
  assert.throws(
    () => creditNoteAmounts(INVOICE, [], { amount: 14500, lines: null, includesShipping: false }),
    (e: unknown) => e instanceof CreditNoteError && e.type === 'CreditExceedsInvoice',
  );
  const all = creditNoteAmounts(INVOICE, [], { amount: 14499, lines: null, includesShipping: false });
  assert.equal(all.method, 'remainder');
  assert.deepEqual([all.net, all.tax, all.gross], [13315, 1184, 14499]);
  assert.throws(
    () => creditNoteAmounts(INVOICE, [all.lines], { amount: 1, lines: null, includesShipping: false }),
    (e: unknown) => e instanceof CreditNoteError && e.type === 'CreditExceedsInvoice',
  );
  assert.throws(() => creditNoteAmounts(INVOICE, [], { amount: 0, lines: null, includesShipping: false }), CreditNoteError);
});

test('a refund naming more than was bought, or shipping twice, falls back to the split', () => {
  const tooMany = creditNoteAmounts(INVOICE, [], items(4000, [[1, 4]]));
  assert.equal(tooMany.method, 'split');
  const shipped = creditNoteAmounts(INVOICE, [], items(999, [], true));
  assert.equal(shipped.method, 'lines');
  const again = creditNoteAmounts(INVOICE, [shipped.lines], items(999, [], true));
  assert.equal(again.method, 'split');
  assert.equal(again.gross, 999);
});
