// Checkouts end to end. One order through the real web forms: POST /checkout → the local pay page POST
// (which delivers the signed webhook before it answers), used by the end-to-end batch and by the soak;
// and that batch, followed until every order is paid.
import type pg from 'pg';
import { timedCheckout } from './checkout-start.ts';
import { errorText, Failures, type Failure } from './failures.ts';
import { describe, PAYER, postForm } from './shop-forms.ts';
import { pool, sleep, summarize, type Summary } from './stats.ts';

export interface BoughtOrder {
  orderNumber: string;
  /** Epoch ms when POST /checkout was sent. */
  startedAt: number;
  /** POST /checkout → 303 to the pay page. */
  checkoutMs: number;
  /** Epoch ms when the pay POST was sent. */
  payAt: number;
  /** Pay POST → 303 to the success page (includes the webhook delivery and its ack). */
  payMs: number;
}

export class BuyError extends Error {
  constructor(
    readonly stage: 'cart' | 'checkout' | 'pay',
    readonly status: number | string,
    message: string,
    /** Known when the checkout had started (the pay step failed). */
    readonly orderNumber: string | null = null,
  ) {
    super(message);
    this.name = 'BuyError';
  }
}

/** Starts the checkout of a cart and pays it on the local pay page; throws a BuyError naming the stage. */
export async function checkoutAndPay(baseUrl: string, cookie: string, email: string): Promise<BoughtOrder> {
  const startedAt = Date.now();
  let checkout: Awaited<ReturnType<typeof timedCheckout>>;
  try {
    checkout = await timedCheckout(baseUrl, cookie);
  } catch (err) {
    throw new BuyError('checkout', 'error', errorText(err));
  }
  const location = checkout.res.headers.get('location') ?? '';
  if (checkout.res.status !== 303 || !/\/dev\/pay\/[^/?#]+/.test(location)) {
    throw new BuyError(
      'checkout',
      checkout.res.status,
      `${checkout.res.status} ${location} ${checkout.text.replace(/<[^>]+>/g, ' ').slice(0, 200)}`,
    );
  }
  const payAt = Date.now();
  const t0 = performance.now();
  let res: Response;
  try {
    res = await postForm(new URL(location, baseUrl).href, { intent: 'pay', email, ...PAYER }, cookie);
  } catch (err) {
    throw new BuyError('pay', 'error', errorText(err));
  }
  const payMs = performance.now() - t0;
  const redirectTo = res.headers.get('location') ?? '';
  const orderNumber = new URL(redirectTo || '/', baseUrl).searchParams.get('order');
  if (res.status !== 303 || !orderNumber) throw new BuyError('pay', res.status, await describe(res), orderNumber);
  await res.arrayBuffer();
  return { orderNumber, startedAt, checkoutMs: checkout.ms, payAt, payMs };
}

export interface EndToEndRun {
  concurrency: number;
  attempted: number;
  /** Orders seen paid (orders.paid_at) by the end. */
  paid: number;
  notPaid: number;
  /** First POST /checkout → the last order's paid_at. */
  seconds: number;
  /** Paid orders per second over that span. */
  perSecond: number;
  /** Per order: POST /checkout sent → orders.paid_at. */
  latency: Summary;
  checkout: Summary;
  pay: Summary;
  failures: Failure[];
  failureCount: number;
}

/**
 * A batch of checkouts end to end at `concurrency` (closed loop): each lane starts a checkout and pays
 * it, then takes the next cart. The rate is paid orders over the span from the first start to the last
 * `paid_at` (the workflow's markOrderPaid), waiting up to `paidTimeoutMs` for the tail.
 */
export async function runEndToEnd(opts: {
  baseUrl: string;
  db: pg.Pool;
  cookies: string[];
  concurrency: number;
  deadline: number;
  paidTimeoutMs: number;
}): Promise<EndToEndRun> {
  const bought: BoughtOrder[] = [];
  const failures = new Failures();
  const t0 = Date.now();
  const attempted = await pool(
    opts.cookies.length,
    opts.concurrency,
    async (i) => {
      try {
        bought.push(await checkoutAndPay(opts.baseUrl, opts.cookies[i]!, `bench+e2e${i}@example.com`));
      } catch (err) {
        if (err instanceof BuyError) failures.add(`${err.stage} ${err.status}`, err.message);
        else failures.add('error', errorText(err));
      }
    },
    opts.deadline,
  );
  const numbers = bought.map((b) => b.orderNumber);
  let paidAt = new Map<string, number>();
  const until = Date.now() + opts.paidTimeoutMs;
  for (;;) {
    const { rows } = await opts.db.query<{ order_number: string; paid_at: Date }>(
      `select order_number, paid_at from orders where order_number = any($1) and paid_at is not null`,
      [numbers],
    );
    paidAt = new Map(rows.map((r) => [r.order_number, r.paid_at.getTime()]));
    if (paidAt.size >= numbers.length || Date.now() > until) break;
    await sleep(50);
  }
  const last = Math.max(t0, ...paidAt.values());
  const seconds = (last - t0) / 1000;
  return {
    concurrency: opts.concurrency,
    attempted,
    paid: paidAt.size,
    notPaid: numbers.length - paidAt.size,
    seconds,
    perSecond: seconds > 0 ? paidAt.size / seconds : 0,
    latency: summarize(bought.filter((b) => paidAt.has(b.orderNumber)).map((b) => paidAt.get(b.orderNumber)! - b.startedAt)),
    checkout: summarize(bought.map((b) => b.checkoutMs)),
    pay: summarize(bought.map((b) => b.payMs)),
    failures: failures.list(),
    failureCount: failures.total,
  };
}
