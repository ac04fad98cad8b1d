// Checkout under stock contention. A pending order reserves its tracked items in its own transaction, under the
// variant's row lock (server/catalog/stock.server.ts): checkouts of one variant take turns. This phase measures what
// that costs: the same checkouts (POST /checkout → 303, as the checkout-start phase), in fixed lanes at the same
// concurrency, once with every lane buying the same tracked variant (contended) and once with each lane buying a
// tracked variant of its own (uncontended: no two checkouts in flight wait on one row, and each still reserves).
// The variants belong to a plain good the bench adds to its own database (atelier_bench), each stocked with
// ON_HAND through a `received` movement, so the two sides differ only in sharing the row. The sides alternate in
// rounds (uncontended first, then contended first, …) so a drift in the machine's load falls on both.
import type pg from 'pg';
import { CheckoutTally, createCarts, runCheckoutLanes, type CartProduct, type CheckoutRun, type Failure } from './flows.ts';

export const CONTENTION_PRODUCT: CartProduct = { slug: 'bench-stock-mug', fields: {} };
export const HOT_SKU = 'BENCH-MUG-HOT';
export const ON_HAND = 5000;

export interface ContentionRun {
  productSlug: string;
  hotSku: string;
  onHand: number;
  /** Concurrent checkouts: lanes of each side. */
  lanes: number;
  rounds: number;
  /** Every lane buys HOT_SKU. */
  contended: CheckoutRun;
  /** Each lane buys its own variant. */
  uncontended: CheckoutRun;
  /** Contended checkouts/s over uncontended checkouts/s. */
  ratio: number;
  /** The hot variant afterwards: its levels, and whether they equal the sums of its movements. */
  hot: { onHand: number; reserved: number; logMatches: boolean };
  cartFailures: Failure[];
}

