// An invoice's or credit note's stored PDF as an HTTP answer, opened in the browser (inline) and never cached by
// anything shared. Who may have it is the route's decision (a signed link, or an admin).
import type { EntityManager } from '@mikro-orm/postgresql';
import { Invoice } from '#db/entities/invoice.ts';
import { contentDisposition, type FileStorage } from '#server/storage/storage.server.ts';
import { logger } from '#server/log.server.ts';

const plain = (status: number, message: string) =>
  new Response(message, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' } });

export const invoiceNotFound = () => plain(404, 'No such invoice.');

export async function invoicePdfResponse(em: EntityManager, number: string, storage: FileStorage, method: string): Promise<Response> {
  const invoice = await em.findOne(Invoice, { number });
  if (!invoice) return invoiceNotFound();
  if (!invoice.pdfKey) return plain(404, `${number} is being prepared. Please try again in a minute.`);
  const file = await storage.open(invoice.pdfKey);
  if (!file) {
    logger.error({ invoice: number, storageKey: invoice.pdfKey }, `invoice ${number}: ${invoice.pdfKey} is missing from storage`);
    return plain(404, `${number} is being prepared. Please try again in a minute.`);
  }
  const chunks: Buffer[] = [];
  for await (const chunk of file.stream) chunks.push(Buffer.from(chunk as Uint8Array));
  const bytes = Buffer.concat(chunks);
  return new Response(method === 'HEAD' ? null : bytes, {
    status: 200,
    headers: {
      'Content-Type': 'application/pdf',
      'Content-Disposition': contentDisposition(`${number}.pdf`).replace(/^attachment/, 'inline'),
      'Content-Length': String(bytes.length),
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  });
}
