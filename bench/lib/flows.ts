// The buy flow under load: carts, checkout start, payment on the local payment page, and signed
// `checkout.session.completed` webhooks sent directly, each followed until the order is paid.
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import Stripe from 'stripe';
import { paced, pool, sleep, summarize, type Summary } from './stats.ts';

export const PRODUCT_SLUG = 'night-sky-poster';
export const VARIANT_SKU = 'NSP-PHY-A3';

const PERSONALISATION = {
  title: 'Our first night',
  subtitle: 'Benchmark edition',
  place: 'Dublin, Ireland',
  date: '2024-05-01',
  theme: 'midnight',
};
const PAYER = { name: 'Bench Buyer', line1: '1 Grafton Street', line2: '', city: 'Dublin', postal_code: 'D02 XY00', country: 'IE' };

export interface Failure {
  status: number | string;
  count: number;
  example: string;
}

/** Counts failures by status (or error name) with one example message each. */
export class Failures {
  private readonly byKey = new Map<string, Failure>();
  add(status: number | string, example: string): void {
    const key = String(status);
    const f = this.byKey.get(key);
    if (f) f.count++;
    else this.byKey.set(key, { status, count: 1, example: example.replace(/\s+/g, ' ').slice(0, 300) });
  }
  get total(): number {
    return [...this.byKey.values()].reduce((n, f) => n + f.count, 0);
  }
  list(): Failure[] {
    return [...this.byKey.values()];
  }
}

function form(fields: Record<string, string | number>): URLSearchParams {
  return new URLSearchParams(Object.entries(fields).map(([k, v]) => [k, String(v)]));
}

async function postForm(url: string, fields: Record<string, string | number>, cookie?: string): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    body: form(fields),
    // The shop refuses state-changing requests from other origins; a browser sends its page's.
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: new URL(url).origin, ...(cookie ? { Cookie: cookie } : {}) },
    redirect: 'manual',
  });
}

async function describe(res: Response): Promise<string> {
  const text = await res.text().catch(() => '');
  return `${res.status} ${res.headers.get('location') ?? ''} ${text.replace(/<[^>]+>/g, ' ').slice(0, 200)}`.trim();
}

export const errorText = (err: unknown) =>
  err instanceof Error ? `${err.name}: ${err.message}${err.cause instanceof Error ? ` (${err.cause.message})` : ''}` : String(err);

export async function lookupVariantId(db: pg.Pool, sku = VARIANT_SKU): Promise<number> {
  const { rows } = await db.query<{ id: number }>('select id from product_variants where sku = $1', [sku]);
  if (!rows[0]) throw new Error(`no product variant with sku ${sku} in the bench database (was it seeded?)`);
  return rows[0].id;
}

// ------------------------------------------------------------------------------------------------
// Carts

/** What goes in a cart: a product page's slug and the fields its form sends besides variantId and quantity. */
export interface CartProduct {
  slug: string;
  fields: Record<string, string>;
}

/** One personalised poster (the default cart). */
export const POSTER: CartProduct = { slug: PRODUCT_SLUG, fields: PERSONALISATION };

/** Creates a guest cart holding one of the product (a personalised poster by default); returns its cookie (`name=value`). */
export async function createCart(baseUrl: string, variantId: number, product: CartProduct = POSTER): Promise<string> {
  const res = await postForm(`${baseUrl}/products/${product.slug}?index`, { variantId, quantity: 1, ...product.fields });
  if (res.status !== 303) throw new Error(`add to cart answered ${await describe(res)}`);
  await res.arrayBuffer();
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .find((c) => /^(__Host-)?atelier_cart=/.test(c));
  if (!cookie) throw new Error(`add to cart set no cart cookie (Set-Cookie: ${res.headers.getSetCookie().join(' | ') || 'none'})`);
  return cookie;
}

