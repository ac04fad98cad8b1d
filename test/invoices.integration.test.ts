// Invoices and credit notes against a real database (no web server, workers or Temporal: the functions the workflows
// call, called directly): fifty orders invoiced at once get the numbers 1…50 of the year's series, no gap and no
// duplicate, and the same numbers when asked again; a number taken in a transaction that rolls back is given back; a
// partial refund and then the rest give two credit notes whose VAT reverses the invoice's exactly; the PDFs parse and
// name the numbers and the amounts, and rendering a row again gives the same bytes; the customer's signed link serves
// the PDF; the VAT report subtracts the credit notes; correcting the buyer issues a credit note and a new invoice,
// leaves the VAT report's totals as they were, and refunds afterwards credit the new invoice. See
// docs/decisions/058-invoices-gapless-numbering.md.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import { parseInvoiceNumber } from '#core/invoice-number.ts';
import type { InvoiceBuyerCorrection } from '#core/schemas/invoice-correction.ts';
import { computeTax, type TaxBehavior, type TaxCategory } from '#core/tax.ts';
import { Invoice } from '#db/entities/invoice.ts';
import { Order, OrderItem } from '#db/entities/order.ts';
import { Refund } from '#db/entities/refund.ts';
import { initOrm, migrate } from '#db/orm.ts';
import { getEnv, type Env } from '#server/env.server.ts';
import { PermanentError } from '#server/errors.server.ts';
import { findInvoices } from '#server/invoices/admin-invoices.server.ts';
import { invoicePath, signInvoiceToken } from '#server/invoices/invoice-links.server.ts';
import { takeInvoiceNumber } from '#server/invoices/invoice-numbers.server.ts';
import { renderInvoicePdf } from '#server/invoices/invoice-pdf.server.ts';
import { invoiceDocument } from '#server/invoices/invoice-store.server.ts';
import { correctInvoice } from '#server/invoices/correct-invoice.server.ts';
import { issueCreditNote } from '#server/invoices/issue-credit-note.server.ts';
import { issueInvoice } from '#server/invoices/issue-invoice.server.ts';
import { vatReport, vatReportCsv } from '#server/invoices/vat-report.server.ts';
import { dropAndCreateDatabase, withDatabaseName } from '../scripts/lib/postgres.ts';
import { ROOT } from '../scripts/tools.mjs';

const checkout = createHash('sha256').update(ROOT).digest('hex').slice(0, 6);
const DATABASE_URL = withDatabaseName(
  process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  `atelier_invoices_${checkout}`,
);
const DATA_DIR = path.join(ROOT, '.data', 'test-data', 'invoices');
const STORAGE_DIR = path.join(DATA_DIR, 'files');
const YEAR = new Date().getUTCFullYear();

let orm: MikroORM;
let env: Env;
let deps: { orm: MikroORM; env: Env };

before(async () => {
  // The route under test reads getEnv() and db(): this process's environment is the shop's.
  Object.assign(process.env, {
    DATABASE_URL,
    DATABASE_POOL_MAX: '10',
    DATA_DIR,
    STORAGE_DIR,
    SESSION_SECRET: 'invoices-test-session-secret-0123456789',
    TAX: 'on',
    TAX_BEHAVIOR: 'inclusive',
  });
  for (const k of ['STRIPE_SECRET_KEY', 'RESEND_API_KEY', 'S3_BUCKET', 'NODE_ENV']) delete process.env[k];
  fs.rmSync(DATA_DIR, { recursive: true, force: true });
  await dropAndCreateDatabase(DATABASE_URL);
  orm = await initOrm({ url: DATABASE_URL, poolMax: 10 });
  await migrate(orm);
  env = getEnv();
  deps = { orm, env };
});
after(async () => {
  await orm?.close(true);
  await (await globalThis.__atelierOrm?.catch(() => undefined))?.close(true);
});

interface LineSpec {
  title: string;
  variant: string;
  format: 'digital' | 'physical';
  category: TaxCategory;
  unitPrice: number;
  quantity: number;
}

