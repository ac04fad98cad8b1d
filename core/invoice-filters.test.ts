import { test } from 'node:test';
import assert from 'node:assert/strict';
import { invoiceFiltersToSearch, parseInvoiceFilters, parseReportYear } from './invoice-filters';

const filters = (query: string) => parseInvoiceFilters(new URL(`http://shop.test/admin/invoices${query}`));

test('invoice list filters: unknown values fall back, good ones are kept and written back', () => {
  assert.deepEqual(filters('?kind=refund&page=0&q=%00'), { q: null, kind: null, page: 1 });
  const f = filters('?kind=credit_note&page=3&q=%20INV-2026%20');
  assert.deepEqual(f, { q: 'INV-2026', kind: 'credit_note', page: 3 });
  assert.equal(invoiceFiltersToSearch(f), '?q=INV-2026&kind=credit_note&page=3');
  assert.equal(invoiceFiltersToSearch(f, { page: null }), '?q=INV-2026&kind=credit_note');
  assert.equal(invoiceFiltersToSearch(filters('')), '');
});

test('the report year: four digits from 2000 to next year, else this year', () => {
  const now = new Date('2026-12-31T23:00:00Z');
  assert.equal(parseReportYear('2025', now), 2025);
  assert.equal(parseReportYear('2027', now), 2027);
  for (const bad of [null, '', '1999', '2028', '20x6', '2026.0', ' 2025']) assert.equal(parseReportYear(bad, now), 2026, String(bad));
});
