import { test } from 'node:test';
import assert from 'node:assert/strict';
import { invoiceAmountsOf, type InvoicedItem } from './invoice-lines';
import { formatInvoiceNumber, invoiceNumberOfFile, parseInvoiceNumber } from './invoice-number';

// Every expected figure was worked out by hand (the working is in the comments).

const item = (over: Partial<InvoicedItem> & Pick<InvoicedItem, 'id' | 'unitPrice' | 'quantity'>): InvoicedItem => ({
  productTitle: 'Night Sky Poster',
  variantTitle: 'A3',
  format: 'physical',
  taxCategory: 'printed_matter',
  lineTotal: over.unitPrice * over.quantity,
  discountAmount: 0,
  taxRate: null,
  taxAmount: 0,
  netAmount: null,
  ...over,
});

test('prices incl. VAT to Germany: the lines as recorded, shipping at the standard rate, totals per rate', () => {
  // 3 × 40.00 posters at 7 %: 12000 × 7 / 107 = 785.05 → 7.85, net 112.15
  // 1 × 15.00 file at 19 %: 1500 × 19 / 119 = 239.50 (239.496) → 2.39, net 12.61
  // shipping 9.99 at 19 %: 999 × 19 / 119 = 159.504 → 1.60, net 8.39
  const a = invoiceAmountsOf({
    taxBehavior: 'inclusive',
    discount: 0,
    shipping: 999,
    shippingTax: 160,
    shippingTaxRate: 1900,
    total: 14499,
    items: [
      item({ id: 1, unitPrice: 4000, quantity: 3, taxRate: 700, taxAmount: 785, netAmount: 11215 }),
      item({
        id: 2,
        productTitle: 'Night Sky',
        variantTitle: 'Digital file',
        format: 'digital',
        taxCategory: 'digital',
        unitPrice: 1500,
        quantity: 1,
        taxRate: 1900,
        taxAmount: 239,
        netAmount: 1261,
      }),
    ],
  });
  assert.deepEqual(
    a.lines.map((l) => [l.description, l.quantity, l.rate, l.net, l.tax, l.gross, l.supply, l.orderItemId]),
    [
      ['Night Sky Poster — A3', 3, 700, 11215, 785, 12000, 'physical', 1],
      ['Night Sky — Digital file', 1, 1900, 1261, 239, 1500, 'digital', 2],
      ['Shipping', 1, 1900, 839, 160, 999, 'physical', null],
    ],
  );
  // 19 %: 12.61 + 8.39 = 21.00 net, 2.39 + 1.60 = 3.99 VAT, 24.99 gross
  assert.deepEqual(a.rates, [
    { rate: 1900, net: 2100, tax: 399, gross: 2499 },
    { rate: 700, net: 11215, tax: 785, gross: 12000 },
  ]);
  assert.deepEqual([a.net, a.tax, a.gross], [13315, 1184, 14499]);
});

test('prices excl. VAT: net is the line after its discount, VAT on top; shipping net is its price', () => {
  // 30.00 file, 3.00 off: 27.00 × 19 % = 5.13; shipping 9.99 × 19 % = 1.8981 → 1.90
  const a = invoiceAmountsOf({
    taxBehavior: 'exclusive',
    discount: 300,
    shipping: 999,
    shippingTax: 190,
    shippingTaxRate: 1900,
    total: 2700 + 513 + 999 + 190,
    items: [
      item({
        id: 7,
        format: 'digital',
        taxCategory: 'digital',
        unitPrice: 3000,
        quantity: 1,
        discountAmount: 300,
        taxRate: 1900,
        taxAmount: 513,
      }),
    ],
  });
  assert.deepEqual(
    a.lines.map((l) => [l.discount, l.net, l.tax, l.gross]),
    [
      [300, 2700, 513, 3213],
      [0, 999, 190, 1189],
    ],
  );
  assert.equal(a.gross, 4402);
});

test('an order recorded before VAT was kept per line: no VAT, the order discount spread over its lines', () => {
  // 5.00 off 30.00 + 10.00: 3.75 and 1.25
  const a = invoiceAmountsOf({
    taxBehavior: 'inclusive',
    discount: 500,
    shipping: 0,
    shippingTax: 0,
    shippingTaxRate: null,
    total: 3500,
    items: [
      item({ id: 1, unitPrice: 1500, quantity: 2, taxCategory: null }),
      item({ id: 2, unitPrice: 1000, quantity: 1, format: 'digital', taxCategory: null }),
    ],
  });
  assert.deepEqual(
    a.lines.map((l) => [l.discount, l.rate, l.net, l.tax, l.gross, l.category]),
    [
      [375, 0, 2625, 0, 2625, 'general'],
      [125, 0, 875, 0, 875, 'digital'],
    ],
  );
  assert.deepEqual(a.rates, [{ rate: 0, net: 3500, tax: 0, gross: 3500 }]);
});

test('invoice numbers: series, year, six digits; file names parsed strictly', () => {
  assert.equal(formatInvoiceNumber('INV', 2026, 123), 'INV-2026-000123');
  assert.equal(formatInvoiceNumber('CN', 2026, 7), 'CN-2026-000007');
  assert.equal(formatInvoiceNumber('INV', 2026, 1234567), 'INV-2026-1234567');
  assert.throws(() => formatInvoiceNumber('INV', 2026, 0));
  assert.deepEqual(parseInvoiceNumber('CN-2027-000042'), { series: 'CN', year: 2027, sequence: 42 });
  assert.equal(parseInvoiceNumber('INV-2026-000000'), null);
  assert.equal(invoiceNumberOfFile('INV-2026-000123.pdf'), 'INV-2026-000123');
  for (const bad of ['INV-2026-000123', 'INV-2026-123.pdf', '../INV-2026-000123.pdf', 'inv-2026-000123.pdf', undefined]) {
    assert.equal(invoiceNumberOfFile(bad), null, String(bad));
  }
});