export async function createCarts(opts: {
  baseUrl: string;
  variantId: number;
  count: number;
  concurrency: number;
  deadline: number;
  product?: CartProduct;
}) {
  const cookies: string[] = [];
  const failures = new Failures();
  const started = performance.now();
  await pool(
    opts.count,
    opts.concurrency,
    async () => {
      try {
        cookies.push(await createCart(opts.baseUrl, opts.variantId, opts.product));
      } catch (err) {
        failures.add('error', errorText(err));
      }
    },
    opts.deadline,
  );
  return { cookies, failures, seconds: (performance.now() - started) / 1000 };
}

// ------------------------------------------------------------------------------------------------
// Checkout start

export interface StartedCheckout {
  cookie: string;
  location: string;
  sessionId: string;
}

export interface CheckoutRun {
  concurrency: number;
  attempted: number;
  latency: Summary;
  started: StartedCheckout[];
  failures: Failure[];
  failureCount: number;
  seconds: number;
  perSecond: number;
}

/** POST /checkout with the cart's cookie, redirect not followed: the answer, its body and how long it took. */
export async function timedCheckout(baseUrl: string, cookie: string): Promise<{ ms: number; res: Response; text: string }> {
  const t0 = performance.now();
  const res = await fetch(`${baseUrl}/checkout`, {
    method: 'POST',
    body: '',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: new URL(baseUrl).origin, Cookie: cookie },
    redirect: 'manual',
  });
  const text = await res.text();
  return { ms: performance.now() - t0, res, text };
}

/** Collects checkout starts (latency of each 303 to the pay page, the started checkouts, failures by status) over one or more runs. */
export class CheckoutTally {
  readonly samples: number[] = [];
  readonly started: StartedCheckout[] = [];
  readonly failures = new Failures();

