// The admin invoice list's filters and the VAT report's year: parsed from the URL by the loaders, turned back into
// query strings by the pages' links. Anything unknown falls back to the default.
import { parsePage } from './order-display';
import { parseSearchText } from './order-filters';

export const INVOICE_KIND_LABELS = { invoice: 'Invoice', credit_note: 'Credit note' } as const;
export type InvoiceKindFilter = keyof typeof INVOICE_KIND_LABELS;

export interface InvoiceFilters {
  /** Part of an invoice number, an order number or an email. */
  q: string | null;
  kind: InvoiceKindFilter | null;
  page: number;
}

export function parseInvoiceFilters(url: URL): InvoiceFilters {
  const p = url.searchParams;
  const kind = p.get('kind');
  return {
    q: parseSearchText(p.get('q')),
    kind: kind && Object.hasOwn(INVOICE_KIND_LABELS, kind) ? (kind as InvoiceKindFilter) : null,
    page: parsePage(p.get('page')),
  };
}

export function invoiceFiltersToSearch(
  f: InvoiceFilters,
  overrides: Partial<Record<keyof InvoiceFilters, string | number | null>> = {},
): string {
  const entries = { q: f.q, kind: f.kind, page: f.page === 1 ? null : f.page, ...overrides };
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(entries)) if (v != null && v !== '') params.set(k, String(v));
  const s = params.toString();
  return s ? `?${s}` : '';
}

/** The report's `?year=`: a four-digit year from 2000 to next year, else the current one (UTC). */
export function parseReportYear(value: string | null, now: Date = new Date()): number {
  const current = now.getUTCFullYear();
  const year = Number(value);
  return value && /^\d{4}$/.test(value) && year >= 2000 && year <= current + 1 ? year : current;
}