const POSTER: LineSpec = {
  title: 'Night Sky Poster',
  variant: 'A3',
  format: 'physical',
  category: 'printed_matter',
  unitPrice: 4000,
  quantity: 1,
};
const FILE: LineSpec = {
  title: 'Night Sky',
  variant: 'Digital file',
  format: 'digital',
  category: 'digital',
  unitPrice: 1500,
  quantity: 1,
};

let made = 0;
/** An order paid as the checkout records it: VAT per line from core/tax.ts for the country. */
async function makeOrder(opts: {
  country: string;
  lines: LineSpec[];
  shipping?: number;
  discount?: number;
  behavior?: TaxBehavior;
  paid?: boolean;
  totalOffBy?: number;
}): Promise<{ orderNumber: string; itemIds: number[]; total: number }> {
  const em = orm.em.fork();
  const behavior = opts.behavior ?? 'inclusive';
  const shipping = opts.shipping ?? 0;
  const tax = computeTax({
    lines: opts.lines.map((l) => ({ amount: l.unitPrice * l.quantity, category: l.category })),
    discount: opts.discount ?? 0,
    shipping,
    country: opts.country,
    behavior,
  });
  const order = new Order({
    orderNumber: `ATL-${YEAR}-INV${String(++made).padStart(5, '0')}`,
    fulfilmentType: opts.lines.every((l) => l.format === 'digital') ? 'digital' : 'mixed',
    currency: 'eur',
  });
  Object.assign(order, {
    status: opts.paid === false ? 'pending' : 'paid',
    paidAt: opts.paid === false ? null : new Date(),
    email: `buyer${made}@example.com`,
    shippingAddress: {
      name: 'Zdeněk Łukasiewicz',
      line1: 'Hauptstraße 5',
      line2: null,
      city: 'Berlin',
      postalCode: '10115',
      state: null,
      country: opts.country,
    },
    subtotal: tax.lines.reduce((s, l) => s + l.amount, 0),
    discount: opts.discount ?? 0,
    shipping,
    tax: tax.tax,
    total: tax.gross + (opts.totalOffBy ?? 0),
    taxBehavior: behavior,
    taxCountry: opts.country,
    shippingTax: tax.shipping.tax,
    shippingTaxRate: shipping > 0 ? tax.shipping.rate : null,
  });
  const items = opts.lines.map((l, i) => {
    const item = new OrderItem({
      order,
      sku: `SKU-${i}`,
      productTitle: l.title,
      variantTitle: l.variant,
      format: l.format,
      unitPrice: l.unitPrice,
      quantity: l.quantity,
    });
    const t = tax.lines[i]!;
    Object.assign(item, { taxCategory: l.category, taxRate: t.rate, discountAmount: t.discount, taxAmount: t.tax, netAmount: t.net });
    return item;
  });
  em.persist([order, ...items]);
  await em.flush();
  return { orderNumber: order.orderNumber, itemIds: items.map((i) => i.id), total: order.total };
}

async function makeRefund(
  orderNumber: string,
  r: {
    amount: number;
    lines: Array<{ orderItemId: number; quantity: number }> | null;
    includesShipping?: boolean;
    status?: Refund['status'];
  },
): Promise<number> {
  const em = orm.em.fork();
  const order = await em.findOneOrFail(Order, { orderNumber });
  const refund = new Refund({ order, amount: r.amount, currency: 'eur', reason: 'test', source: 'admin' });
  refund.lines = r.lines;
  refund.includesShipping = r.includesShipping ?? false;
  refund.status = r.status ?? 'succeeded';
  em.persist(refund);
  await em.flush();
  return refund.id;
}

const counter = async (series: string) =>
  (
    await orm.em.fork().execute<Array<{ last: number }>>('select last from invoice_counters where series = ? and year = ?', [series, YEAR])
  )[0]?.last ?? 0;
const invoiceRow = (number: string) => orm.em.fork().findOneOrFail(Invoice, { number });
const storedPdf = (pdfKey: string) => fs.readFileSync(path.join(STORAGE_DIR, ...pdfKey.split('/')));

