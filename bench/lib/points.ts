// What loyalty points cost the payment path: webhook → paid with points off and on, in the same run.
// Off: the worker runs with POINTS_EARN_RATE=0 and the carts spend no points. On: the default earn rate (1), and every
// cart spends POINTS_TO_USE of the customer's points (reserved by createPendingOrder, spent by markOrderPaid; after
// payment the checkout starts points-<orderNumber>, which earns the order's pending points). Both sides are
// signed-in customers (accounts and sessions written to the database, bench/lib/customers.ts) buying one poster each;
// the on side's customers are given their points first through adjustPoints, as an admin's adjustment.
// A side's orders are checked out, then paid on the local pay page at a fixed rate (open loop), as in the pay phase.
// Measured per order: the webhook's arrival at the web server (webhook_events.created_at) → orders.paid_at, and →
// the checkout workflow's close. Switching sides restarts the worker with the other environment; each segment starts
// with a few orders not counted (a fresh worker is cold) and waits for the shop to go quiet. The rounds alternate the
// sides' order (off, on, then on, off, …), so a drift in the machine's load falls on both alike. Beside the latencies,
// the CPU the shop's processes used per paid order, which the rest of the machine's load sways much less.
import type pg from 'pg';
import type { Stack } from '../../scripts/lib/stack.ts';
import { MACHINE } from './cpu.ts';
import { lookupVariantId } from './carts.ts';
import type { Failure } from './failures.ts';
import { ledgerOf, type PointsLedgerCounts } from './points-ledger.ts';
import {
  POINTS_GIVEN,
  POINTS_TO_USE,
  SHOP_PROCESSES,
  SIDES,
  emptyCollected,
  segment,
  type Collected,
  type PointsSideName,
  type SegmentContext,
  type SegmentFigures,
} from './points-segment.ts';
import { sleep, summarize, type Summary } from './stats.ts';
import { restartWorkerWith } from './worker-env.ts';
import { WorkflowTimes } from './workflow-times.ts';

export type { PointsSideName } from './points-segment.ts';

export interface PointsSide {
  side: PointsSideName;
  earnRate: number;
  pointsToUse: number;
  /** Orders whose checkout started and went to the pay page (warm-ups not counted). */
  orders: number;
  /** webhook_events.created_at (the web server received it) → orders.paid_at. */
  webhookToPaid: Summary;
  /** The same arrival → the checkout workflow closed (Temporal's close time): what follows the payment, points child included. */
  webhookToClosed: Summary;
  notPaid: number;
  notClosed: number;
  failures: Failure[];
  failureCount: number;
  /** What the measured orders did to the ledger: transfers by type, points spent, points-<orderNumber> workflows found. */
  ledger: PointsLedgerCounts;
  /**
   * CPU the shop's processes used from the first payment until every checkout had closed and the shop was quiet, less
   * their idle use at the rate measured just before, per paid order (ms); and the cores the rest of the machine used
   * meanwhile (other processes, PostgreSQL included).
   */
  cpuMsPerOrder: { web: number; worker: number; temporal: number; total: number };
  restOfMachineCores: number | null;
}

export interface PointsRun {
  ordersPerSide: number;
  rounds: number;
  ratePerSecond: number;
  warmupPerSegment: number;
  pointsGiven: number;
  off: PointsSide;
  on: PointsSide;
  /** Webhook → paid p95, on over off. */
  ratio: number;
  /** Webhook → checkout closed p95, on over off. */
  closedRatio: number;
  /** Per round: on p95 / off p95 of webhook → paid within the round (its two segments ran one after the other). */
  roundRatios: number[];
  /** Their median: a figure one disturbed segment does not sway. */
  medianRoundRatio: number;
  segments: SegmentFigures[];
}

