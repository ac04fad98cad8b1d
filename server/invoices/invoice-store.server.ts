// Invoice PDFs in the shop's storage (a local folder or S3, as print files): `invoices/<year>/<number>.pdf`, rendered
// from the row after the number's transaction has committed. Storing again writes the same bytes.
import type { EntityManager } from '@mikro-orm/postgresql';
import { Invoice } from '#db/entities/invoice.ts';
import type { DbDeps } from '#server/deps.server.ts';
import { getStorage } from '#server/storage/storage.server.ts';
import { renderInvoicePdf, type InvoiceDocument } from './invoice-pdf.server.ts';

export const invoicePdfKey = (year: number, number: string): string => `invoices/${year}/${number}.pdf`;

/** What the PDF prints: the row, its order's number, for a credit note its invoice's, for a replacement the one it replaces. */
export async function invoiceDocument(em: EntityManager, invoice: Invoice): Promise<InvoiceDocument> {
  await em.populate(invoice, ['order', 'creditedInvoice']);
  const replaces = invoice.kind === 'invoice' ? await em.findOne(Invoice, { correctedBy: invoice.id }) : null;
  return {
    number: invoice.number,
    kind: invoice.kind,
    issuedAt: invoice.issuedAt,
    orderNumber: invoice.order.orderNumber,
    creditedNumber: invoice.creditedInvoice?.number ?? null,
    reason: invoice.reason,
    replacesNumber: replaces?.number ?? null,
    currency: invoice.currency,
    taxBehavior: invoice.taxBehavior,
    taxCountry: invoice.taxCountry,
    seller: invoice.seller,
    buyer: invoice.buyer,
    lines: invoice.lines,
    rates: invoice.rates,
    net: invoice.net,
    tax: invoice.tax,
    gross: invoice.gross,
  };
}

/** Renders and stores the invoice's PDF unless it is stored already; returns its number and storage key. */
export async function storeInvoicePdf({ orm, env }: DbDeps, invoiceId: number): Promise<{ number: string; pdfKey: string }> {
  const em = orm.em.fork();
  const invoice = await em.findOneOrFail(Invoice, invoiceId);
  if (invoice.pdfKey) return { number: invoice.number, pdfKey: invoice.pdfKey };
  const pdfKey = invoicePdfKey(invoice.year, invoice.number);
  const bytes = await renderInvoicePdf(await invoiceDocument(em, invoice));
  await getStorage(env).put(pdfKey, bytes, 'application/pdf');
  const now = new Date();
  await em.nativeUpdate(Invoice, { id: invoice.id, pdfKey: null }, { pdfKey, pdfStoredAt: now, updatedAt: now });
  return { number: invoice.number, pdfKey };
}