async function pdfText(bytes: Buffer): Promise<string> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const pdf = await pdfjs.getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false }).promise;
  const parts: string[] = [];
  for (let p = 1; p <= pdf.numPages; p++) {
    const content = await (await pdf.getPage(p)).getTextContent();
    for (const item of content.items) if ('str' in item) parts.push(item.str);
  }
  await pdf.destroy();
  return parts.join(' ');
}

const sequenceOf = (number: string) => parseInvoiceNumber(number)!.sequence;
const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);
const permanent = (type: string) => (e: unknown) => e instanceof PermanentError && e.type === type;

describe('invoice numbers', () => {
  test('fifty orders invoiced at once: the next fifty numbers, no gap, no duplicate; asked again, the same numbers', async () => {
    const start = await counter('INV');
    const orders = await Promise.all(range(1, 50).map(() => makeOrder({ country: 'DE', lines: [POSTER, FILE], shipping: 999 })));
    const issued = await Promise.all(orders.map((o) => issueInvoice(deps, { orderNumber: o.orderNumber })));
    assert.deepEqual(
      issued.map((i) => sequenceOf(i.number)).sort((a, b) => a - b),
      range(start + 1, 50),
    );
    assert.ok(issued.every((i) => i.number.startsWith(`INV-${YEAR}-`)));
    assert.equal(await counter('INV'), start + 50);
    const again = await Promise.all(orders.map((o) => issueInvoice(deps, { orderNumber: o.orderNumber })));
    assert.deepEqual(again, issued, 'each order keeps its number (and its PDF)');
    const { rows } = await findInvoices(orm.em.fork(), { q: orders[0]!.orderNumber, kind: null, page: 1 });
    assert.deepEqual(
      rows.map((r) => r.number),
      [issued[0]!.number],
    );
  });

  test('one order invoiced five times at once: one invoice, one number', async () => {
    const start = await counter('INV');
    const { orderNumber } = await makeOrder({ country: 'IE', lines: [FILE] });
    const issued = await Promise.all(range(1, 5).map(() => issueInvoice(deps, { orderNumber })));
    assert.equal(new Set(issued.map((i) => i.number)).size, 1);
    assert.equal(sequenceOf(issued[0]!.number), start + 1);
    assert.equal(await counter('INV'), start + 1);
  });

  test('a refusal, or a transaction rolled back after taking a number, leaves no gap', async () => {
    const start = await counter('INV');
    const unpaid = await makeOrder({ country: 'DE', lines: [POSTER], paid: false });
    await assert.rejects(issueInvoice(deps, { orderNumber: unpaid.orderNumber }), permanent('OrderNotPaid'));
    const inconsistent = await makeOrder({ country: 'DE', lines: [POSTER], totalOffBy: 1 });
    await assert.rejects(issueInvoice(deps, { orderNumber: inconsistent.orderNumber }), (e: unknown) => {
      assert.ok(permanent('InvoiceTotalMismatch')(e));
      assert.match((e as Error).message, /come to €40\.00 \(net €37\.38 \+ VAT €2\.62\), not the €40\.01 paid/);
      return true;
    });
    await assert.rejects(
      orm.em.fork().transactional(async (tx) => {
        const taken = await takeInvoiceNumber(tx, 'INV', YEAR);
        assert.equal(taken.sequence, start + 1);
        throw new Error('crash after numbering');
      }),
      /crash after numbering/,
    );
    assert.equal(await counter('INV'), start, 'the rolled-back number is given back');
    const next = await makeOrder({ country: 'DE', lines: [POSTER] });
    assert.equal(sequenceOf((await issueInvoice(deps, { orderNumber: next.orderNumber })).number), start + 1);
  });

  test('a crash between numbering and storing the PDF: the retry stores the same document under the same number', async () => {
    const { orderNumber } = await makeOrder({ country: 'DE', lines: [POSTER, FILE], shipping: 999 });
    const first = await issueInvoice(deps, { orderNumber });
    const bytes = storedPdf(first.pdfKey);
    fs.rmSync(path.join(STORAGE_DIR, first.pdfKey));
    await orm.em.fork().nativeUpdate(Invoice, { number: first.number }, { pdfKey: null, pdfStoredAt: null });
    const retried = await issueInvoice(deps, { orderNumber });
    assert.deepEqual(retried, first);
    assert.ok(storedPdf(first.pdfKey).equals(bytes), 'the same bytes: rendering is deterministic from the row');
  });
});