function median(values: number[]): number {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function sideResult(side: PointsSideName, c: Collected, ledger: PointsLedgerCounts): PointsSide {
  const perOrder = (label: string) => ((c.cpu[label] ?? 0) * 1000) / Math.max(1, c.toPaid.length);
  const ours = [...SHOP_PROCESSES, 'load generator'].reduce((sum, l) => sum + (c.cpu[l] ?? 0), c.idleCpu);
  return {
    side,
    earnRate: Number(SIDES[side].earnRate),
    pointsToUse: SIDES[side].pointsToUse,
    orders: c.orders,
    webhookToPaid: summarize(c.toPaid),
    webhookToClosed: summarize(c.toClosed),
    notPaid: c.notPaid,
    notClosed: c.notClosed,
    failures: c.failures,
    failureCount: c.failures.reduce((n, f) => n + f.count, 0),
    ledger,
    cpuMsPerOrder: {
      web: perOrder('web'),
      worker: perOrder('worker'),
      temporal: perOrder('temporal'),
      total: perOrder('web') + perOrder('worker') + perOrder('temporal'),
    },
    restOfMachineCores: c.cpu[MACHINE] !== undefined && c.wallSeconds > 0 ? Math.max(0, c.cpu[MACHINE] - ours) / c.wallSeconds : null,
  };
}

/**
 * Runs the sides in `rounds` rounds (off then on, then on then off, …), `ordersPerSide` measured orders per side in
 * all. The worker is left with the environment of the last segment.
 */
export async function benchPoints(opts: {
  stack: Stack;
  db: pg.Pool;
  ordersPerSide: number;
  rounds: number;
  ratePerSecond: number;
  warmup: number;
  wrap: SegmentContext['wrap'];
  log: (message: string) => void;
}): Promise<PointsRun> {
  const { stack, db } = opts;
  const times = await WorkflowTimes.connect(stack.temporal.address, stack.temporal.namespace);
  const ctx: SegmentContext = {
    stack,
    db,
    times,
    variantId: await lookupVariantId(db),
    ratePerSecond: opts.ratePerSecond,
    warmup: opts.warmup,
    wrap: opts.wrap,
    log: opts.log,
    segments: [],
  };
  const collected: Record<PointsSideName, Collected> = { off: emptyCollected(), on: emptyCollected() };
  try {
    let current: PointsSideName | null = null;
    for (let round = 0; round < opts.rounds; round++) {
      const order: PointsSideName[] = round % 2 === 0 ? ['off', 'on'] : ['on', 'off'];
      for (const side of order) {
        const count = Math.floor(opts.ordersPerSide / opts.rounds) + (round < opts.ordersPerSide % opts.rounds ? 1 : 0);
        if (current !== side) {
          opts.log(`bench: points ${side}: restarting the worker with POINTS_EARN_RATE=${SIDES[side].earnRate}…`);
          await restartWorkerWith(stack, { POINTS_EARN_RATE: SIDES[side].earnRate });
          current = side;
        }
        opts.log(
          `bench: points ${side} (round ${round + 1} of ${opts.rounds}): ${count} signed-in customers${side === 'on' ? `, ${POINTS_TO_USE} points each spent` : ''}…`,
        );
        await segment(ctx, round + 1, side, count, collected[side]);
      }
    }
    // The last orders' points children earn just after their checkouts close.
    await sleep(2000);
    const roundRatios = Array.from({ length: opts.rounds }, (_, r) => {
      const p95 = (side: PointsSideName) => ctx.segments.find((g) => g.round === r + 1 && g.side === side)?.webhookToPaid.p95 ?? NaN;
      return p95('on') / p95('off');
    });
    const off = sideResult('off', collected.off, await ledgerOf(db, times, collected.off.orderNumbers));
    const on = sideResult('on', collected.on, await ledgerOf(db, times, collected.on.orderNumbers));
    return {
      ordersPerSide: opts.ordersPerSide,
      rounds: opts.rounds,
      ratePerSecond: opts.ratePerSecond,
      warmupPerSegment: opts.warmup,
      pointsGiven: POINTS_GIVEN,
      off,
      on,
      ratio: on.webhookToPaid.p95 / off.webhookToPaid.p95,
      closedRatio: on.webhookToClosed.p95 / off.webhookToClosed.p95,
      roundRatios,
      medianRoundRatio: median(roundRatios),
      segments: ctx.segments,
    };
  } finally {
    await times.close().catch(() => undefined);
  }
}
