// The admin's side of stock: the levels of every physical variant, and the two changes a shop makes by hand —
// goods received, and a count of the shelf. Each is one movement in the log, under the variant's row lock.
import type { EntityManager } from '@mikro-orm/postgresql';
import { availableOf, stockBadge } from '#core/stock.ts';
import type { StockChange } from '#core/schemas/admin-stock.ts';
import { invalidateCatalog } from './catalog.server.ts';
import { applyMovement, lockVariantStock } from './stock.server.ts';

export interface StockRow {
  variantId: number;
  sku: string;
  product: string;
  variant: string;
  tracked: boolean;
  onHand: number;
  reserved: number;
  available: number | null;
  lowStockThreshold: number;
  low: boolean;
}

/** Every physical (and bundle) variant, shelf goods first; digital files have no stock. */
export async function stockLevels(em: EntityManager): Promise<StockRow[]> {
  const rows = await em.execute<
    Array<{
      id: number;
      sku: string;
      product: string;
      variant: string;
      track_inventory: boolean;
      on_hand: number;
      reserved: number;
      low_stock_threshold: number;
    }>
  >(
    `select v.id, v.sku, p.title as product, v.title as variant, v.track_inventory, v.on_hand, v.reserved, v.low_stock_threshold
       from product_variants v join products p on p.id = v.product_id
      where v.format <> 'digital'
      order by v.track_inventory desc, p.position, v.position`,
  );
  return rows.map((r) => {
    const level = { trackInventory: r.track_inventory, onHand: r.on_hand, reserved: r.reserved, lowStockThreshold: r.low_stock_threshold };
    const badge = stockBadge(level);
    return {
      variantId: r.id,
      sku: r.sku,
      product: r.product,
      variant: r.variant,
      tracked: r.track_inventory,
      onHand: r.on_hand,
      reserved: r.reserved,
      available: availableOf(level),
      lowStockThreshold: r.low_stock_threshold,
      low: badge.kind !== 'in_stock',
    };
  });
}

export type StockChangeResult = { ok: true; onHand: number; delta: number } | { ok: false; field: 'variantId'; message: string };

/**
 * Goods received add to what is on hand; a count sets it (the movement records the difference). A count of an
 * untracked variant starts tracking it. What open checkouts hold stays reserved either way.
 */
export async function changeStock(em: EntityManager, change: StockChange, actor: string): Promise<StockChangeResult> {
  const result = await em.transactional(async (tx) => {
    const row = await lockVariantStock(tx, change.variantId);
    if (!row || row.format === 'digital') return { ok: false, field: 'variantId', message: 'Choose one of the items listed' } as const;
    const reason = change.reason || null;
    if (change.change === 'count') {
      const { delta } = await countShelf(tx, change.variantId, row, change.quantity, { actor, reason, recordUnchanged: true });
      return { ok: true, onHand: row.on_hand + delta, delta } as const;
    }
    await applyMovement(tx, { variantId: change.variantId, kind: 'received', onHand: change.quantity, reserved: 0, actor, reason });
    return { ok: true, onHand: row.on_hand + change.quantity, delta: change.quantity } as const;
  });
  if (result.ok) invalidateCatalog();
  return result;
}

/**
 * A count of the shelf, inside the caller's transaction and under the variant's row lock (`level` is what
 * lockVariantStock read): on hand becomes `count` by an `adjusted` movement of the difference, and a variant kept
 * by hand until now starts being tracked (`changed`: either happened). A count that changes nothing is logged
 * only when `recordUnchanged` (a count made by hand is; an imported row that changes nothing is not).
 */
export async function countShelf(
  tx: EntityManager,
  variantId: number,
  level: { tracked: boolean; on_hand: number },
  count: number,
  by: { actor: string; reason: string | null; recordUnchanged: boolean },
): Promise<{ delta: number; changed: boolean }> {
  if (!level.tracked) await tx.execute('update product_variants set track_inventory = true where id = ?', [variantId], 'run');
  const delta = count - level.on_hand;
  const changed = delta !== 0 || !level.tracked;
  if (changed || by.recordUnchanged)
    await applyMovement(tx, { variantId, kind: 'adjusted', onHand: delta, reserved: 0, actor: by.actor, reason: by.reason });
  return { delta, changed };
}