  /** POST /checkout with the cart's cookie; a 303 to the local pay page counts, anything else is a failure. */
  async attempt(baseUrl: string, cookie: string): Promise<void> {
    try {
      const { ms, res, text } = await timedCheckout(baseUrl, cookie);
      const location = res.headers.get('location') ?? '';
      const match = /\/dev\/pay\/([^/?#]+)/.exec(location);
      if (res.status !== 303 || !match) {
        this.failures.add(res.status, `${res.status} ${location} ${text.replace(/<[^>]+>/g, ' ').slice(0, 200)}`);
        return;
      }
      this.samples.push(ms);
      this.started.push({ cookie, location, sessionId: decodeURIComponent(match[1]!) });
    } catch (err) {
      this.failures.add('error', errorText(err));
    }
  }

  /** The run's figures: `seconds` is the time spent running (the sum, over several runs). */
  result(concurrency: number, attempted: number, seconds: number): CheckoutRun {
    return {
      concurrency,
      attempted,
      latency: summarize(this.samples),
      started: this.started,
      failures: this.failures.list(),
      failureCount: this.failures.total,
      seconds,
      perSecond: this.samples.length / seconds,
    };
  }
}

export async function runCheckouts(opts: {
  baseUrl: string;
  cookies: string[];
  concurrency: number;
  deadline: number;
}): Promise<CheckoutRun> {
  const tally = new CheckoutTally();
  const t0 = performance.now();
  const attempted = await pool(opts.cookies.length, opts.concurrency, (i) => tally.attempt(opts.baseUrl, opts.cookies[i]!), opts.deadline);
  return tally.result(opts.concurrency, attempted, (performance.now() - t0) / 1000);
}

/**
 * Checkouts in fixed lanes, all lanes at once: each lane starts its own carts one after another (closed loop),
 * so which carts are in flight together is known (e.g. one lane per variant). Adds to `tally`; returns how
 * many were started and the seconds the run took.
 */
export async function runCheckoutLanes(opts: {
  baseUrl: string;
  lanes: string[][];
  tally: CheckoutTally;
  deadline: number;
}): Promise<{ attempted: number; seconds: number }> {
  let attempted = 0;
  const t0 = performance.now();
  await Promise.all(
    opts.lanes.map(async (cookies) => {
      for (const cookie of cookies) {
        if (Date.now() >= opts.deadline) return;
        attempted++;
        await opts.tally.attempt(opts.baseUrl, cookie);
      }
    }),
  );
  return { attempted, seconds: (performance.now() - t0) / 1000 };
}

// ------------------------------------------------------------------------------------------------
// Following orders until paid

interface Tracked {
  sentAt: number;
}

/**
 * Watches orders until they are paid: one query for all outstanding orders every `intervalMs`
 * (not one poll per order, which would itself load the database). Records when `status = 'paid'`
 * was first seen and the order's own `paid_at`.
 */
export class PaidWatcher {
  private readonly tracked = new Map<string, Tracked>();
  private readonly seen = new Map<string, { observedAt: number; paidAt: number }>();
  private running = false;
  private loop: Promise<void> | undefined;
  polls = 0;
  errors = 0;
  lastError = '';

  constructor(
    private readonly db: pg.Pool,
    private readonly intervalMs = 10,
  ) {}

  track(orderNumber: string, sentAt: number): void {
    this.tracked.set(orderNumber, { sentAt });
  }

  start(): void {
    this.running = true;
    this.loop = (async () => {
      while (this.running) {
        const waiting = [...this.tracked.keys()].filter((o) => !this.seen.has(o));
        if (waiting.length > 0) {
          try {
            const { rows } = await this.db.query<{ order_number: string; paid_at: Date }>(
              `select order_number, paid_at from orders where order_number = any($1) and status = 'paid' and paid_at is not null`,
              [waiting],
            );
            const now = Date.now();
            this.polls++;
            for (const r of rows) this.seen.set(r.order_number, { observedAt: now, paidAt: r.paid_at.getTime() });
          } catch (err) {
            // Keep polling (bounded by finish()); the orders never seen count as not paid.
            this.errors++;
            this.lastError = errorText(err);
          }
        }
        await sleep(this.intervalMs);
      }
    })();
  }

  /** Waits (bounded) until every tracked order is seen paid, then stops polling. */
  async finish(timeoutMs: number): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (Date.now() < until && [...this.tracked.keys()].some((o) => !this.seen.has(o))) await sleep(50);
    this.running = false;
    await this.loop;
  }

  results(): { orderNumber: string; sentAt: number; observedAt: number | null; paidAt: number | null }[] {
    return [...this.tracked].map(([orderNumber, t]) => {
      const s = this.seen.get(orderNumber);
      return { orderNumber, sentAt: t.sentAt, observedAt: s?.observedAt ?? null, paidAt: s?.paidAt ?? null };
    });
  }
}

/** Server side: the webhook's arrival (webhook_events.created_at, web process clock) to orders.paid_at. */
async function receiptToPaid(db: pg.Pool, orderNumbers: string[]): Promise<number[]> {
  if (orderNumbers.length === 0) return [];
  const { rows } = await db.query<{ ms: string }>(
    `select extract(epoch from (o.paid_at - w.created_at)) * 1000 as ms
       from orders o
       join webhook_events w on w.order_number = o.order_number and w.type = 'checkout.session.completed'
      where o.order_number = any($1) and o.paid_at is not null`,
    [orderNumbers],
  );
  return rows.map((r) => Number(r.ms));
}

async function orderNumbersOf(db: pg.Pool, sessionIds: string[]): Promise<Map<string, string>> {
  const { rows } = await db.query<{ session_id: string; order_number: string }>(
    'select session_id, order_number from local_checkout_sessions where session_id = any($1)',
    [sessionIds],
  );
  return new Map(rows.map((r) => [r.session_id, r.order_number]));
}

export interface PaidFigures {
  /** From our send (or the pay click) to `orders.paid_at`. */
  sendToPaid: Summary;
  /** From our send until a poll saw `status = 'paid'` (what a polling customer sees; ≤ interval + query late). */
  sendToObserved: Summary;
  /** From the webhook's arrival at the web server (webhook_events.created_at) to `orders.paid_at`. */
  receiptToPaid: Summary;
  notPaid: number;
}

async function paidFigures(db: pg.Pool, watcher: PaidWatcher): Promise<PaidFigures> {
  const results = watcher.results();
  const paid = results.filter((r) => r.paidAt !== null);
  return {
    sendToPaid: summarize(paid.map((r) => r.paidAt! - r.sentAt)),
    sendToObserved: summarize(paid.map((r) => r.observedAt! - r.sentAt)),
    receiptToPaid: summarize(
      await receiptToPaid(
        db,
        paid.map((r) => r.orderNumber),
      ),
    ),
    notPaid: results.length - paid.length,
  };
}

// ------------------------------------------------------------------------------------------------
// Paying on the local payment page (it delivers the signed webhook synchronously)

export interface PayRun extends PaidFigures {
  count: number;
  ratePerSecond: number;
  /** Latency of the pay POST, which includes the synchronous webhook delivery: an upper bound of webhook ack. */
  payLatency: Summary;
  failures: Failure[];
  failureCount: number;
}

export async function payOnLocalPage(opts: {
  baseUrl: string;
  db: pg.Pool;
  checkouts: StartedCheckout[];
  ratePerSecond: number;
  maxInFlight: number;
  paidTimeoutMs: number;
}): Promise<PayRun> {
  const orders = await orderNumbersOf(
    opts.db,
    opts.checkouts.map((c) => c.sessionId),
  );
  const watcher = new PaidWatcher(opts.db);
  watcher.start();
  const latencies: number[] = [];
  const failures = new Failures();
  await paced(opts.checkouts.length, opts.ratePerSecond, opts.maxInFlight, async (i) => {
    const c = opts.checkouts[i]!;
    const orderNumber = orders.get(c.sessionId);
    if (!orderNumber) {
      failures.add('no session', `no local checkout session ${c.sessionId}`);
      return;
    }
    const url = new URL(c.location, opts.baseUrl).href;
    const sentAt = Date.now();
    const t0 = performance.now();
    try {
      const res = await postForm(url, { intent: 'pay', email: `bench+${i}@example.com`, ...PAYER }, c.cookie);
      if (res.status !== 303) {
        failures.add(res.status, await describe(res));
        return;
      }
      await res.arrayBuffer();
      latencies.push(performance.now() - t0);
      watcher.track(orderNumber, sentAt);
    } catch (err) {
      failures.add('error', errorText(err));
    }
  });
  await watcher.finish(opts.paidTimeoutMs);
  return {
    count: opts.checkouts.length,
    ratePerSecond: opts.ratePerSecond,
    payLatency: summarize(latencies),
    failures: failures.list(),
    failureCount: failures.total,
    ...(await paidFigures(opts.db, watcher)),
  };
}

// ------------------------------------------------------------------------------------------------
// Signed webhooks sent directly (the shape app/utils/local-stripe.server.ts delivers)

interface SessionRow {
  session_id: string;
  order_number: string;
  currency: string;
  lines: { name: string; description: string; unitAmount: number; quantity: number }[];
  shipping_rates: { id: string; displayName: string; amount: number }[];
  collect_shipping: boolean;
  customer_email: string | null;
  success_url: string;
  cancel_url: string;
  expires_at: Date;
}

const rid = (prefix: string) => `${prefix}_bench_${randomBytes(12).toString('hex')}`;

/** A completed Checkout Session as local-stripe.server.ts's sessionObject() builds it. */
function completedSession(s: SessionRow, email: string, paymentIntentId: string) {
  const subtotal = s.lines.reduce((sum, l) => sum + l.unitAmount * l.quantity, 0);
  const rate = s.shipping_rates[0];
  const shipping = rate?.amount ?? 0;
  const address = s.collect_shipping
    ? { line1: PAYER.line1, line2: PAYER.line2, city: PAYER.city, postal_code: PAYER.postal_code, country: PAYER.country }
    : null;
  const shippingDetails = address ? { name: PAYER.name, address: { ...address, state: null } } : null;
  return {
    id: s.session_id,
    object: 'checkout.session',
    mode: 'payment',
    livemode: false,
    status: 'complete',
    payment_status: 'paid',
    client_reference_id: s.order_number,
    metadata: { orderNumber: s.order_number },
    currency: s.currency,
    amount_subtotal: subtotal,
    amount_total: subtotal + shipping,
    total_details: { amount_discount: 0, amount_shipping: shipping, amount_tax: 0 },
    shipping_cost: rate ? { amount_total: rate.amount, shipping_rate: { id: rate.id, display_name: rate.displayName } } : null,
    customer: null,
    customer_email: email,
    customer_details: { email, name: PAYER.name, address },
    collected_information: shippingDetails ? { shipping_details: shippingDetails } : null,
    shipping_details: shippingDetails,
    payment_intent: paymentIntentId,
    expires_at: Math.floor(new Date(s.expires_at).getTime() / 1000),
    success_url: s.success_url,
    cancel_url: s.cancel_url,
  };
}

export interface WebhookRun extends PaidFigures {
  count: number;
  ratePerSecond: number;
  /** Time until /webhooks/stripe answered 2xx. */
  ack: Summary;
  failures: Failure[];
  failureCount: number;
}

export async function sendSignedWebhooks(opts: {
  baseUrl: string;
  db: pg.Pool;
  secret: string;
  checkouts: StartedCheckout[];
  ratePerSecond: number;
  maxInFlight: number;
  paidTimeoutMs: number;
}): Promise<WebhookRun> {
  const stripe = new Stripe('sk_test_bench_signing_only');
  const { rows } = await opts.db.query<SessionRow>(
    `select session_id, order_number, currency, lines, shipping_rates, collect_shipping, customer_email, success_url, cancel_url, expires_at
       from local_checkout_sessions where session_id = any($1)`,
    [opts.checkouts.map((c) => c.sessionId)],
  );
  const sessions = new Map(rows.map((r) => [r.session_id, r]));
  const events = opts.checkouts.map((c, i) => {
    const s = sessions.get(c.sessionId);
    if (!s) return null;
    const paymentIntentId = rid('pi');
    const email = `bench+wh${i}@example.com`;
    return {
      session: s,
      paymentIntentId,
      email,
      payload: JSON.stringify({
        id: rid('evt'),
        object: 'event',
        api_version: '2025-01-27.acacia',
        created: Math.floor(Date.now() / 1000),
        livemode: false,
        pending_webhooks: 1,
        request: { id: null, idempotency_key: null },
        type: 'checkout.session.completed',
        data: { object: completedSession(s, email, paymentIntentId) },
      }),
    };
  });
  // As Stripe would have: the session is complete before its event is sent.
  await opts.db.query(
    `update local_checkout_sessions set status = 'complete', completed_at = now(), updated_at = now() where session_id = any($1) and status = 'open'`,
    [[...sessions.keys()]],
  );

  const url = `${opts.baseUrl}/webhooks/stripe`;
  const watcher = new PaidWatcher(opts.db);
  watcher.start();
  const latencies: number[] = [];
  const failures = new Failures();
  await paced(events.length, opts.ratePerSecond, opts.maxInFlight, async (i) => {
    const e = events[i];
    if (!e) {
      failures.add('no session', `no local checkout session ${opts.checkouts[i]!.sessionId}`);
      return;
    }
    const signature = stripe.webhooks.generateTestHeaderString({ payload: e.payload, secret: opts.secret });
    const sentAt = Date.now();
    const t0 = performance.now();
    try {
      const res = await fetch(url, {
        method: 'POST',
        body: e.payload,
        headers: { 'Content-Type': 'application/json', 'Stripe-Signature': signature },
      });
      const text = await res.text();
      const elapsed = performance.now() - t0;
      if (!res.ok) {
        failures.add(res.status, text);
        return;
      }
      latencies.push(elapsed);
      watcher.track(e.session.order_number, sentAt);
    } catch (err) {
      failures.add('error', errorText(err));
    }
  });
  await watcher.finish(opts.paidTimeoutMs);
  return {
    count: events.length,
    ratePerSecond: opts.ratePerSecond,
    ack: summarize(latencies),
    failures: failures.list(),
    failureCount: failures.total,
    ...(await paidFigures(opts.db, watcher)),
  };
}

// ------------------------------------------------------------------------------------------------
// One order through the real web forms: POST /checkout → the local pay page POST (which delivers
// the signed webhook before it answers). Used by the end-to-end batch and by the soak.

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
