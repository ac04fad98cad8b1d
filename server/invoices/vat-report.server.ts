// The VAT report: per month (UTC), country, supply (digital / physical) and rate, the net, VAT and gross of the
// invoices issued less those of the credit notes, summed over the lines the documents were issued with.
import type { EntityManager } from '@mikro-orm/postgresql';
import { csvCell, csvLine } from '#core/csv.ts';
import { formatDecimal } from '#core/money.ts';

export interface VatReportRow {
  /** YYYY-MM */
  month: string;
  country: string | null;
  supply: 'digital' | 'physical';
  /** Basis points. */
  rate: number;
  currency: string;
  net: number;
  tax: number;
  gross: number;
}

export interface VatReport {
  year: number;
  rows: VatReportRow[];
  /** Per currency (the shop has one; a change of SHOP_CURRENCY is never summed into another). */
  totals: Array<{ currency: string; net: number; tax: number; gross: number }>;
  /** Years with documents, and this one: the year filter's choices. */
  years: number[];
}

interface RawRow {
  month: string;
  country: string | null;
  supply: 'digital' | 'physical';
  rate: number;
  currency: string;
  net: string;
  tax: string;
  gross: string;
}

const SIGNED = (field: string) => `sum(case when i.kind = 'credit_note' then -1 else 1 end * (l->>'${field}')::bigint)`;

export async function vatReport(em: EntityManager, year: number, now: Date = new Date()): Promise<VatReport> {
  const conn = em.getConnection();
  const [raw, years] = await Promise.all([
    conn.execute<RawRow[]>(
      `select to_char(i.issued_at at time zone 'UTC', 'YYYY-MM') as month, i.tax_country as country, l->>'supply' as supply,
          (l->>'rate')::int as rate, i.currency, ${SIGNED('net')} as net, ${SIGNED('tax')} as tax, ${SIGNED('gross')} as gross
        from invoices i cross join lateral jsonb_array_elements(i.lines) as l
        where i.issued_at >= ?::timestamptz and i.issued_at < ?::timestamptz
        group by 1, 2, 3, 4, 5
        order by 1, 2 nulls last, 3, 4 desc, 5`,
      [`${year}-01-01T00:00:00Z`, `${year + 1}-01-01T00:00:00Z`],
    ),
    conn.execute<Array<{ year: number }>>('select distinct year from invoices order by year desc'),
  ]);
  const rows = raw.map((r) => ({ ...r, rate: Number(r.rate), net: Number(r.net), tax: Number(r.tax), gross: Number(r.gross) }));
  const totals = new Map<string, { currency: string; net: number; tax: number; gross: number }>();
  for (const r of rows) {
    const t = totals.get(r.currency) ?? { currency: r.currency, net: 0, tax: 0, gross: 0 };
    t.net += r.net;
    t.tax += r.tax;
    t.gross += r.gross;
    totals.set(r.currency, t);
  }
  const choices = new Set([now.getUTCFullYear(), year, ...years.map((y) => Number(y.year))]);
  return { year, rows, totals: [...totals.values()], years: [...choices].sort((a, b) => b - a) };
}

export const VAT_CSV_HEADER = ['month', 'country', 'supply', 'vat_rate_percent', 'currency', 'net', 'vat', 'gross'];

/**
 * The report as CSV (amounts as decimals, credit notes already subtracted). Amounts are written as plain numbers: a
 * month with more credited than invoiced is negative, which csvCell's formula guard would turn into text.
 */
export function vatReportCsv(report: Pick<VatReport, 'rows'>): string {
  const lines = report.rows.map((r) =>
    [
      csvCell(r.month),
      csvCell(r.country ?? ''),
      csvCell(r.supply),
      String(r.rate / 100),
      csvCell(r.currency.toUpperCase()),
      formatDecimal(r.net),
      formatDecimal(r.tax),
      formatDecimal(r.gross),
    ].join(','),
  );
  return [csvLine(VAT_CSV_HEADER), ...lines].map((l) => `${l}\r\n`).join('');
}
