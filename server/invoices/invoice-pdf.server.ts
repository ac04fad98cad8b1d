// An invoice or credit note as an A4 PDF (pdfkit), drawn from the stored row only: the creation date is the issue
// date, so the same row always gives the same bytes and a retried store writes the very document first made. Text is
// set in DejaVu Sans (shipped with the project, as for print files): it has every letter of the EU's languages, so a
// buyer in Kraków or Brno is named correctly, which the PDF standard fonts (WinAnsi only) cannot do.
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import { formatMoney } from '#core/money.ts';
import { formatRate, taxedCountry } from '#core/tax.ts';
import { countryLabel } from '#core/invoice-buyer.ts';
import type { Invoice } from '#db/entities/invoice.ts';

/**
 * Everything printed on the document: the stored row, its order's number and, for a credit note, its invoice's; for a
 * correction, the credit note's reason and the number of the invoice a corrected invoice replaces.
 */
export type InvoiceDocument = Pick<
  Invoice,
  | 'number'
  | 'kind'
  | 'issuedAt'
  | 'currency'
  | 'taxBehavior'
  | 'taxCountry'
  | 'seller'
  | 'buyer'
  | 'lines'
  | 'rates'
  | 'net'
  | 'tax'
  | 'gross'
> & { orderNumber: string; creditedNumber: string | null; reason?: string | null; replacesNumber?: string | null };

const require = createRequire(import.meta.url);
const FONT_DIR = path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
let fonts: { regular: Buffer; bold: Buffer } | undefined;
const fontBytes = () =>
  (fonts ??= {
    regular: fs.readFileSync(path.join(FONT_DIR, 'DejaVuSansCondensed.ttf')),
    bold: fs.readFileSync(path.join(FONT_DIR, 'DejaVuSansCondensed-Bold.ttf')),
  });

/**
 * Registers the two faces. Parsing a TrueType file takes most of a render, so the parsed fonts (pdfkit accepts a
 * fontkit font where it takes bytes) are kept for the next document; each document still embeds its own subset.
 */
let parsed: { regular: unknown; bold: unknown } | null = null;
function registerFonts(doc: PDFKit.PDFDocument): void {
  const source = parsed ?? fontBytes();
  for (const name of ['regular', 'bold'] as const) doc.registerFont(name, source[name] as Buffer);
  // Selected once each, in this order, in every document: fonts are numbered (F1, F2…) as first selected, and the
  // numbers are part of the bytes.
  const fontkitFont = (name: string) => (doc.font(name) as unknown as { _font?: { font?: { layout?: unknown } } })._font?.font;
  const regular = fontkitFont('regular');
  const bold = fontkitFont('bold');
  if (!parsed && typeof regular?.layout === 'function' && typeof bold?.layout === 'function') parsed = { regular, bold };
}

const LEFT = 50;
const RIGHT = 545;
const BOTTOM = 780;
const INK = '#111111';
const MUTED = '#555555';

type Align = 'left' | 'right';
const COLUMNS: Array<{ label: string; x: number; width: number; align: Align }> = [
  { label: 'Description', x: LEFT, width: 170, align: 'left' },
  { label: 'Qty', x: 225, width: 30, align: 'right' },
  { label: 'Unit price', x: 258, width: 62, align: 'right' },
  { label: 'VAT rate', x: 323, width: 42, align: 'right' },
  { label: 'Net', x: 368, width: 57, align: 'right' },
  { label: 'VAT', x: 428, width: 52, align: 'right' },
  { label: 'Gross', x: 483, width: RIGHT - 483, align: 'right' },
];