describe('credit notes', () => {
  // France, prices incl. VAT, worked by hand: the poster 40.00 at 5.5 % (4000 × 5.5 / 105.5 = 208.53 → 2.09, net 37.91),
  // the file 15.00 at 20 % (1500 × 20 / 120 = 2.50, net 12.50), shipping 9.99 at 20 % (999 × 20 / 120 = 166.5 → 1.67,
  // net 8.32). Invoice: net 58.73, VAT 6.26, gross 64.99.
  let order: { orderNumber: string; itemIds: number[]; total: number };
  let invoiceNumber: string;
  let firstNote: string;

  before(async () => {
    order = await makeOrder({ country: 'FR', lines: [POSTER, FILE], shipping: 999 });
  });

  test('a partial refund (one line of two): the credit note reverses that line; the order gets its invoice first', async () => {
    const start = await counter('CN');
    const pending = await makeRefund(order.orderNumber, {
      amount: 4000,
      lines: [{ orderItemId: order.itemIds[0]!, quantity: 1 }],
      status: 'pending',
    });
    assert.equal(await issueCreditNote(deps, { refundId: pending }), null, 'nothing was given back yet');
    const refundId = await makeRefund(order.orderNumber, { amount: 4000, lines: [{ orderItemId: order.itemIds[0]!, quantity: 1 }] });
    const note = await issueCreditNote(deps, { refundId });
    assert.ok(note);
    assert.equal(note.number, `CN-${YEAR}-${String(start + 1).padStart(6, '0')}`);
    assert.deepEqual(await issueCreditNote(deps, { refundId }), note, 'asked again: the same credit note');
    firstNote = note.number;

    const invoice = await orm.em.fork().findOneOrFail(Invoice, { kind: 'invoice', order: { orderNumber: order.orderNumber } });
    invoiceNumber = invoice.number;
    assert.deepEqual([invoice.net, invoice.tax, invoice.gross], [5873, 626, 6499]);
    assert.deepEqual(invoice.rates, [
      { rate: 2000, net: 2082, tax: 417, gross: 2499 },
      { rate: 550, net: 3791, tax: 209, gross: 4000 },
    ]);
    const row = await orm.em.fork().findOneOrFail(Invoice, { number: note.number }, { populate: ['creditedInvoice'] });
    assert.equal(row.creditedInvoice?.number, invoice.number);
    assert.equal(row.refundId, refundId);
    assert.deepEqual(
      row.lines.map((l) => [l.orderItemId, l.quantity, l.rate, l.net, l.tax, l.gross]),
      [[order.itemIds[0], 1, 550, 3791, 209, 4000]],
    );
  });

  test('then the rest: the two credit notes reverse the invoice’s VAT exactly, rate by rate', async () => {
    const refundId = await makeRefund(order.orderNumber, {
      amount: 2499,
      lines: [{ orderItemId: order.itemIds[1]!, quantity: 1 }],
      includesShipping: true,
    });
    const note = await issueCreditNote(deps, { refundId });
    assert.ok(note);
    assert.equal(sequenceOf(note.number), sequenceOf(firstNote) + 1);
    const invoice = await invoiceRow(invoiceNumber);
    const notes = await orm.em.fork().find(Invoice, { creditedInvoice: invoice.id }, { orderBy: { id: 'asc' } });
    assert.deepEqual(
      notes.map((n) => n.number),
      [firstNote, note.number],
    );
    const sum = (key: 'net' | 'tax' | 'gross') => notes.reduce((s, n) => s + n[key], 0);
    assert.deepEqual([sum('net'), sum('tax'), sum('gross')], [invoice.net, invoice.tax, invoice.gross]);
    for (const rate of invoice.rates) {
      const credited = notes.flatMap((n) => n.rates).filter((r) => r.rate === rate.rate);
      assert.equal(
        credited.reduce((s, r) => s + r.tax, 0),
        rate.tax,
        `VAT at ${rate.rate}`,
      );
    }
    assert.deepEqual(
      notes[1]!.lines.map((l) => [l.category, l.rate, l.net, l.tax, l.gross]),
      [
        ['digital', 2000, 1250, 250, 1500],
        ['shipping', 2000, 832, 167, 999],
      ],
    );
  });

  test('a custom amount is split over the rates; more than is left is refused', async () => {
    const o = await makeOrder({ country: 'FR', lines: [POSTER, FILE], shipping: 999 });
    const refundId = await makeRefund(o.orderNumber, { amount: 1000, lines: null });
    const note = await invoiceRow((await issueCreditNote(deps, { refundId }))!.number);
    assert.equal(note.gross, 1000);
    assert.ok(note.lines.every((l) => l.category === 'adjustment'));
    const tooMuch = await makeRefund(o.orderNumber, { amount: 6000, lines: null });
    await assert.rejects(issueCreditNote(deps, { refundId: tooMuch }), permanent('CreditExceedsInvoice'));
  });

  test('the VAT report subtracts credit notes: the fully refunded French order nets to nothing', async () => {
    const report = await vatReport(orm.em.fork(), YEAR);
    const docs = await orm.em.fork().find(Invoice, {});
    const signed = (key: 'net' | 'tax' | 'gross') => docs.reduce((s, d) => s + (d.kind === 'credit_note' ? -d[key] : d[key]), 0);
    assert.deepEqual(
      (['net', 'tax', 'gross'] as const).map((k) => report.rows.reduce((s, r) => s + r[k], 0)),
      [signed('net'), signed('tax'), signed('gross')],
    );
    assert.deepEqual(report.totals, [{ currency: 'eur', net: signed('net'), tax: signed('tax'), gross: signed('gross') }]);
    assert.ok(report.years.includes(YEAR));
    const de = report.rows.filter((r) => r.country === 'DE' && r.supply === 'digital');
    assert.ok(de.length > 0 && de.every((r) => r.rate === 1900 && r.tax > 0));
    // The fully refunded French order (64.99) and the other (64.99 less a 10.00 credit) leave 54.99 in France.
    const fr = report.rows.filter((r) => r.country === 'FR');
    assert.equal(
      fr.reduce((s, r) => s + r.gross, 0),
      5499,
    );
    const csv = vatReportCsv(report);
    assert.match(csv, /^month,country,supply,vat_rate_percent,currency,net,vat,gross\r\n/);
    assert.match(csv, new RegExp(`\\r\\n${YEAR}-\\d\\d,FR,physical,5\\.5,EUR,\\d+\\.\\d\\d,`));
  });

  test('the admin list finds documents by order number and kind', async () => {
    const all = await findInvoices(orm.em.fork(), { q: order.orderNumber.toLowerCase(), kind: null, page: 1 });
    assert.equal(all.total, 3, 'the invoice and its two credit notes');
    assert.ok(all.rows.some((r) => r.number === invoiceNumber) && all.rows.some((r) => r.number === firstNote));
    const notes = await findInvoices(orm.em.fork(), { q: order.orderNumber, kind: 'credit_note', page: 1 });
    assert.equal(notes.total, 2);
    assert.ok(notes.rows.every((r) => r.creditedNumber === invoiceNumber && r.pdfStored));
  });
});

