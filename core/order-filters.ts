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

