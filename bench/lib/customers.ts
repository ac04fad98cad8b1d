// Signed-in customers for the benchmark: accounts and sessions written to the bench database as a sign-in leaves them
// (a `sessions` row keyed by the token's hash, the token in the signed session cookie), so no sign-in emails are sent
// while the shop is measured. Their carts are made through the product page like anyone's.
import { randomBytes } from 'node:crypto';
import { createCookie } from '@remix-run/node';
import type pg from 'pg';
import { hashToken, newToken } from '#core/auth.ts';
import { POSTER, type CartProduct } from './carts.ts';
import { pool } from './stats.ts';

export interface BenchCustomer {
  id: number;
  email: string;
  /** The `Cookie` header value of the customer's session (`name=value`). */
  cookie: string;
}

/** Creates `count` customer accounts, each signed in with a session of a day; `secret` is the shop's SESSION_SECRET. */
export async function createSignedInCustomers(
  db: pg.Pool,
  opts: { count: number; secret: string; label: string },
): Promise<BenchCustomer[]> {
  const cookie = createCookie('atelier_session', { secrets: [opts.secret], httpOnly: true, sameSite: 'lax', path: '/' });
  const run = randomBytes(4).toString('hex');
  const emails = Array.from({ length: opts.count }, (_, i) => `bench-${opts.label}-${run}-${i}@example.com`);
  const tokens = emails.map(() => newToken());
  const { rows } = await db.query<{ id: number; email: string }>(
    `insert into users (created_at, updated_at, email, name) select now(), now(), e, 'Bench Customer' from unnest($1::text[]) as e
     returning id, email`,
    [emails],
  );
  const idOf = new Map(rows.map((r) => [r.email, r.id]));
  const ids = emails.map((e) => idOf.get(e)!);
  await db.query(
    `insert into sessions (created_at, updated_at, token_hash, user_id, expires_at, last_seen_at)
     select now(), now(), h, u, now() + interval '1 day', now() from unnest($1::text[], $2::int[]) as t(h, u)`,
    [tokens.map(hashToken), ids],
  );
  return Promise.all(emails.map(async (email, i) => ({ id: ids[i]!, email, cookie: (await cookie.serialize(tokens[i]!)).split(';')[0]! })));
}

/** Puts one of the product in the customer's account cart (made on the first add), as the product page's form does. */
export async function addToAccountCart(baseUrl: string, customer: BenchCustomer, variantId: number, product: CartProduct = POSTER) {
  const res = await fetch(`${baseUrl}/products/${product.slug}?index`, {
    method: 'POST',
    body: new URLSearchParams({ variantId: String(variantId), quantity: '1', ...product.fields }),
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: new URL(baseUrl).origin, Cookie: customer.cookie },
    redirect: 'manual',
  });
  const text = await res.text();
  if (res.status !== 303) throw new Error(`add to cart (signed in) answered ${res.status} ${text.replace(/<[^>]+>/g, ' ').slice(0, 200)}`);
}

/** Fills the account carts of `customers` (one item each); returns the customers whose cart could not be filled. */
export async function fillAccountCarts(opts: {
  baseUrl: string;
  customers: BenchCustomer[];
  variantId: number;
  concurrency: number;
}): Promise<{ failed: BenchCustomer[]; errors: string[] }> {
  const failed: BenchCustomer[] = [];
  const errors: string[] = [];
  await pool(opts.customers.length, opts.concurrency, async (i) => {
    const c = opts.customers[i]!;
    try {
      await addToAccountCart(opts.baseUrl, c, opts.variantId);
    } catch (err) {
      failed.push(c);
      errors.push(err instanceof Error ? err.message : String(err));
    }
  });
  return { failed, errors };
}

/** Sets how many points each of these customers' open carts spends at checkout (0: none). */
export async function setPointsToUse(db: pg.Pool, customers: BenchCustomer[], points: number): Promise<number> {
  const { rowCount } = await db.query(
    `update carts set points_to_use = $1, updated_at = now() where user_id = any($2) and status = 'active'`,
    [points, customers.map((c) => c.id)],
  );
  return rowCount ?? 0;
}
