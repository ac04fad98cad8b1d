// The next number of a gapless per-year series (INV, CN). Taken in the transaction that inserts the invoice: the
// counter row stays locked until that transaction ends, so concurrent issuers queue on it, and a transaction that
// rolls back gives its number back. A PostgreSQL sequence would not: nextval() is never rolled back, leaving gaps.
// See docs/decisions/058-invoices-gapless-numbering.md.
import type { EntityManager } from '@mikro-orm/postgresql';
import { formatInvoiceNumber, type InvoiceSeries } from '#core/invoice-number.ts';

/** Takes the next sequence number of `series` in `year`; call it inside the transaction that inserts the invoice. */
export async function takeInvoiceNumber(
  tx: EntityManager,
  series: InvoiceSeries,
  year: number,
): Promise<{ number: string; year: number; sequence: number }> {
  if (!tx.isInTransaction()) throw new Error('an invoice number is taken inside the transaction that inserts the invoice');
  const row = await tx.execute<{ last: number }>(
    `insert into invoice_counters (series, year, last) values (?, ?, 1)
       on conflict (series, year) do update set last = invoice_counters.last + 1
       returning last`,
    [series, year],
    'get',
  );
  const sequence = Number(row.last);
  return { number: formatInvoiceNumber(series, year, sequence), year, sequence };
}