describe('PDFs', () => {
  test('the invoice and credit note PDFs parse and name the numbers and amounts; a row renders to the same bytes', async () => {
    const { orderNumber } = await makeOrder({ country: 'FR', lines: [POSTER, FILE], shipping: 999 });
    const issued = await issueInvoice(deps, { orderNumber });
    const bytes = storedPdf(issued.pdfKey);
    assert.equal(issued.pdfKey, `invoices/${YEAR}/${issued.number}.pdf`);
    const text = await pdfText(bytes);
    for (const s of [
      issued.number,
      orderNumber,
      'Zdeněk Łukasiewicz',
      '€40.00',
      '€15.00',
      '€9.99',
      '€2.09',
      '€6.26',
      '€58.73',
      '€64.99',
      '5.5 %',
      '20 %',
    ]) {
      assert.ok(text.includes(s), `${s} in: ${text}`);
    }
    assert.match(text, /Prices include VAT/);
    const em = orm.em.fork();
    const again = await renderInvoicePdf(await invoiceDocument(em, await em.findOneOrFail(Invoice, { number: issued.number })));
    assert.ok(again.equals(bytes), 'the same row, the same bytes');

    const { itemIds } = await orm.em
      .fork()
      .findOneOrFail(Order, { orderNumber }, { populate: ['items'] })
      .then((o) => ({ itemIds: o.items.getItems().map((i) => i.id) }));
    const refundId = await makeRefund(orderNumber, { amount: 1500, lines: [{ orderItemId: itemIds[1]!, quantity: 1 }] });
    const note = (await issueCreditNote(deps, { refundId }))!;
    const noteText = await pdfText(storedPdf(note.pdfKey));
    for (const s of [note.number, `Credit note for invoice ${issued.number}`, orderNumber, '€15.00', '€2.50', '€12.50', 'Total credited']) {
      assert.ok(noteText.includes(s), `${s} in: ${noteText}`);
    }
  });

  test('outside the EU VAT area: no VAT, and the PDF says why', async () => {
    const { orderNumber } = await makeOrder({ country: 'US', lines: [FILE] });
    const issued = await issueInvoice(deps, { orderNumber });
    const invoice = await invoiceRow(issued.number);
    assert.deepEqual([invoice.tax, invoice.gross], [0, 1500]);
    assert.match(await pdfText(storedPdf(issued.pdfKey)), /No VAT charged: the customer is outside the EU VAT area \(United States\)/);
  });
});

