// The bench's own plain good with tracked stock (added to its database, atelier_bench): variants stocked through
// `received` movements as goods received would be, and their levels read beside the sums of their movements.
// Used by the stock-contention phase (bench/lib/contention.ts) and the drop phase (bench/lib/drop.ts).
import type pg from 'pg';
import type { CartProduct } from './carts.ts';

/** A plain good: its product page's add-to-cart form sends nothing besides variantId and quantity. */
export const BENCH_STOCK_PRODUCT: CartProduct = { slug: 'bench-stock-mug', fields: {} };

export interface StockLevels {
  onHand: number;
  reserved: number;
  /** The sums of the variant's movements. */
  logOnHand: number;
  logReserved: number;
  /** Whether the levels are the sums of the movements. */
  logMatches: boolean;
}

/**
 * Adds the bench's plain good (once) and the variants named by `skus` (title = SKU, price 22.00), each tracked and
 * brought up to `onHand` by a `received` movement with `reason`; an existing variant already holding as many is left as
 * it is.
 * Returns the variants' ids in the order of `skus`.
 */
export async function stockVariants(
  db: pg.Pool,
  opts: { skus: readonly string[]; onHand: number; reason: string; firstPosition?: number },
): Promise<number[]> {
  const { skus, onHand, reason, firstPosition = 0 } = opts;
  const client = await db.connect();
  try {
    await client.query('begin');
    const product = await client.query<{ id: number }>(
      `insert into products (created_at, updated_at, slug, title, description, kind, art, personalisable, position)
       values (now(), now(), $1, 'Bench mug', 'A plain good of the benchmark: tracked stock, bought by many at once.', 'good', 'mug', false, 1000)
       on conflict (slug) do update set updated_at = now() returning id`,
      [BENCH_STOCK_PRODUCT.slug],
    );
    const ids: number[] = [];
    for (const [i, sku] of skus.entries()) {
      const { rows } = await client.query<{ id: number; on_hand: number }>(
        `insert into product_variants (created_at, updated_at, product_id, sku, title, format, price, position, track_inventory)
         values (now(), now(), $1, $2, $2, 'physical', 2200, $3, true)
         on conflict (sku) do update set track_inventory = true, updated_at = now() returning id, on_hand`,
        [product.rows[0]!.id, sku, firstPosition + i],
      );
      const { id, on_hand: had } = rows[0]!;
      // As goods received would: a movement, and the level moved by the same amount (the level stays the log's sum).
      if (had < onHand) {
        await client.query(
          `insert into stock_movements (created_at, updated_at, variant_id, kind, on_hand_delta, reserved_delta, actor, reason)
           values (now(), now(), $1, 'received', $2, 0, 'bench', $3)`,
          [id, onHand - had, reason],
        );
        await client.query('update product_variants set on_hand = on_hand + $1, updated_at = now() where id = $2', [onHand - had, id]);
      }
      ids.push(id);
    }
    await client.query('commit');
    return ids;
  } catch (err) {
    await client.query('rollback').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

export async function stockLevels(db: pg.Pool, variantId: number): Promise<StockLevels> {
  const { rows } = await db.query<{ on_hand: number; reserved: number; log_on_hand: number; log_reserved: number }>(
    `select v.on_hand, v.reserved,
            (select coalesce(sum(on_hand_delta), 0)::int from stock_movements where variant_id = v.id) as log_on_hand,
            (select coalesce(sum(reserved_delta), 0)::int from stock_movements where variant_id = v.id) as log_reserved
       from product_variants v where v.id = $1`,
    [variantId],
  );
  const r = rows[0];
  if (!r) throw new Error(`no product variant ${variantId}`);
  return {
    onHand: r.on_hand,
    reserved: r.reserved,
    logOnHand: r.log_on_hand,
    logReserved: r.log_reserved,
    logMatches: r.on_hand === r.log_on_hand && r.reserved === r.log_reserved,
  };
}
