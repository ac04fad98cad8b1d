// Stock as CSV: the file the admin downloads (one row per item kept on a shelf) and the shelf counts they upload
// back. A count file is read and every row checked here, before anything is applied: the answer is either all
// the counts or every problem, each by its line (server/catalog/stock-import.server.ts applies the counts).
import { CsvError, parse, type InfoDataSet } from 'csv-parse/sync';
import { csvLine, unguardCell } from './csv.ts';
import {
  STOCK_IMPORT_MAX_BYTES,
  STOCK_IMPORT_MAX_ROWS,
  STOCK_IMPORT_TOO_LARGE,
  STOCK_QUANTITY_MAX,
  STOCK_REASON_MAX,
} from './schemas/admin-stock.ts';

export const STOCK_CSV_COLUMNS = [
  'sku',
  'product',
  'variant',
  'tracked',
  'on_hand',
  'reserved',
  'available',
  'low_stock_threshold',
] as const;

export interface StockCsvRow {
  sku: string;
  product: string;
  variant: string;
  tracked: boolean;
  onHand: number;
  reserved: number;
  available: number | null;
  lowStockThreshold: number;
}

/**
 * The export. An item made to order (not tracked) has no count: its on_hand, reserved and available are empty,
 * so the file can be imported back as it is without starting to track it.
 */
export function stockCsv(rows: readonly StockCsvRow[]): string {
  const lines = rows.map((r) =>
    csvLine([
      r.sku,
      r.product,
      r.variant,
      r.tracked ? 'yes' : 'no',
      r.tracked ? r.onHand : '',
      r.tracked ? r.reserved : '',
      r.available ?? '',
      r.lowStockThreshold,
    ]),
  );
  return `${[csvLine(STOCK_CSV_COLUMNS), ...lines].join('\r\n')}\r\n`;
}

/** What the catalogue says of a SKU, for checking a row. */
export interface KnownVariant {
  digital: boolean;
}

export interface StockCount {
  /** The line of the file the row is on (the header is line 1). */
  line: number;
  sku: string;
  count: number;
  /** The row's own reason, when it has one. */
  reason: string | null;
}

export type StockCountsRead = { ok: true; counts: StockCount[]; skipped: number } | { ok: false; errors: string[] };

const refuse = (error: string): StockCountsRead => ({ ok: false, errors: [error] });
/** A SKU as a message quotes it: short, and on one line. */
const shown = (sku: string) => {
  const flat = sku.replace(/\s+/g, ' ');
  return flat.length > 40 ? `${flat.slice(0, 40)}…` : flat;
};
/** Header names as people write them: "SKU", "On hand", "on-hand". */
const columnName = (name: string) =>
  name
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
/** A record as csv-parse gives it with the `info` and `raw` options (its types do not follow the options). */
type ParsedRecord = { record: string[]; raw: string; info: InfoDataSet };

// Control characters other than tab and line breaks: a binary file, not text.
// eslint-disable-next-line no-control-regex
const BINARY = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/**
 * Reads a file of shelf counts: a header line naming the columns `sku` and `on_hand` (and `reason`, optional;
 * other columns, such as the export's, are ignored), then one row per item. A row whose on_hand is empty is
 * skipped (left as it is). Refused as a whole: an empty, oversized, non-UTF-8 or binary file, a missing column,
 * more than STOCK_IMPORT_MAX_ROWS rows; otherwise every bad row is listed by its line.
 */
export function readStockCounts(bytes: Uint8Array, known: ReadonlyMap<string, KnownVariant>): StockCountsRead {
  if (bytes.byteLength === 0) return refuse('The file is empty');
  if (bytes.byteLength > STOCK_IMPORT_MAX_BYTES) return refuse(STOCK_IMPORT_TOO_LARGE);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return refuse('The file is not UTF-8 text: save it as “CSV UTF-8” and try again');
  }
  if (BINARY.test(text)) return refuse('The file is not a CSV text file');
  if (text.trim() === '') return refuse('The file is empty');

  let records: ParsedRecord[];
  try {
    // One kind of line break, so that lines are counted as an editor counts them (a quoted value may span lines).
    records = parse(text.replace(/\r\n?/g, '\n'), {
      bom: true,
      info: true,
      raw: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      skip_records_with_empty_values: true,
      trim: true,
    }) as unknown as ParsedRecord[];
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const what = error.code === 'CSV_QUOTE_NOT_CLOSED' ? 'a quoted value is never closed' : 'the line is not valid CSV';
    return refuse(`Line ${error.lines}: ${what}`);
  }

  const [header, ...rows] = records;
  if (!header) return refuse('The file is empty');
  const columns = header.record.map(columnName);
  const at = { sku: columns.indexOf('sku'), onHand: columns.indexOf('on_hand'), reason: columns.indexOf('reason') };
  const missing = [at.sku < 0 ? 'sku' : null, at.onHand < 0 ? 'on_hand' : null].filter((c) => c !== null);
  if (missing.length) return refuse(`The first line must name the columns sku and on_hand (no ${missing.join(' or ')} column found)`);
  if (rows.length === 0) return refuse('The file has no counts: only the header line');
  if (rows.length > STOCK_IMPORT_MAX_ROWS)
    return refuse(`The file has ${rows.length.toLocaleString('en')} rows: at most ${STOCK_IMPORT_MAX_ROWS.toLocaleString('en')} at a time`);

  const errors: string[] = [];
  const counts: StockCount[] = [];
  const firstLine = new Map<string, number>();
  let skipped = 0;
  for (const { record, raw, info } of rows) {
    // The line the row starts on: csv-parse counts to where it ends (its raw text has the blank lines before it).
    const line = info.lines - (raw.replace(/^\n+|\n$/g, '').match(/\n/g)?.length ?? 0);
    const bad = (problem: string) => errors.push(`Line ${line}: ${problem}`);
    const sku = unguardCell(record[at.sku] ?? '');
    const rawCount = record[at.onHand] ?? '';
    const reason = at.reason >= 0 ? (record[at.reason] ?? '') : '';
    const seen = firstLine.get(sku);
    if (!sku) bad('the sku is empty');
    else if (seen !== undefined) bad(`${shown(sku)} appears twice (line ${seen})`);
    else if (!known.has(sku)) bad(`unknown SKU ${shown(sku)}`);
    else if (known.get(sku)?.digital) bad(`${shown(sku)} is a digital item: it has no stock`);
    if (sku && seen === undefined) firstLine.set(sku, line);
    const count = /^\d+$/.test(rawCount) ? Number(rawCount) : null;
    if (rawCount !== '' && count === null) bad('on_hand must be a whole number 0 or more');
    if (count !== null && count > STOCK_QUANTITY_MAX) bad(`on_hand must be at most ${STOCK_QUANTITY_MAX.toLocaleString('en')}`);
    if (reason.length > STOCK_REASON_MAX) bad(`the reason is longer than ${STOCK_REASON_MAX} characters`);
    if (rawCount === '') skipped++;
    else if (count !== null) counts.push({ line, sku, count, reason: reason || null });
  }
  return errors.length ? { ok: false, errors } : { ok: true, counts, skipped };
}
