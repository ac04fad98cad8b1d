// Checkout under stock contention. A pending order reserves its tracked items in its own transaction, under the
// variant's row lock (server/catalog/stock.server.ts): checkouts of one variant take turns. This phase measures what
// that costs: the same checkouts (POST /checkout → 303, as the checkout-start phase), in fixed lanes at the same
// concurrency, once with every lane buying the same tracked variant (contended) and once with each lane buying a
// tracked variant of its own (uncontended: no two checkouts in flight wait on one row, and each still reserves).
// The variants belong to a plain good the bench adds to its own database (atelier_bench), each stocked with
// ON_HAND through a `received` movement, so the two sides differ only in sharing the row. The sides alternate in
// rounds (uncontended first, then contended first, …) so a drift in the machine's load falls on both.
import type pg from 'pg';
import { createCarts } from './carts.ts';
import { CheckoutTally, runCheckoutLanes, type CheckoutRun } from './checkout-start.ts';
import type { Failure } from './failures.ts';
import { BENCH_STOCK_PRODUCT, stockLevels, stockVariants } from './tracked-stock.ts';

export const CONTENTION_PRODUCT = BENCH_STOCK_PRODUCT;
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

/** The hot variant and one variant per lane, each tracked with ON_HAND received. */
async function contentionVariants(db: pg.Pool, lanes: number): Promise<{ hot: number; lanes: number[] }> {
  const skus = [HOT_SKU, ...Array.from({ length: lanes }, (_, i) => `BENCH-MUG-${String(i + 1).padStart(2, '0')}`)];
  const ids = await stockVariants(db, { skus, onHand: ON_HAND, reason: 'contention benchmark' });
  return { hot: ids[0]!, lanes: ids.slice(1) };
}

async function hotLevels(db: pg.Pool, variantId: number): Promise<ContentionRun['hot']> {
  const { onHand, reserved, logMatches } = await stockLevels(db, variantId);
  return { onHand, reserved, logMatches };
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
  const variants = await contentionVariants(opts.db, opts.lanes);
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
