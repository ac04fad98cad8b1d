// A drop: many customers press Checkout within seconds for a variant with few in stock. A new tracked variant of the
// bench's plain good (BENCH-DROP-<stamp>, so reruns never share one) gets `stock` received; `customers` guest carts
// (each its own cookie) hold one each. Their POST /checkout requests are released open loop, evenly over `seconds`
// (each at its time whatever the earlier ones are doing, none waiting for another), and each answer is classified:
// started (303 to the pay page), sold out (409 with the shop's own sentence: the cart check's, or the reservation's when
// the stock went while the request was in flight), or an error (bench/lib/drop-burst.ts).
// Of the started checkouts all but `abandoned` are paid on the local pay page; the abandoned ones are left until their
// sessions expire. For that the worker runs this phase with CHECKOUT_SESSION_TTL_SECONDS=60 (the least the shop
// accepts): only sessions created meanwhile are short, as each checkout workflow takes its deadline from its own
// session, and the worker gets its own environment back afterwards. A few checkouts of a variant of their own warm the
// restarted worker up before the drop (not counted). The checkout workflow's own timer (the session's expiry +
// CHECKOUT_EXPIRY_GRACE_SECONDS) then expires the abandoned sessions, cancels their orders and releases their stock, as
// for a customer who walked away. Then (bench/lib/drop-checks.ts): the variant's orders by status, its levels beside
// the sums of its movements, and no checkout workflow started since the drop still running. Last, `abandoned` + 1 more
// customers check out: exactly `abandoned` start (the released stock is sellable again) and are paid, one is told it is
// sold out, and the variant ends with nothing on hand and nothing reserved.
import type pg from 'pg';
import type { Stack } from '../../scripts/lib/stack.ts';
import { CheckoutWorkflows, orderNumbersOfSessions, ordersOfVariant, waitForExpiry, type OrderCounts } from './drop-checks.ts';
import { checkoutBurst, type DropAnswers, type DropSoldOutBy } from './drop-burst.ts';
import { createCarts } from './carts.ts';
import { runCheckouts } from './checkout-start.ts';
import { errorText, type Failure } from './failures.ts';
import { payOnLocalPage, type PayRun } from './pay-page.ts';
import { summarize, type Summary } from './stats.ts';
import { BENCH_STOCK_PRODUCT, stockLevels, stockVariants, type StockLevels } from './tracked-stock.ts';
import { restartWorkerWith, waitForQuiet } from './worker-env.ts';

/** The shortest session the shop accepts (server/env.server.ts). */
export const DROP_SESSION_TTL_SECONDS = 60;
const PAY_RATE = 10;
/** Checkouts that warm the restarted worker up before the drop. */
const WARMUP = 16;

export interface DropCheck {
  name: string;
  ok: boolean;
  detail: string;
}

export interface DropRun {
  sku: string;
  productTitle: string;
  customers: number;
  stock: number;
  seconds: number;
  abandoned: number;
  sessionTtlSeconds: number;
  expiryGraceSeconds: number;
  cartFailures: Failure[];
  drop: DropAnswers;
  pay: PayRun;
  /** The abandoned checkouts released, the variant's orders cancelled, session expiry → cancelled, the wait. */
  expiry: { released: number; cancelled: number; latenessMs: Summary; waitedSeconds: number };
  /** Right after the abandoned sessions expired. */
  afterExpiry: { orders: OrderCounts; levels: StockLevels; runningCheckouts: string[] | null; checkoutsStarted: number | null };
  /** The released stock bought again by `abandoned` + 1 more customers. */
  resale: { answers: DropAnswers; pay: PayRun; orders: OrderCounts; levels: StockLevels };
  checks: DropCheck[];
  ok: boolean;
}

const check = (name: string, ok: boolean, detail: string): DropCheck => ({ name, ok, detail });