/** Adds the bench's plain good with the hot variant and one variant per lane, each tracked with ON_HAND received. */
async function stockVariants(db: pg.Pool, lanes: number): Promise<{ hot: number; lanes: number[] }> {
  const client = await db.connect();
  try {
    await client.query('begin');
    const product = await client.query<{ id: number }>(
      `insert into products (created_at, updated_at, slug, title, description, kind, art, personalisable, position)
       values (now(), now(), $1, 'Bench mug', 'A plain good of the benchmark: tracked stock, bought by many at once.', 'good', 'mug', false, 1000)
       on conflict (slug) do update set updated_at = now() returning id`,
      [CONTENTION_PRODUCT.slug],
    );
    const skus = [HOT_SKU, ...Array.from({ length: lanes }, (_, i) => `BENCH-MUG-${String(i + 1).padStart(2, '0')}`)];
    const ids: number[] = [];
    for (const [position, sku] of skus.entries()) {
      const { rows } = await client.query<{ id: number; on_hand: number }>(
        `insert into product_variants (created_at, updated_at, product_id, sku, title, format, price, position, track_inventory)
         values (now(), now(), $1, $2, $2, 'physical', 2200, $3, true)
         on conflict (sku) do update set track_inventory = true, updated_at = now() returning id, on_hand`,
        [product.rows[0]!.id, sku, position],
      );
      const { id, on_hand: onHand } = rows[0]!;
      // As goods received would: a movement, and the level moved by the same amount (the level stays the log's sum).
      if (onHand < ON_HAND) {
        await client.query(
          `insert into stock_movements (created_at, updated_at, variant_id, kind, on_hand_delta, reserved_delta, actor, reason)
           values (now(), now(), $1, 'received', $2, 0, 'bench', 'contention benchmark')`,
          [id, ON_HAND - onHand],
        );
        await client.query('update product_variants set on_hand = on_hand + $1, updated_at = now() where id = $2', [ON_HAND - onHand, id]);
      }
      ids.push(id);
    }
    await client.query('commit');
    return { hot: ids[0]!, lanes: ids.slice(1) };
  } catch (err) {
    await client.query('rollback').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

async function hotLevels(db: pg.Pool, variantId: number): Promise<ContentionRun['hot']> {
  const { rows } = await db.query<{ on_hand: number; reserved: number; log_on_hand: number; log_reserved: number }>(
    `select v.on_hand, v.reserved,
            (select coalesce(sum(on_hand_delta), 0)::int from stock_movements where variant_id = v.id) as log_on_hand,
            (select coalesce(sum(reserved_delta), 0)::int from stock_movements where variant_id = v.id) as log_reserved
       from product_variants v where v.id = $1`,
    [variantId],
  );
  const r = rows[0]!;
  return { onHand: r.on_hand, reserved: r.reserved, logMatches: r.on_hand === r.log_on_hand && r.reserved === r.log_reserved };
}

/**
 * Runs both sides: a warm-up round of one checkout per lane each (not counted), then `rounds` rounds of `perLane`
 * checkouts per lane each, the sides' order alternating. Carts are made beforehand (one item each).
 */
export async function benchContention(opts: {
  baseUrl: string;
  db: pg.Pool;
  lanes: number;
  checkouts: number;
  rounds: number;
  deadline: number;
  log: (message: string) => void;
}): Promise<ContentionRun> {
  const variants = await stockVariants(opts.db, opts.lanes);
  const perLane = Math.max(1, Math.round(opts.checkouts / (opts.rounds * opts.lanes)));
  const perSide = opts.lanes * (1 + opts.rounds * perLane);
  const cartFailures: Failure[] = [];
  /** Carts for lane k of each round (warm-up first): all of `variantOf(k)`. */
  const cartsFor = async (variantOf: (lane: number) => number): Promise<string[][][]> => {
    const byLane: string[][] = [];
    for (let k = 0; k < opts.lanes; k++) {
      const carts = await createCarts({
        baseUrl: opts.baseUrl,
        variantId: variantOf(k),
        count: 1 + opts.rounds * perLane,
        concurrency: 8,
        deadline: opts.deadline,
        product: CONTENTION_PRODUCT,
      });
      cartFailures.push(...carts.failures.list());
      byLane.push(carts.cookies);
    }
    // rounds[0] is the warm-up: one cart per lane; then perLane per lane per round.
    return Array.from({ length: 1 + opts.rounds }, (_, r) =>
      byLane.map((cookies) => (r === 0 ? cookies.slice(0, 1) : cookies.slice(1 + (r - 1) * perLane, 1 + r * perLane))),
    );
  };
  opts.log(
    `bench: creating ${perSide * 2} carts of ${CONTENTION_PRODUCT.slug} (${opts.lanes} lanes × ${1 + opts.rounds * perLane}, twice)…`,
  );
  const sides = {
    uncontended: { carts: await cartsFor((k) => variants.lanes[k]!), tally: new CheckoutTally(), attempted: 0, seconds: 0 },
    contended: { carts: await cartsFor(() => variants.hot), tally: new CheckoutTally(), attempted: 0, seconds: 0 },
  };

  opts.log(
    `bench: ${opts.lanes} warm-up checkouts each side, then ${opts.rounds} rounds of ${opts.lanes} lanes × ${perLane}, same variant vs one variant per lane…`,
  );
  for (const side of [sides.uncontended, sides.contended]) {
    await runCheckoutLanes({ baseUrl: opts.baseUrl, lanes: side.carts[0]!, tally: new CheckoutTally(), deadline: opts.deadline });
  }
  for (let r = 1; r <= opts.rounds; r++) {
    const order = r % 2 === 1 ? [sides.uncontended, sides.contended] : [sides.contended, sides.uncontended];
    for (const side of order) {
      const run = await runCheckoutLanes({ baseUrl: opts.baseUrl, lanes: side.carts[r]!, tally: side.tally, deadline: opts.deadline });
      side.attempted += run.attempted;
      side.seconds += run.seconds;
    }
  }
  const contended = sides.contended.tally.result(opts.lanes, sides.contended.attempted, sides.contended.seconds);
  const uncontended = sides.uncontended.tally.result(opts.lanes, sides.uncontended.attempted, sides.uncontended.seconds);
  return {
    productSlug: CONTENTION_PRODUCT.slug,
    hotSku: HOT_SKU,
    onHand: ON_HAND,
    lanes: opts.lanes,
    rounds: opts.rounds,
    // The started checkouts are not paid (they expire with the stack): not kept in the results.
    contended: { ...contended, started: [] },
    uncontended: { ...uncontended, started: [] },
    ratio: uncontended.perSecond > 0 ? contended.perSecond / uncontended.perSecond : Number.NaN,
    hot: await hotLevels(opts.db, variants.hot),
    cartFailures,
  };
}
