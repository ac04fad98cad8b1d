// The invoice PDF: the same document gives the same bytes in a fresh process as in one that has rendered others
// (fonts parsed once are kept), the text extracts with every letter and the euro sign, and the notes say why there is
// no VAT when there is none.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { invoiceNotes, renderInvoicePdf, type InvoiceDocument } from './invoice-pdf.server.ts';

const SAMPLE: InvoiceDocument = {
  number: 'CN-2026-000007',
  kind: 'credit_note',
  issuedAt: new Date('2026-12-03T10:00:00Z'),
  orderNumber: 'ATL-2026-7K3M9Q2B',
  creditedNumber: 'INV-2026-000123',
  currency: 'eur',
  taxBehavior: 'inclusive',
  taxCountry: 'PL',
  seller: {
    name: 'Atelier Prints Ltd',
    address: ['1 Harbour Road', 'Dublin D02 X123', 'Ireland'],
    country: 'IE',
    vatNumber: 'IE1234567FA',
  },
  buyer: {
    name: 'Łucja Wąsowicz',
    address: ['ul. Długa 5', '31-147 Kraków', 'Poland'],
    country: 'PL',
    vatNumber: null,
    email: 'l@example.com',
  },
  lines: [
    {
      description: 'Night Sky Poster — A3',
      quantity: 1,
      unitPrice: 4000,
      discount: 400,
      rate: 2300,
      net: 2927,
      tax: 673,
      gross: 3600,
      category: 'printed_matter',
      supply: 'physical',
      orderItemId: 3,
    },
  ],
  rates: [{ rate: 2300, net: 2927, tax: 673, gross: 3600 }],
  net: 2927,
  tax: 673,
  gross: 3600,
};

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

test('the same document, the same bytes: in a fresh process and after other documents', async () => {
  await renderInvoicePdf({
    ...SAMPLE,
    number: 'INV-2026-000001',
    kind: 'invoice',
    creditedNumber: null,
    buyer: { ...SAMPLE.buyer, name: 'Ævar Þór Ωμέγα' },
  });
  const warm = await renderInvoicePdf(SAMPLE);
  const module = fileURLToPath(new URL('./invoice-pdf.server.ts', import.meta.url));
  const script = `const { renderInvoicePdf } = await import(${JSON.stringify(module)});
    const d = JSON.parse(process.argv[1], (k, v) => (k === 'issuedAt' ? new Date(v) : v));
    const b = await renderInvoicePdf(d);
    process.stdout.write((await import('node:crypto')).createHash('sha256').update(b).digest('hex'));`;
  const cold = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, JSON.stringify(SAMPLE)], {
    encoding: 'utf8',
  });
  assert.equal(cold, sha256(warm));
});

test('the text extracts: numbers, names in any EU language, amounts in euros', async () => {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const pdf = await pdfjs.getDocument({ data: new Uint8Array(await renderInvoicePdf(SAMPLE)), isEvalSupported: false }).promise;
  const content = await (await pdf.getPage(1)).getTextContent();
  const text = content.items.map((i) => ('str' in i ? i.str : '')).join(' ');
  await pdf.destroy();
  for (const s of [
    'CREDIT NOTE',
    'CN-2026-000007',
    'Credit note for invoice INV-2026-000123',
    'ATL-2026-7K3M9Q2B',
    'Łucja Wąsowicz',
    '31-147 Kraków',
    'Discount −€4.00',
    '€29.27',
    '€6.73',
    '€36.00',
    '23 %',
    'Total credited',
    'Prices include VAT.',
    'VAT number: IE1234567FA',
    '3 December 2026',
  ]) {
    assert.ok(text.includes(s), `${s} in: ${text}`);
  }
});

test('the notes: how prices were entered, and why no VAT was charged', () => {
  const base = { kind: 'invoice' as const, creditedNumber: null };
  assert.deepEqual(invoiceNotes({ ...base, taxBehavior: 'exclusive', taxCountry: 'DE', tax: 456 }), [
    'VAT added: unit prices are shown without VAT.',
    'Paid in full. Thank you for your order.',
  ]);
  assert.deepEqual(invoiceNotes({ ...base, taxBehavior: 'inclusive', taxCountry: 'US', tax: 0 }), [
    'Prices include VAT.',
    'No VAT charged: the customer is outside the EU VAT area (United States).',
    'Paid in full. Thank you for your order.',
  ]);
  assert.equal(invoiceNotes({ ...base, taxBehavior: 'inclusive', taxCountry: 'IE', tax: 0 })[1], 'No VAT charged.');
});
