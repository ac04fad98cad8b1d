// The admin's invoice list: invoices and credit notes, newest first, searched by invoice number, order number or
// email, filtered by kind. Plain parameterised SQL, like the order list.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { InvoiceFilters } from '#core/invoice-filters.ts';
import { pageCount } from '#core/order-display.ts';

export const INVOICE_PAGE_SIZE = 25;

export interface InvoiceListRow {
  number: string;
  kind: 'invoice' | 'credit_note';
  issuedAt: string;
  orderNumber: string;
  creditedNumber: string | null;
  buyerName: string;
  buyerEmail: string | null;
  country: string | null;
  currency: string;
  net: number;
  tax: number;
  gross: number;
  /** The PDF is stored (it is, moments after the number is taken). */
  pdfStored: boolean;
}

interface RawRow {
  number: string;
  kind: 'invoice' | 'credit_note';
  issued_at: Date;
  order_number: string;
  credited_number: string | null;
  buyer_name: string | null;
  buyer_email: string | null;
  tax_country: string | null;
  currency: string;
  net: number;
  tax: number;
  gross: number;
  pdf_stored: boolean;
}

function where(f: InvoiceFilters): { sql: string; params: unknown[] } {
  const clauses: string[] = [];
  const params: unknown[] = [];
  if (f.kind) {
    clauses.push('i.kind = ?');
    params.push(f.kind);
  }
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    clauses.push("(i.number ilike ? or o.order_number ilike ? or i.buyer->>'email' ilike ? or o.email ilike ?)");
    params.push(like, like, like, like);
  }
  return { sql: clauses.length ? `where ${clauses.join(' and ')}` : '', params };
}

export async function findInvoices(
  em: EntityManager,
  f: InvoiceFilters,
): Promise<{ rows: InvoiceListRow[]; total: number; pages: number }> {
  const w = where(f);
  const conn = em.getConnection();
  const from = 'from invoices i join orders o on o.id = i.order_id';
  const [rows, count] = await Promise.all([
    conn.execute<RawRow[]>(
      `select i.number, i.kind, i.issued_at, o.order_number, c.number as credited_number, i.buyer->>'name' as buyer_name,
          i.buyer->>'email' as buyer_email, i.tax_country, i.currency, i.net, i.tax, i.gross, i.pdf_key is not null as pdf_stored
        ${from} left join invoices c on c.id = i.credited_invoice_id
        ${w.sql} order by i.issued_at desc, i.id desc limit ? offset ?`,
      [...w.params, INVOICE_PAGE_SIZE, (f.page - 1) * INVOICE_PAGE_SIZE],
    ),
    conn.execute<Array<{ n: string }>>(`select count(*) as n ${from} ${w.sql}`, w.params),
  ]);
  const total = Number(count[0]?.n ?? 0);
  return {
    rows: rows.map((r) => ({
      number: r.number,
      kind: r.kind,
      issuedAt: new Date(r.issued_at).toISOString(),
      orderNumber: r.order_number,
      creditedNumber: r.credited_number,
      buyerName: r.buyer_name ?? '',
      buyerEmail: r.buyer_email,
      country: r.tax_country,
      currency: r.currency,
      net: Number(r.net),
      tax: Number(r.tax),
      gross: Number(r.gross),
      pdfStored: Boolean(r.pdf_stored),
    })),
    total,
    pages: pageCount(total, INVOICE_PAGE_SIZE),
  };
}
