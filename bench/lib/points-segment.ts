// One segment of the points phase (bench/lib/points.ts): a side's customers, their carts and a few warm-up orders, then
// its checkouts paid at the fixed rate, with the figures of each order and the CPU the shop used for them.
import type pg from 'pg';
import { checkoutWorkflowId } from '#workflows/messages.ts';
import type { Stack } from '../../scripts/lib/stack.ts';
import { createSignedInCustomers, fillAccountCarts, setPointsToUse } from './customers.ts';
import { arrivals, givePoints } from './points-ledger.ts';
import { runCheckouts } from './checkout-start.ts';
import { checkoutAndPay } from './end-to-end.ts';
import type { Failure } from './failures.ts';
import { payOnLocalPage } from './pay-page.ts';
import { pool, sleep, summarize, type Summary } from './stats.ts';
import { stackCpu, waitForQuiet } from './worker-env.ts';
import type { WorkflowTimes } from './workflow-times.ts';

/** Points each on-side customer is given, and how many each cart spends (POINT_VALUE 1: 1,000 points = 10.00 off). */
export const POINTS_GIVEN = 5000;
export const POINTS_TO_USE = 1000;
const CART_CONCURRENCY = 8;
const CHECKOUT_CONCURRENCY = 8;
const PAID_TIMEOUT_MS = 30_000;
export const SHOP_PROCESSES = ['web', 'worker', 'temporal'];

export type PointsSideName = 'off' | 'on';

/** One segment's figures: the round, the side, its webhook → paid, and the wait for a quiet shop before its checkouts. */
export interface SegmentFigures {
  round: number;
  side: PointsSideName;
  orders: number;
  webhookToPaid: Summary;
  quietAfterSeconds: number;
  /** False: the shop never went quiet in the time allowed. */
  quiet: boolean;
}

export const SIDES: Record<PointsSideName, { earnRate: string; pointsToUse: number }> = {
  off: { earnRate: '0', pointsToUse: 0 },
  on: { earnRate: '1', pointsToUse: POINTS_TO_USE },
};

export interface Collected {
  orderNumbers: string[];
  toPaid: number[];
  toClosed: number[];
  orders: number;
  notPaid: number;
  notClosed: number;
  failures: Failure[];
  /** CPU seconds by label over the measured windows, and the windows' length. */
  cpu: Record<string, number>;
  /** What the shop's processes used idle over the windows (left out of `cpu`). */
  idleCpu: number;
  wallSeconds: number;
}

export const emptyCollected = (): Collected => ({
  orderNumbers: [],
  toPaid: [],
  toClosed: [],
  orders: 0,
  notPaid: 0,
  notClosed: 0,
  failures: [],
  cpu: {},
  idleCpu: 0,
  wallSeconds: 0,
});

export interface SegmentContext {
  stack: Stack;
  db: pg.Pool;
  times: WorkflowTimes;
  variantId: number;
  ratePerSecond: number;
  warmup: number;
  wrap: <T>(phase: string, fn: () => Promise<T>) => Promise<T>;
  log: (message: string) => void;
  segments: SegmentFigures[];
}

/** One side's batch: customers, carts, a few warm-up orders, then `count` checkouts paid at the fixed rate. */
export async function segment(ctx: SegmentContext, round: number, side: PointsSideName, count: number, into: Collected): Promise<void> {
  const { stack, db } = ctx;
  const spec = SIDES[side];
  const customers = await createSignedInCustomers(db, {
    count: ctx.warmup + count,
    secret: stack.env.SESSION_SECRET!,
    label: `points-${side}`,
  });
  if (spec.pointsToUse > 0) await givePoints(stack.databaseUrl, db, customers, POINTS_GIVEN);
  const carts = await fillAccountCarts({ baseUrl: stack.baseUrl, customers, variantId: ctx.variantId, concurrency: CART_CONCURRENCY });
  for (const e of carts.errors) into.failures.push({ status: 'cart', count: 1, example: e.slice(0, 300) });
  const ready = customers.filter((c) => !carts.failed.includes(c));
  await setPointsToUse(db, ready, spec.pointsToUse);

  const warm = ready.slice(0, ctx.warmup);
  await pool(warm.length, 4, async (i) => {
    await checkoutAndPay(stack.baseUrl, warm[i]!.cookie, warm[i]!.email).catch(() => undefined);
  });
  const quiet = await waitForQuiet(stack);

  const measured = ready.slice(ctx.warmup);
  const checkout = await runCheckouts({
    baseUrl: stack.baseUrl,
    cookies: measured.map((c) => c.cookie),
    concurrency: CHECKOUT_CONCURRENCY,
    deadline: Date.now() + 120_000,
  });
  into.failures.push(...checkout.failures);
  // The checkout sessions are made by the workflows after the redirect: let that tail finish first.
  await sleep(1000);
  const settled = await waitForQuiet(stack, 0.15, 10_000);
  const idle = settled.quiet ? settled.idle : {};
  ctx.log(`bench:   points ${side}: paying ${checkout.started.length} checkouts at ${ctx.ratePerSecond}/s…`);
  const cpuBefore = stackCpu(stack);
  const pay = await ctx.wrap(`points ${side}: pay → paid`, () =>
    payOnLocalPage({
      baseUrl: stack.baseUrl,
      db,
      checkouts: checkout.started,
      ratePerSecond: ctx.ratePerSecond,
      maxInFlight: 32,
      paidTimeoutMs: PAID_TIMEOUT_MS,
    }),
  );
  into.failures.push(...pay.failures);

  const sessions = await db.query<{ order_number: string }>('select order_number from local_checkout_sessions where session_id = any($1)', [
    checkout.started.map((c) => c.sessionId),
  ]);
  const numbers = sessions.rows.map((r) => r.order_number);
  const closed = await ctx.times.waitForClose(numbers.map(checkoutWorkflowId), PAID_TIMEOUT_MS);
  // What follows a close (the points child earning, the fulfillment child starting) belongs to the order too.
  await waitForQuiet(stack, 0.15, 10_000);
  const cpuAfter = stackCpu(stack);
  if (cpuBefore && cpuAfter) {
    const wall = (cpuAfter.at - cpuBefore.at) / 1000;
    for (const [label, seconds] of Object.entries(cpuAfter.seconds)) {
      const used = seconds - (cpuBefore.seconds[label] ?? seconds);
      // The shop's own processes less what they use idle (the Temporal dev server's housekeeping, mostly).
      const own = SHOP_PROCESSES.includes(label) ? Math.max(0, used - (idle[label] ?? 0) * wall) : used;
      into.cpu[label] = (into.cpu[label] ?? 0) + own;
      if (SHOP_PROCESSES.includes(label)) into.idleCpu += used - own;
    }
    into.wallSeconds += wall;
  }
  const seen = await arrivals(db, numbers);
  const toPaid: number[] = [];
  for (const n of numbers) {
    const a = seen.get(n);
    if (!a || a.paid === null) {
      into.notPaid++;
      continue;
    }
    toPaid.push(a.paid - a.arrived);
    const at = closed.get(checkoutWorkflowId(n));
    if (at === undefined) into.notClosed++;
    else into.toClosed.push(at - a.arrived);
  }
  into.toPaid.push(...toPaid);
  into.orderNumbers.push(...numbers);
  into.orders += checkout.started.length;
  ctx.segments.push({
    round,
    side,
    orders: checkout.started.length,
    webhookToPaid: summarize(toPaid),
    quietAfterSeconds: quiet.seconds,
    quiet: quiet.quiet,
  });
}
