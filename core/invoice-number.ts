// Invoice and credit note numbers: a series, the year of issue (UTC) and a six-digit sequence, INV-2026-000123 and
// CN-2026-000007. The sequence comes from a gapless per-year counter (server/invoices/invoice-numbers.server.ts).

export const INVOICE_SERIES = { invoice: 'INV', credit_note: 'CN' } as const;
export type InvoiceSeries = (typeof INVOICE_SERIES)[keyof typeof INVOICE_SERIES];

export function formatInvoiceNumber(series: InvoiceSeries, year: number, sequence: number): string {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) throw new RangeError(`invalid invoice year ${year}`);
  if (!Number.isInteger(sequence) || sequence < 1) throw new RangeError(`invalid invoice sequence ${sequence}`);
  return `${series}-${year}-${String(sequence).padStart(6, '0')}`;
}

const NUMBER = /^(INV|CN)-(\d{4})-(\d{6,9})$/;

export function parseInvoiceNumber(value: string): { series: InvoiceSeries; year: number; sequence: number } | null {
  const m = NUMBER.exec(value);
  if (!m) return null;
  const sequence = Number(m[3]);
  return sequence >= 1 ? { series: m[1] as InvoiceSeries, year: Number(m[2]), sequence } : null;
}

/** The invoice number a PDF's file name (`INV-2026-000123.pdf`) names, or null for anything else. */
export function invoiceNumberOfFile(file: string | undefined): string | null {
  const m = /^(.+)\.pdf$/.exec(file ?? '');
  return m && parseInvoiceNumber(m[1]!) ? m[1]! : null;
}
