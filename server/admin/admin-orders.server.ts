// Admin queries over orders: filters, search, sorting, pagination, streamed CSV.
// Plain parameterised SQL: these are reports, not entity graphs.
import type { EntityManager } from '@mikro-orm/postgresql';
import { ORDER_STATUSES, type OrderStatus } from '#db/entities/order.ts';
import { FULFILMENT_TYPES, parseFilterDate, parseSearchText, type OrderFilters } from '#core/order-filters.ts';
import { parsePage } from '#core/order-display.ts';
import { csvCell } from '#core/csv.ts';

export { FULFILMENT_TYPES, type OrderFilters };

export const ORDER_STATUS_OPTIONS = [...ORDER_STATUSES];
export const PAGE_SIZE = 25;

/** Reads filters from a URL; anything unknown or impossible (2026-02-31, page 1e20) falls back to the default rather than erroring. */
export function parseOrderFilters(url: URL): OrderFilters {
  const p = url.searchParams;
  const status = p.get('status');
  const type = p.get('type');
  return {
    status: (ORDER_STATUSES as readonly string[]).includes(status ?? '') ? (status as OrderStatus) : null,
    type: (FULFILMENT_TYPES as readonly string[]).includes(type ?? '') ? (type as OrderFilters['type']) : null,
    from: parseFilterDate(p.get('from')),
    to: parseFilterDate(p.get('to')),
    q: parseSearchText(p.get('q')),
    sort: p.get('sort') === 'total' ? 'total' : 'date',
    dir: p.get('dir') === 'asc' ? 'asc' : 'desc',
    page: parsePage(p.get('page')),
  };
}

function where(f: OrderFilters): { sql: string; params: unknown[] } {
  const clauses: string[] = [];
  const params: unknown[] = [];
  if (f.status) {
    clauses.push('o.status = ?');
    params.push(f.status);
  }
  if (f.type) {
    clauses.push('o.fulfilment_type = ?');
    params.push(f.type);
  }
  if (f.from) {
    clauses.push('o.created_at >= ?::date');
    params.push(f.from);
  }
  if (f.to) {
    clauses.push("o.created_at < (?::date + interval '1 day')");
    params.push(f.to);
  }
  if (f.q) {
    // An order number (exact, any case) or an email (substring, any case).
    clauses.push("(o.order_number = upper(?) or o.email ilike '%' || ? || '%')");
    params.push(
      f.q,
      f.q.replace(/[\\%_]/g, (c) => `\\${c}`),
    );
  }
  return { sql: clauses.length ? `where ${clauses.join(' and ')}` : '', params };
}

export interface OrderRow {
  id: number;
  orderNumber: string;
  createdAt: string;
  email: string | null;
  status: OrderStatus;
  fulfilmentType: string;
  currency: string;
  total: number;
  refunded: number;
  itemCount: number;
  /** VAT in the total (0 for orders paid before VAT was recorded) and the country whose rates applied. */
  tax: number;
  taxCountry: string | null;
}

const SELECT = `select o.id, o.order_number, o.created_at, o.email, o.status, o.fulfilment_type, o.currency, o.total, o.refunded,
  o.tax, o.tax_country,
  coalesce((select sum(quantity) from order_items i where i.order_id = o.id), 0) as item_count
  from orders o`;

interface RawRow {
  id: number;
  order_number: string;
  created_at: Date;
  email: string | null;
  status: OrderStatus;
  fulfilment_type: string;
  currency: string;
  total: number;
  refunded: number;
  item_count: string | number;
  tax: number;
  tax_country: string | null;
}

const toRow = (r: RawRow): OrderRow => ({
  id: r.id,
  orderNumber: r.order_number,
  createdAt: new Date(r.created_at).toISOString(),
  email: r.email,
  status: r.status,
  fulfilmentType: r.fulfilment_type,
  currency: r.currency,
  total: Number(r.total),
  refunded: Number(r.refunded),
  itemCount: Number(r.item_count),
  tax: Number(r.tax),
  taxCountry: r.tax_country,
});

export async function findOrders(em: EntityManager, f: OrderFilters): Promise<{ rows: OrderRow[]; total: number; pages: number }> {
  const w = where(f);
  const order = `${f.sort === 'total' ? 'o.total' : 'o.created_at'} ${f.dir}, o.id ${f.dir}`;
  const conn = em.getConnection();
  const [rows, count] = await Promise.all([
    conn.execute<RawRow[]>(`${SELECT} ${w.sql} order by ${order} limit ? offset ?`, [...w.params, PAGE_SIZE, (f.page - 1) * PAGE_SIZE]),
    conn.execute<Array<{ n: string }>>(`select count(*) as n from orders o ${w.sql}`, w.params),
  ]);
  const total = Number(count[0]?.n ?? 0);
  return { rows: rows.map(toRow), total, pages: Math.max(1, Math.ceil(total / PAGE_SIZE)) };
}

const money = (minor: number) => (minor / 100).toFixed(2);

/** The export's columns; new ones go at the end, so what reads the older columns by position still works. */
export const CSV_COLUMNS = [
  'order_number',
  'created_at',
  'email',
  'status',
  'fulfilment_type',
  'items',
  'currency',
  'total',
  'refunded',
  // total = net + tax, whether the prices included VAT or not.
  'net',
  'tax',
  'tax_country',
] as const;

/** Every order matching the filters as CSV, read in pages of 500 by keyset so memory stays flat. */
export function ordersCsvStream(em: EntityManager, f: OrderFilters): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const w = where(f);
  let lastKey: { created: Date; id: number } | null = null;
  let headerSent = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!headerSent) {
        headerSent = true;
        controller.enqueue(encoder.encode(`${CSV_COLUMNS.join(',')}\r\n`));
        return;
      }
      const keyset = lastKey ? `${w.sql ? `${w.sql} and` : 'where'} (o.created_at, o.id) < (?, ?)` : w.sql;
      const params = lastKey ? [...w.params, lastKey.created, lastKey.id] : w.params;
      const rows = await em
        .getConnection()
        .execute<RawRow[]>(`${SELECT} ${keyset} order by o.created_at desc, o.id desc limit 500`, params);
      if (rows.length === 0) {
        controller.close();
        return;
      }
      const last = rows[rows.length - 1]!;
      lastKey = { created: last.created_at, id: last.id };
      const text = rows
        .map(toRow)
        .map((r) =>
          [
            r.orderNumber,
            r.createdAt,
            r.email,
            r.status,
            r.fulfilmentType,
            r.itemCount,
            r.currency.toUpperCase(),
            money(r.total),
            money(r.refunded),
            money(r.total - r.tax),
            money(r.tax),
            r.taxCountry ?? '',
          ]
            .map(csvCell)
            .join(','),
        )
        .join('\r\n');
      controller.enqueue(encoder.encode(`${text}\r\n`));
    },
  });
}
