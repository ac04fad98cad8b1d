import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expectsInvoice, lineVatLabel, orderTotalRows, orderVat, type OrderAmounts } from './order-tax-display.ts';

// A German order, prices excluding VAT: poster 45.00 at 7 % (3.15), mug 18.00 at 19 % (3.42), shipping 9.99 at 19 % (1.90).
const german: OrderAmounts = {
  subtotal: 6300,
  discount: 0,
  shipping: 999,
  tax: 847,
  total: 8146,
  taxBehavior: 'exclusive',
  taxCountry: 'DE',
  shippingTax: 190,
  shippingTaxRate: 1900,
  items: [
    { taxRate: 700, taxAmount: 315 },
    { taxRate: 1900, taxAmount: 342 },
  ],
};

test('VAT per rate: lines and shipping grouped by their recorded rate, highest first', () => {
  const vat = orderVat(german)!;
  assert.equal(vat.label, 'VAT (Germany)');
  assert.equal(vat.net, 7299);
  assert.equal(vat.tax, 847);
  assert.deepEqual(vat.byRate, [
    { rate: 1900, tax: 532, label: 'VAT at 19 %' },
    { rate: 700, tax: 315, label: 'VAT at 7 %' },
  ]);
});

test('one rate: no rows per rate; inclusive prices say "incl. VAT"', () => {
  // Files to France, 15.00 incl. 20 %: 1500 × 20 / 120 = 2.50
  const vat = orderVat({
    shipping: 0,
    tax: 250,
    total: 1500,
    taxBehavior: 'inclusive',
    taxCountry: 'FR',
    shippingTax: 0,
    shippingTaxRate: 2000,
    items: [{ taxRate: 2000, taxAmount: 250 }],
  })!;
  assert.equal(vat.label, 'incl. VAT (France)');
  assert.equal(vat.net, 1250);
  assert.deepEqual(vat.byRate, [], 'free shipping adds no rate of its own');
});

test('an order paid before VAT was recorded has no VAT summary and reads as before', () => {
  const old: OrderAmounts = {
    subtotal: 4500,
    discount: 0,
    shipping: 999,
    tax: 0,
    total: 5499,
    taxBehavior: null,
    taxCountry: null,
    shippingTax: 0,
    shippingTaxRate: null,
    items: [{ taxRate: null, taxAmount: 0 }],
  };
  assert.equal(orderVat(old), null);
  assert.equal(orderVat({ ...old, taxBehavior: 'inclusive' }), null, 'a pending order: behaviour known, nothing recorded yet');
  assert.equal(
    orderVat({ ...old, taxBehavior: 'inclusive', taxCountry: 'IE', shippingTaxRate: 0, items: [{ taxRate: 0, taxAmount: 0 }] }),
    null,
    'no VAT charged (VAT off, or a country outside the EU): nothing about VAT',
  );
  assert.notEqual(
    orderVat({
      ...old,
      taxBehavior: 'inclusive',
      taxCountry: 'IE',
      tax: 187,
      shippingTax: 187,
      shippingTaxRate: 2300,
      items: [{ taxRate: 0, taxAmount: 0 }],
    }),
    null,
    'a poster at 0 % shipped at 23 %',
  );
  assert.deepEqual(
    orderTotalRows(old, { shipping: true }).map((r) => [r.label, r.amount]),
    [
      ['Subtotal', 4500],
      ['Shipping', 999],
      ['Tax', 0],
      ['Total', 5499],
    ],
  );
  assert.deepEqual(
    orderTotalRows(old, { shipping: false, legacyTax: 'nonzero' }).map((r) => r.key),
    ['subtotal', 'total'],
  );
});

test('the rows of a taxed order: discount with its code, shipping with its method, net, VAT and each rate, total', () => {
  const rows = orderTotalRows({ ...german, discount: 500, promoCode: 'SPRING', shippingMethod: 'Standard shipping' }, { shipping: true });
  assert.deepEqual(
    rows.map((r) => [r.key, r.label, r.amount]),
    [
      ['subtotal', 'Subtotal', 6300],
      ['discount', 'Discount (SPRING)', -500],
      ['shipping', 'Shipping (Standard shipping)', 999],
      ['net', 'Net', 7299],
      ['vat', 'VAT (Germany)', 847],
      ['vat-rate', 'VAT at 19 %', 532],
      ['vat-rate', 'VAT at 7 %', 315],
      ['total', 'Total', 8146],
    ],
  );
});

test('a line’s rate, and which orders expect an invoice', () => {
  assert.equal(lineVatLabel(1900, 'exclusive'), 'VAT 19 %');
  assert.equal(lineVatLabel(550, 'inclusive'), 'incl. VAT 5.5 %');
  assert.equal(lineVatLabel(null, 'inclusive'), null);
  assert.equal(lineVatLabel(700, null), null);
  assert.equal(expectsInvoice({ paidAt: '2026-12-03T10:00:00Z', taxBehavior: 'inclusive' }), true);
  assert.equal(expectsInvoice({ paidAt: '2026-12-03T10:00:00Z', taxBehavior: null }), false, 'paid before invoices');
  assert.equal(expectsInvoice({ paidAt: null, taxBehavior: 'inclusive' }), false, 'not paid');
});