const dateFormat = new Intl.DateTimeFormat('en-IE', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
export const formatIssueDate = (at: Date): string => dateFormat.format(at);

/** The notes under the totals: how prices were entered, and why there is no VAT when there is none. */
export function invoiceNotes(
  d: Pick<InvoiceDocument, 'kind' | 'taxBehavior' | 'taxCountry' | 'tax' | 'creditedNumber' | 'reason' | 'replacesNumber'>,
): string[] {
  const notes = [d.taxBehavior === 'exclusive' ? 'VAT added: unit prices are shown without VAT.' : 'Prices include VAT.'];
  if (d.tax === 0 && d.taxCountry && !taxedCountry(d.taxCountry)) {
    notes.push(`No VAT charged: the customer is outside the EU VAT area (${countryLabel(d.taxCountry)}).`);
  } else if (d.tax === 0) {
    notes.push('No VAT charged.');
  }
  if (d.kind === 'credit_note' && d.reason) {
    // A correction: the invoice is cancelled in full and replaced by a corrected one; no money moves.
    notes.push(`Corrects invoice ${d.creditedNumber ?? ''}: ${d.reason}`);
    notes.push(`This credit note cancels invoice ${d.creditedNumber ?? ''} in full; a corrected invoice replaces it. Nothing is refunded.`);
    return notes;
  }
  if (d.kind === 'invoice' && d.replacesNumber) notes.push(`Replaces invoice ${d.replacesNumber}.`);
  notes.push(
    d.kind === 'credit_note'
      ? `This credit note reverses the amounts above of invoice ${d.creditedNumber ?? ''}; they are refunded to the customer.`
      : 'Paid in full. Thank you for your order.',
  );
  return notes;
}

export async function renderInvoicePdf(d: InvoiceDocument): Promise<Buffer> {
  const title = d.kind === 'credit_note' ? 'Credit note' : 'Invoice';
  const doc = new PDFDocument({
    size: 'A4',
    margin: LEFT,
    compress: true,
    bufferPages: true,
    info: {
      Title: `${title} ${d.number}`,
      Author: d.seller.name,
      Subject: `${title} ${d.number} for order ${d.orderNumber}`,
      Creator: 'Atelier',
      Producer: 'Atelier',
      CreationDate: d.issuedAt,
      ModDate: d.issuedAt,
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  registerFonts(doc);
  const money = (amount: number) => formatMoney(amount, d.currency);

  const text = (
    s: string,
    x: number,
    y: number,
    opts: { width?: number; align?: Align; font?: 'regular' | 'bold'; size?: number; color?: string } = {},
  ) => {
    doc
      .font(opts.font ?? 'regular')
      .fontSize(opts.size ?? 9)
      .fillColor(opts.color ?? INK);
    doc.text(s, x, y, { width: opts.width, align: opts.align ?? 'left', lineGap: 1 });
    return doc.y;
  };
  const rule = (y: number, color = '#999999') => doc.moveTo(LEFT, y).lineTo(RIGHT, y).lineWidth(0.5).strokeColor(color).stroke();

  // Seller, top left; the document's title and references, top right.
  let y = text(d.seller.name, LEFT, 50, { font: 'bold', size: 12, width: 260 });
  for (const l of d.seller.address) y = text(l, LEFT, y, { width: 260, color: MUTED });
  if (d.seller.vatNumber) y = text(`VAT number: ${d.seller.vatNumber}`, LEFT, y, { width: 260, color: MUTED });
  const sellerBottom = y;

  let ry = text(title.toUpperCase(), 330, 50, { font: 'bold', size: 18, width: RIGHT - 330, align: 'right' }) + 6;
  const refs: Array<[string, string]> = [
    [`${title} number`, d.number],
    ['Issue date', formatIssueDate(d.issuedAt)],
    ['Order number', d.orderNumber],
  ];
  for (const [label, value] of refs) {
    text(label, 330, ry, { width: 90, color: MUTED });
    ry = text(value, 420, ry, { width: RIGHT - 420, align: 'right', font: 'bold' });
  }
  if (d.kind === 'credit_note' && d.creditedNumber) {
    ry = text(`Credit note for invoice ${d.creditedNumber}`, 330, ry + 4, { width: RIGHT - 330, align: 'right' });
  }

  // The buyer.
  y = Math.max(sellerBottom, ry) + 24;
  y = text('Bill to', LEFT, y, { color: MUTED });
  y = text(d.buyer.name, LEFT, y, { font: 'bold', size: 10, width: 300 });
  for (const l of d.buyer.address) y = text(l, LEFT, y, { width: 300 });
  if (d.buyer.email && d.buyer.email !== d.buyer.name) y = text(d.buyer.email, LEFT, y, { width: 300 });
  if (d.buyer.vatNumber) y = text(`VAT number: ${d.buyer.vatNumber}`, LEFT, y, { width: 300 });
  if (d.taxCountry) y = text(`Place of supply: ${countryLabel(d.taxCountry)}`, LEFT, y, { width: 300, color: MUTED });

  // The lines.
  const header = (top: number) => {
    for (const c of COLUMNS) text(c.label, c.x, top, { width: c.width, align: c.align, font: 'bold', size: 8 });
    rule(top + 13);
    return top + 18;
  };
  const newPageIfNeeded = (top: number, height: number) => {
    if (top + height <= BOTTOM) return top;
    doc.addPage();
    return header(50);
  };
  y = header(y + 20);
  for (const l of d.lines) {
    doc.font('regular').fontSize(9);
    const descHeight = doc.heightOfString(l.description, { width: COLUMNS[0]!.width, lineGap: 1 });
    const discountNote = l.discount > 0 ? `Discount −${money(l.discount)}` : null;
    const height = descHeight + (discountNote ? 11 : 0) + 5;
    y = newPageIfNeeded(y, height);
    const cells = [String(l.quantity), money(l.unitPrice), formatRate(l.rate), money(l.net), money(l.tax), money(l.gross)];
    text(l.description, COLUMNS[0]!.x, y, { width: COLUMNS[0]!.width });
    if (discountNote) text(discountNote, COLUMNS[0]!.x, y + descHeight, { width: COLUMNS[0]!.width, size: 8, color: MUTED });
    cells.forEach((cell, i) => text(cell, COLUMNS[i + 1]!.x, y, { width: COLUMNS[i + 1]!.width, align: 'right' }));
    y += height;
  }
  rule(y);

  // VAT per rate, then the totals.
  y = newPageIfNeeded(y + 10, 40 + 13 * d.rates.length + 60);
  const [rateCol, netCol, vatCol, grossCol] = [COLUMNS[3]!, COLUMNS[4]!, COLUMNS[5]!, COLUMNS[6]!];
  text('VAT by rate', LEFT, y, { font: 'bold', size: 8 });
  for (const [c, label] of [
    [rateCol, 'Rate'],
    [netCol, 'Net'],
    [vatCol, 'VAT'],
    [grossCol, 'Gross'],
  ] as const) {
    text(label, c.x, y, { width: c.width, align: 'right', font: 'bold', size: 8 });
  }
  y += 13;
  for (const r of d.rates) {
    text(formatRate(r.rate), rateCol.x, y, { width: rateCol.width, align: 'right' });
    text(money(r.net), netCol.x, y, { width: netCol.width, align: 'right' });
    text(money(r.tax), vatCol.x, y, { width: vatCol.width, align: 'right' });
    text(money(r.gross), grossCol.x, y, { width: grossCol.width, align: 'right' });
    y += 13;
  }
  y += 8;
  const totals: Array<[string, number, boolean]> = [
    ['Total net', d.net, false],
    ['Total VAT', d.tax, false],
    [d.kind === 'credit_note' ? 'Total credited' : 'Total paid', d.gross, true],
  ];
  for (const [label, amount, strong] of totals) {
    const font = strong ? 'bold' : 'regular';
    text(label, 300, y, { width: 170, align: 'right', font, size: strong ? 10 : 9 });
    text(money(amount), grossCol.x - 20, y, { width: grossCol.width + 20, align: 'right', font, size: strong ? 10 : 9 });
    y += strong ? 16 : 13;
  }

  // Notes.
  y += 12;
  for (const note of invoiceNotes(d)) {
    y = newPageIfNeeded(y, 24);
    y = text(note, LEFT, y, { width: RIGHT - LEFT, color: MUTED }) + 2;
  }

  // A footer on every page: who issued it, and where the page stands.
  const range = doc.bufferedPageRange();
  const footer = [d.seller.name, d.seller.vatNumber ? `VAT number ${d.seller.vatNumber}` : null, d.number].filter(Boolean).join(' · ');
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // Below the bottom margin: no automatic page break for the footer.
    doc.page.margins.bottom = 0;
    text(`${footer} · Page ${i + 1} of ${range.count}`, LEFT, 800, { width: RIGHT - LEFT, align: 'left', size: 7, color: MUTED });
  }
  doc.end();
  return done;
}
