// Shoppers for the signed-in page runs (bench/lib/signed-in-pages.ts): customer accounts signed in as a sign-in leaves
// them (bench/lib/customers.ts), each with a past order bought through the shop's own checkout and local pay page, and
// then an open cart of two personalised posters added through the product page. Every title carries the shopper's own
// marker, so a page can be checked to be that shopper's.
import type pg from 'pg';
import type { Stack } from '../../scripts/lib/stack.ts';
import { addToAccountCart, createSignedInCustomers, type BenchCustomer } from './customers.ts';
import { POSTER, lookupVariantId, type CartProduct } from './carts.ts';
import { BuyError, checkoutAndPay } from './end-to-end.ts';
import { Failures, errorText, type Failure } from './failures.ts';
import { pool, sleep } from './stats.ts';

export interface Shopper extends BenchCustomer {
  /** Their paid order's number (its page is /account/orders/<orderNumber>). */
  orderNumber: string;
  /** The personalised title of the poster in that order. */
  orderTitle: string;
  /** The personalised titles of the two posters in their open cart. */
  cartTitles: [string, string];
}

export interface ShoppersSetup {
  shoppers: Shopper[];
  /** Accounts asked for; those whose order or cart could not be made are left out of `shoppers`. */
  requested: number;
  seconds: number;
  failures: Failure[];
}

const SETUP_CONCURRENCY = 8;
const PAID_TIMEOUT_MS = 120_000;

/** A poster personalised with `title` (the rest as the other bench carts have it). */
const posterTitled = (title: string): CartProduct => ({ slug: POSTER.slug, fields: { ...POSTER.fields, title } });

const orderTitle = (i: number) => `Shopper ${i} order`;

/** Waits until every order is paid and its cart closed (the workflow's markOrderPaid, then closePaidCart); returns those done. */
async function waitForPaidAndClosed(db: pg.Pool, bought: Map<number, string>, timeoutMs: number): Promise<Set<number>> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await db.query<{ user_id: number }>(
      `select o.customer_id as user_id from orders o
        where o.order_number = any($1) and o.paid_at is not null
          and not exists (select 1 from carts c where c.user_id = o.customer_id and c.status = 'active')`,
      [[...bought.values()]],
    );
    const done = new Set(rows.map((r) => r.user_id));
    if (done.size >= bought.size || Date.now() > until) return done;
    await sleep(250);
  }
}

/** Creates `count` signed-in shoppers, each with a paid order and an open cart of two posters. */
export async function createShoppers(opts: { stack: Stack; db: pg.Pool; count: number; log: (m: string) => void }): Promise<ShoppersSetup> {
  const { stack, db } = opts;
  const started = performance.now();
  const failures = new Failures();
  const variantId = await lookupVariantId(db);
  const customers = await createSignedInCustomers(db, { count: opts.count, secret: stack.env.SESSION_SECRET!, label: 'pages' });

  opts.log(`bench: signed-in pages: ${customers.length} customers buy one poster each (checkout + local pay page)…`);
  const bought = new Map<number, string>();
  await pool(customers.length, SETUP_CONCURRENCY, async (i) => {
    const c = customers[i]!;
    try {
      await addToAccountCart(stack.baseUrl, c, variantId, posterTitled(orderTitle(i)));
      bought.set(c.id, (await checkoutAndPay(stack.baseUrl, c.cookie, c.email)).orderNumber);
    } catch (err) {
      failures.add(err instanceof BuyError ? `order: ${err.stage} ${err.status}` : 'order', errorText(err));
    }
  });
  const paid = await waitForPaidAndClosed(db, bought, PAID_TIMEOUT_MS);
  if (paid.size < bought.size) failures.add('order not paid in time', `${bought.size - paid.size} orders were not paid and closed`);

  opts.log(`bench: signed-in pages: ${paid.size} paid; each fills a new cart with two posters…`);
  const shoppers: Shopper[] = [];
  await pool(customers.length, SETUP_CONCURRENCY, async (i) => {
    const c = customers[i]!;
    const orderNumber = bought.get(c.id);
    if (!orderNumber || !paid.has(c.id)) return;
    const cartTitles: [string, string] = [`Shopper ${i} cart A`, `Shopper ${i} cart B`];
    try {
      for (const title of cartTitles) await addToAccountCart(stack.baseUrl, c, variantId, posterTitled(title));
      shoppers.push({ ...c, orderNumber, orderTitle: orderTitle(i), cartTitles });
    } catch (err) {
      failures.add('cart', errorText(err));
    }
  });
  return { shoppers, requested: opts.count, seconds: (performance.now() - started) / 1000, failures: failures.list() };
}
