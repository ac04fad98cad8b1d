// The admin order list's filters: shared by the loader (parsing) and the page (links that keep them).
import type { OrderStatus } from './order-status.ts';

export const FULFILMENT_TYPES = ['digital', 'physical', 'mixed'] as const;

export interface OrderFilters {
  status: OrderStatus | null;
  type: (typeof FULFILMENT_TYPES)[number] | null;
  /** YYYY-MM-DD, inclusive, in UTC. */
  from: string | null;
  to: string | null;
  q: string | null;
  sort: 'date' | 'total';
  dir: 'asc' | 'desc';
  page: number;
}

/** The same filters as query-string pairs (for links that keep them). */
export function filtersToSearch(f: OrderFilters, overrides: Partial<Record<keyof OrderFilters, string | number | null>> = {}): string {
  const entries: Record<string, string | number | null> = {
    status: f.status,
    type: f.type,
    from: f.from,
    to: f.to,
    q: f.q,
    sort: f.sort === 'date' ? null : f.sort,
    dir: f.dir === 'desc' ? null : f.dir,
    page: f.page === 1 ? null : f.page,
    ...overrides,
  };
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(entries)) if (v != null && v !== '') params.set(k, String(v));
  const s = params.toString();
  return s ? `?${s}` : '';
}

/**
 * A filter date: YYYY-MM-DD naming a day that exists (no 2026-02-31, no year 0, which PostgreSQL's
 * date type refuses), else null.
 */
export function parseFilterDate(value: string | null): string | null {
  if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value) || value.startsWith('0000')) return null;
  const day = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === value ? value : null;
}

/** A search box's text: trimmed, at most 254 characters, without control characters (PostgreSQL text cannot hold NUL); null when empty. */
export function parseSearchText(value: string | null): string | null {
  // eslint-disable-next-line no-control-regex
  const printable = value?.replace(/[\u0000-\u001f\u007f]/g, '');
  return printable?.trim().slice(0, 254) || null;
}