export async function benchDrop(opts: {
  stack: Stack;
  db: pg.Pool;
  customers: number;
  stock: number;
  seconds: number;
  /** Restore the worker's own environment afterwards (a later phase runs on it). */
  restoreWorker: boolean;
  wrap: <T>(phase: string, fn: () => Promise<T>) => Promise<T>;
  log: (message: string) => void;
}): Promise<DropRun> {
  const { stack, db, customers, stock, seconds, log } = opts;
  const baseUrl = stack.baseUrl;
  const abandoned = Math.min(5, Math.floor(stock / 2));
  const graceSeconds = Number(stack.env.CHECKOUT_EXPIRY_GRACE_SECONDS ?? 300);
  const sku = `BENCH-DROP-${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}`;
  const [variantId] = await stockVariants(db, { skus: [sku], onHand: stock, reason: 'drop benchmark', firstPosition: 100 });
  const { rows } = await db.query<{ title: string }>('select title from products where slug = $1', [BENCH_STOCK_PRODUCT.slug]);
  const productTitle = rows[0]!.title;
  const name = `${productTitle} (${sku})`;
  // What app/routes/checkout.tsx answers for a sold-out line: its cart check, or the order's reservation (core/stock.ts).
  const soldOutText: Record<DropSoldOutBy, string> = {
    'cart check': `${name} is sold out. Your cart is kept: change it, then check out again.`,
    reservation: `We could not start the checkout: ${name} is sold out.`,
  };

  log(`bench: drop — restarting the worker with CHECKOUT_SESSION_TTL_SECONDS=${DROP_SESSION_TTL_SECONDS}…`);
  await restartWorkerWith(stack, { CHECKOUT_SESSION_TTL_SECONDS: String(DROP_SESSION_TTL_SECONDS) });
  log(`bench: drop — creating ${customers + abandoned + 1} guest carts of ${sku} (${stock} in stock)…`);
  const carts = await createCarts({
    baseUrl,
    variantId: variantId!,
    count: customers + abandoned + 1,
    concurrency: 8,
    deadline: Date.now() + 300_000,
    product: BENCH_STOCK_PRODUCT,
  });
  const resaleCookies = carts.cookies.splice(customers);
  // The restarted worker is cold: a few checkouts of a variant of their own first (not counted, left to expire).
  const [warmId] = await stockVariants(db, {
    skus: [`${sku}-WARM`],
    onHand: WARMUP,
    reason: 'drop benchmark warm-up',
    firstPosition: 101,
  });
  const warmCarts = await createCarts({
    baseUrl,
    variantId: warmId!,
    count: WARMUP,
    concurrency: 8,
    deadline: Date.now() + 60_000,
    product: BENCH_STOCK_PRODUCT,
  });
  await runCheckouts({ baseUrl, cookies: warmCarts.cookies, concurrency: 8, deadline: Date.now() + 60_000 });
  await waitForQuiet(stack);

  log(`bench: drop — ${carts.cookies.length} customers press Checkout within ${seconds} s…`);
  const since = new Date();
  const burst = await opts.wrap(`drop: ${customers} checkouts in ${seconds} s`, () =>
    checkoutBurst(baseUrl, carts.cookies, customers / seconds, soldOutText),
  );
  const d = burst.answers;
  log(
    `bench:   ${d.started} started, ${d.soldOut} sold out (${d.soldOutBy['cart check']} by the cart check, ${d.soldOutBy.reservation} by the reservation), ${d.errors} errors; p50/p95/p99 ${d.latency.all.p50.toFixed(0)}/${d.latency.all.p95.toFixed(0)}/${d.latency.all.p99.toFixed(0)} ms; at most ${d.peakInFlight} in flight`,
  );

  const leave = burst.started.slice(0, abandoned);
  const toPay = burst.started.slice(abandoned);
  log(`bench: drop — paying ${toPay.length} on the local pay page at ${PAY_RATE}/s, leaving ${leave.length} to expire…`);
  const pay = await payOnLocalPage({ baseUrl, db, checkouts: toPay, ratePerSecond: PAY_RATE, maxInFlight: 16, paidTimeoutMs: 30_000 });

  const leftNumbers = await orderNumbersOfSessions(
    db,
    leave.map((c) => c.sessionId),
  );
  log(`bench: drop — waiting for the unpaid sessions to expire (${DROP_SESSION_TTL_SECONDS} s + ${graceSeconds} s grace)…`);
  const expiry = await waitForExpiry(db, variantId!, leftNumbers, graceSeconds * 1000, 60_000);
  const workflows = await CheckoutWorkflows.connect(stack.temporal.address, stack.temporal.namespace).catch(() => null);
  let runningCheckouts: string[] | null = null;
  let checkoutsStarted: number | null = null;
  try {
    runningCheckouts = (await workflows?.waitUntilNoneRunning(since, 30_000)) ?? null;
    checkoutsStarted = (await workflows?.countSince(since)) ?? null;
  } catch (err) {
    log(`bench: drop — could not list the checkout workflows: ${errorText(err)}`);
  } finally {
    await workflows?.close();
  }
  const afterExpiry = {
    orders: await ordersOfVariant(db, variantId!),
    levels: await stockLevels(db, variantId!),
    runningCheckouts,
    checkoutsStarted,
  };
  log(
    `bench:   ${expiry.cancelled} expired and released (${expiry.released} of ${leftNumbers.length} abandoned) in ${expiry.waitedSeconds.toFixed(0)} s; ${afterExpiry.orders.paid} paid, ${afterExpiry.orders.pending} pending; ${afterExpiry.levels.onHand} on hand, ${afterExpiry.levels.reserved} reserved; ${runningCheckouts?.length ?? '?'} checkouts running`,
  );

  log(`bench: drop — ${resaleCookies.length} more customers buy what was released…`);
  const again = await checkoutBurst(baseUrl, resaleCookies, resaleCookies.length, soldOutText);
  const resalePay = await payOnLocalPage({
    baseUrl,
    db,
    checkouts: again.started,
    ratePerSecond: PAY_RATE,
    maxInFlight: 16,
    paidTimeoutMs: 30_000,
  });
  const resale = {
    answers: again.answers,
    pay: resalePay,
    orders: await ordersOfVariant(db, variantId!),
    levels: await stockLevels(db, variantId!),
  };

  const a = afterExpiry;
  const lv = a.levels;
  // What the resale can buy: whatever was not paid for (the abandoned checkouts', and any whose customer got an error).
  const free = Math.max(0, lv.onHand - lv.reserved);
  const resold = Math.min(free, resaleCookies.length);
  const end = resale.levels;
  const checks = [
    check('carts', carts.failures.total === 0, `${carts.cookies.length + resaleCookies.length} created, ${carts.failures.total} failed`),
    check('started', d.started === stock, `${d.started} started of ${stock} in stock`),
    check('sold out', d.soldOut === customers - stock, `${d.soldOut} told it is sold out, of ${customers - stock} expected`),
    check('errors', d.errors === 0, `${d.errors} errors`),
    check('paid', a.orders.paid === stock - abandoned, `${a.orders.paid} paid orders, of ${stock - abandoned} expected`),
    check(
      'expired',
      leftNumbers.length === abandoned && expiry.released === abandoned,
      `${expiry.released} of ${abandoned} abandoned checkouts cancelled and released (${expiry.cancelled} orders in all)`,
    ),
    check(
      'released',
      lv.reserved === 0 && free === stock - a.orders.paid && lv.logMatches,
      `${lv.onHand} on hand, ${lv.reserved} reserved, ${a.orders.paid} paid (${lv.logMatches ? 'the sums of its movements' : `movements sum to ${lv.logOnHand} / ${lv.logReserved}`})`,
    ),
    check(
      'stuck',
      a.orders.pending === 0 && a.orders.holding === 0 && runningCheckouts?.length === 0,
      `${a.orders.pending} orders pending, ${a.orders.holding} holding stock, ${runningCheckouts === null ? 'checkout workflows unknown' : `${runningCheckouts.length} checkout workflows running${runningCheckouts.length ? ` (${runningCheckouts.slice(0, 3).join(', ')})` : ''}`}`,
    ),
    check(
      'sellable again',
      again.answers.started === resold &&
        again.answers.soldOut === resaleCookies.length - resold &&
        resalePay.notPaid + resalePay.failureCount === 0,
      `${free} free: ${again.answers.started} started, ${again.answers.soldOut} sold out, ${resalePay.payLatency.n} paid of ${resaleCookies.length}`,
    ),
    check(
      'no oversell',
      resale.orders.paid <= stock && end.onHand === stock - resale.orders.paid && end.reserved === 0 && end.logMatches,
      `${resale.orders.paid} paid of ${stock}; ${end.onHand} on hand, ${end.reserved} reserved at the end`,
    ),
  ];
  // Short sessions are for this phase's checkouts only (when it fails, the bench stops the stack: nothing runs after it).
  if (opts.restoreWorker) {
    log('bench: drop — restarting the worker with its own environment…');
    await restartWorkerWith(stack, {});
  }
  return {
    sku,
    productTitle,
    customers,
    stock,
    seconds,
    abandoned,
    sessionTtlSeconds: DROP_SESSION_TTL_SECONDS,
    expiryGraceSeconds: graceSeconds,
    cartFailures: carts.failures.list(),
    drop: d,
    pay,
    expiry: {
      released: expiry.released,
      cancelled: expiry.cancelled,
      latenessMs: summarize(expiry.lateness),
      waitedSeconds: expiry.waitedSeconds,
    },
    afterExpiry,
    resale,
    checks,
    ok: checks.every((c) => c.ok),
  };
}