describe('the customer’s link', () => {
  test('GET /invoices/<number>.pdf serves the PDF with a valid access token only', async () => {
    const { loader } = await import('../app/routes/invoices.$file.ts');
    const get = async (pathAndQuery: string, file: string) =>
      (await loader({ params: { file }, request: new Request(`http://shop.test${pathAndQuery}`), context: {} })) as Response;
    const { orderNumber } = await makeOrder({ country: 'DE', lines: [POSTER] });
    const issued = await issueInvoice(deps, { orderNumber });
    const file = `${issued.number}.pdf`;

    const ok = await get(invoicePath(issued.number, env.SESSION_SECRET), file);
    assert.equal(ok.status, 200);
    assert.equal(ok.headers.get('content-type'), 'application/pdf');
    assert.equal(ok.headers.get('cache-control'), 'private, no-store');
    assert.match(ok.headers.get('content-disposition') ?? '', new RegExp(`^inline; filename="${issued.number}\\.pdf"`));
    assert.ok(Buffer.from(await ok.arrayBuffer()).equals(storedPdf(issued.pdfKey)));

    const expired = `?access=${signInvoiceToken(issued.number, new Date(Date.now() - 1000), env.SESSION_SECRET)}`;
    const other = await makeOrder({ country: 'DE', lines: [POSTER] });
    const otherNumber = (await issueInvoice(deps, { orderNumber: other.orderNumber })).number;
    const forOther = new URL(invoicePath(otherNumber, env.SESSION_SECRET), 'http://x').search;
    for (const [query, why] of [
      ['', 'no token'],
      ['?access=nonsense', 'a malformed token'],
      [expired, 'an expired token'],
      [forOther, "another invoice's token"],
      [
        `?access=${signInvoiceToken(issued.number, new Date(Date.now() + 60_000), 'another-secret-0123456789abcdefghij')}`,
        'a forged token',
      ],
    ]) {
      assert.equal((await get(`/invoices/${file}${query}`, file)).status, 404, why);
    }

    await orm.em.fork().nativeUpdate(Invoice, { number: issued.number }, { pdfKey: null });
    const preparing = await get(invoicePath(issued.number, env.SESSION_SECRET), file);
    assert.equal(preparing.status, 404);
    assert.match(await preparing.text(), /being prepared/);
    await issueInvoice(deps, { orderNumber });
    assert.equal((await get(invoicePath(issued.number, env.SESSION_SECRET), file)).status, 200);
  });
});

