// Shelf counts from a CSV file (/admin/stock), all or nothing: every row is checked against the catalogue first
// (core/stock-csv.ts), and only a file without a single bad row is applied — in one transaction, each variant
// locked in id order (as checkouts lock them, so neither waits on the other in a cycle), each count the same
// change as a count made by hand (countShelf), and only the rows that change something are logged.
import type { EntityManager } from '@mikro-orm/postgresql';
import { STOCK_REASON_MAX } from '#core/schemas/admin-stock.ts';
import { readStockCounts } from '#core/stock-csv.ts';
import { invalidateCatalog } from './catalog.server.ts';
import { countShelf } from './stock-admin.server.ts';
import { lockVariantStock } from './stock.server.ts';

export type StockImportResult =
  { ok: true; counted: number; changed: number; unchanged: number; skipped: number } | { ok: false; errors: string[] };

/** A variant that stopped being one of the stock page's items between the check and the lock: nothing is applied. */
class GoneMeanwhile extends Error {}

/** Applies a file of shelf counts as `actor`; a row without a reason of its own gets "CSV import <file name>". */
export async function importStockCounts(
  em: EntityManager,
  file: { name: string; bytes: Uint8Array },
  actor: string,
): Promise<StockImportResult> {
  const variants = await em.execute<Array<{ id: number; sku: string; format: string }>>('select id, sku, format from product_variants');
  const known = new Map(variants.map((v) => [v.sku, { id: v.id, digital: v.format === 'digital' }]));
  const read = readStockCounts(file.bytes, known);
  if (!read.ok) return read;

  const reason = `CSV import ${file.name || 'file'}`.slice(0, STOCK_REASON_MAX);
  const counts = read.counts.map((c) => ({ ...c, variantId: known.get(c.sku)!.id })).sort((a, b) => a.variantId - b.variantId);
  let changed: number;
  try {
    changed = await em.transactional(async (tx) => {
      let n = 0;
      for (const c of counts) {
        const level = await lockVariantStock(tx, c.variantId);
        if (!level || level.format === 'digital') throw new GoneMeanwhile(`Line ${c.line}: ${c.sku} has no stock any more`);
        const counted = await countShelf(tx, c.variantId, level, c.count, { actor, reason: c.reason ?? reason, recordUnchanged: false });
        if (counted.changed) n++;
      }
      return n;
    });
  } catch (error) {
    if (error instanceof GoneMeanwhile) return { ok: false, errors: [error.message] };
    throw error;
  }
  invalidateCatalog();
  return { ok: true, counted: counts.length, changed, unchanged: counts.length - changed, skipped: read.skipped };
}