describe('correcting the buyer', () => {
  const BUSINESS: InvoiceBuyerCorrection = {
    name: 'Muster GmbH',
    address: ['Ringstraße 1', '1010 Wien', 'Austria'],
    vatNumber: 'ATU12345678',
  };
  const correct = (orderNumber: string, buyer = BUSINESS, reason = 'Invoice to the company') =>
    correctInvoice(deps, { orderNumber, buyer, reason, adminId: 1, adminEmail: 'admin@example.com' });
  const totals = async () => (await vatReport(orm.em.fork(), YEAR)).totals;

  test('a credit note cancelling the invoice and a new invoice with the new buyer, numbered next; the VAT report unchanged', async () => {
    const { orderNumber } = await makeOrder({ country: 'AT', lines: [POSTER, FILE], shipping: 999 });
    const first = await issueInvoice(deps, { orderNumber });
    const before = await totals();
    const [cnStart, invStart] = [await counter('CN'), await counter('INV')];

    const r = await correct(orderNumber);
    assert.ok(r.ok, r.message);
    assert.equal(r.creditNote, `CN-${YEAR}-${String(cnStart + 1).padStart(6, '0')}`);
    assert.equal(r.invoice, `INV-${YEAR}-${String(invStart + 1).padStart(6, '0')}`);
    assert.ok(r.pdfsStored);

    const em = orm.em.fork();
    const old = await em.findOneOrFail(Invoice, { number: first.number }, { populate: ['correctedBy'] });
    const note = await em.findOneOrFail(Invoice, { number: r.creditNote }, { populate: ['creditedInvoice'] });
    const replacement = await em.findOneOrFail(Invoice, { number: r.invoice });
    assert.equal(old.correctedBy?.number, r.invoice, 'the old invoice names its replacement');
    assert.equal(replacement.correctedBy, null);
    assert.equal(note.kind, 'credit_note');
    assert.equal(note.creditedInvoice?.number, first.number);
    assert.equal(note.refundId, null);
    assert.equal(note.reason, 'Invoice to the company');
    for (const doc of [note, replacement]) {
      assert.deepEqual([doc.lines, doc.rates, doc.net, doc.tax, doc.gross], [old.lines, old.rates, old.net, old.tax, old.gross]);
      assert.deepEqual(
        [doc.seller, doc.taxBehavior, doc.taxCountry, doc.currency],
        [old.seller, old.taxBehavior, old.taxCountry, old.currency],
      );
    }
    assert.deepEqual(note.buyer, old.buyer, 'the credit note names the buyer of the invoice it cancels');
    assert.deepEqual(replacement.buyer, { ...BUSINESS, country: old.buyer.country, email: old.buyer.email });

    const noteText = await pdfText(storedPdf(note.pdfKey!));
    assert.ok(noteText.includes(`Corrects invoice ${first.number}: Invoice to the company`), noteText);
    assert.ok(noteText.includes('Nothing is refunded'), noteText);
    const invoiceText = await pdfText(storedPdf(replacement.pdfKey!));
    for (const s of ['Muster GmbH', 'Ringstraße 1', 'VAT number: ATU12345678', `Replaces invoice ${first.number}`, orderNumber]) {
      assert.ok(invoiceText.includes(s), `${s} in: ${invoiceText}`);
    }

    assert.deepEqual(await totals(), before, 'the credit note cancels the old invoice; the new one adds the same amounts');
    assert.deepEqual(await issueInvoice(deps, { orderNumber }), { number: r.invoice, pdfKey: replacement.pdfKey }, 'the current invoice');
    const events = await orm.em
      .fork()
      .execute<Array<{ message: string }>>(
        "select e.message from order_events e join orders o on o.id = e.order_id where o.order_number = ? and e.type = 'invoice_corrected'",
        [orderNumber],
      );
    assert.equal(events.length, 1);
    assert.match(events[0]!.message, new RegExp(`Invoice ${first.number} corrected`));
  });

  test('corrected twice: a chain, one current invoice; the same buyer again is refused', async () => {
    const { orderNumber } = await makeOrder({ country: 'AT', lines: [FILE] });
    const first = await issueInvoice(deps, { orderNumber });
    const one = await correct(orderNumber);
    assert.ok(one.ok);
    const same = await correct(orderNumber);
    assert.deepEqual(same, { ok: false, message: `The buyer is the same as on invoice ${one.invoice}: there is nothing to correct.` });
    const two = await correct(orderNumber, { ...BUSINESS, vatNumber: null, address: ['Kärntner Straße 2', '1010 Wien'] }, 'Not a business');
    assert.ok(two.ok, two.message);
    assert.equal(sequenceOf(two.invoice), sequenceOf(one.invoice) + 1);
    assert.equal(sequenceOf(two.creditNote), sequenceOf(one.creditNote) + 1);

    const docs = await orm.em
      .fork()
      .find(Invoice, { order: { orderNumber } }, { populate: ['correctedBy', 'creditedInvoice'], orderBy: { id: 'asc' } });
    assert.deepEqual(
      docs.map((d) => [d.number, d.correctedBy?.number ?? null, d.creditedInvoice?.number ?? null]),
      [
        [first.number, one.invoice, null],
        [one.creditNote, null, first.number],
        [one.invoice, two.invoice, null],
        [two.creditNote, null, one.invoice],
        [two.invoice, null, null],
      ],
    );
    assert.deepEqual(docs.at(-1)!.buyer.address, ['Kärntner Straße 2', '1010 Wien']);
    assert.equal(docs.at(-1)!.buyer.vatNumber, null);
    const signed = docs.reduce((s, d) => s + (d.kind === 'credit_note' ? -d.gross : d.gross), 0);
    assert.equal(signed, docs[0]!.gross, 'one invoice’s worth in all');
  });

  test('an invoice that refunds credit, or an order without an invoice, is refused and nothing is numbered', async () => {
    const { orderNumber, itemIds } = await makeOrder({ country: 'AT', lines: [POSTER, FILE] });
    const refused = async (message: RegExp) => {
      const [cn, inv] = [await counter('CN'), await counter('INV')];
      const r = await correct(orderNumber);
      assert.equal(r.ok, false);
      assert.match(r.message, message);
      assert.deepEqual([await counter('CN'), await counter('INV')], [cn, inv]);
    };
    await refused(/no invoice to correct/);
    await issueInvoice(deps, { orderNumber });
    const refundId = await makeRefund(orderNumber, { amount: 1500, lines: [{ orderItemId: itemIds[1]!, quantity: 1 }] });
    await issueCreditNote(deps, { refundId });
    await refused(/This order has refunds; correct it with a refund's credit note instead/);

    // A refund still running (its credit note not issued yet) counts too.
    const other = await makeOrder({ country: 'AT', lines: [FILE] });
    await issueInvoice(deps, { orderNumber: other.orderNumber });
    await makeRefund(other.orderNumber, { amount: 1500, lines: null, status: 'pending' });
    const r = await correct(other.orderNumber);
    assert.equal(r.ok, false);
  });

  test('a refund after a correction: its credit note refers to the new invoice', async () => {
    const { orderNumber, itemIds } = await makeOrder({ country: 'AT', lines: [POSTER, FILE], shipping: 999 });
    await issueInvoice(deps, { orderNumber });
    const corrected = await correct(orderNumber);
    assert.ok(corrected.ok);
    const refundId = await makeRefund(orderNumber, { amount: 4000, lines: [{ orderItemId: itemIds[0]!, quantity: 1 }] });
    const note = await issueCreditNote(deps, { refundId });
    assert.ok(note);
    const row = await orm.em.fork().findOneOrFail(Invoice, { number: note.number }, { populate: ['creditedInvoice'] });
    assert.equal(row.creditedInvoice?.number, corrected.invoice);
    assert.equal(row.gross, 4000);
    assert.deepEqual(row.buyer, (await invoiceRow(corrected.invoice)).buyer);
    assert.match(await pdfText(storedPdf(note.pdfKey)), new RegExp(`Credit note for invoice ${corrected.invoice}`));
  });
});
