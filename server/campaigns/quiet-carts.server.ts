// Cart upkeep: quiet carts (items and an address, untouched for CART_QUIET_MINUTES, not reminded since they
// last changed) enter the abandoned-cart campaign, set-based.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { DbDeps } from '#server/deps.server.ts';
import { enrolQuietly } from './campaigns.server.ts';

export interface AbandonedCart {
  cartId: number;
  customerId: number;
  email: string;
}

export interface QuietCartsReminded {
  /** Quiet carts found (and locked) in this batch. */
  carts: number;
  /** Carts whose customer entered or rejoined the campaign. */
  reminded: number;
  /** Carts whose customer gets no campaign now (opted out, suppressed, blocked) or that have no address: marked, not reminded. */
  skipped: number;
  /** Carts whose enrolment failed (Temporal did not answer): not marked, found again next time. */
  failed: number;
}

/**
 * Up to `limit` quiet carts enter the abandoned-cart campaign; `carts` is how many were found (a full batch
 * may mean more are waiting). A cart whose enrolment failed is not marked: the next call finds it again.
 */
export async function remindQuietCarts({ orm, env }: DbDeps, { limit }: { limit: number }): Promise<QuietCartsReminded> {
  // One transaction holds the carts it found (FOR UPDATE SKIP LOCKED: another upkeep — a retry while this one still
  // runs — takes other carts, and a cart being changed right now waits for the next run) until the ones done are
  // marked. A crash rolls it back: the next attempt finds them again, and enrols by signal-with-start to the same
  // drip-abandoned-cart-<customerId>, which joins the running campaign. A customer's change to a found cart waits
  // for the commit (a second or so), then makes the cart due again.
  return orm.em.fork().transactional(async (tx) => {
    const rows = await selectQuietCarts(tx, env.CART_QUIET_MINUTES, limit, true);
    // Committed on their own, not with the transaction: the campaign started below must find its customer.
    const guests = await guestCustomers(orm.em.fork(), rows);
    const done: number[] = [];
    // One enrolment per customer (a guest's address may be on carts in two browsers), with the newest cart.
    const byCustomer = new Map<number, number[]>();
    let skipped = 0;
    let failed = 0;
    for (const row of rows) {
      const customerId = row.user_id ?? guests.get(row.email ?? '');
      if (!row.email) {
        // Nobody to remind: marked so it is not looked at again until it changes.
        done.push(row.id);
        skipped += 1;
      } else if (customerId === undefined) {
        failed += 1; // its customer row was made by someone else meanwhile: next time
      } else {
        byCustomer.set(customerId, [...(byCustomer.get(customerId) ?? []), row.id]);
      }
    }
    let reminded = 0;
    await forEachAtMost(ENROL_CONCURRENCY, [...byCustomer], async ([customerId, cartIds]) => {
      const outcome = await enrolQuietly(orm.em.fork(), {
        campaign: 'abandoned-cart',
        customerId,
        context: { cartId: Math.max(...cartIds) },
      });
      if (outcome.failed) {
        failed += cartIds.length;
        return;
      }
      done.push(...cartIds);
      if (outcome.outcome === 'skipped') skipped += cartIds.length;
      else reminded += cartIds.length;
    });
    await markReminded(tx, done);
    return { carts: rows.length, reminded, skipped, failed };
  });
}

/** The per-cart upkeep of older cart-upkeep runs: quiet carts with an address and a customer (the others are marked). */
export async function findQuietCarts({ orm, env }: DbDeps, { limit }: { limit: number }): Promise<{ carts: AbandonedCart[] }> {
  const em = orm.em.fork();
  const rows = await selectQuietCarts(em, env.CART_QUIET_MINUTES, limit, false);
  const guests = await guestCustomers(em, rows);
  const carts: AbandonedCart[] = [];
  for (const row of rows) {
    const customerId = row.user_id ?? guests.get(row.email ?? '');
    if (row.email && customerId !== undefined) carts.push({ cartId: row.id, customerId, email: row.email });
  }
  // Nobody to remind: marked so it is not looked at again until it changes.
  await markReminded(
    em,
    rows.filter((r) => !r.email).map((r) => r.id),
  );
  return { carts };
}

/** After enrolment: not again until the cart changes. */
export async function markCartReminded({ orm }: Pick<DbDeps, 'orm'>, { cartId }: { cartId: number }): Promise<void> {
  await markReminded(orm.em.fork(), [cartId]);
}

/** Enrolments at once (each a few queries and a Temporal call): within the worker's database pool, beside the transaction. */
const ENROL_CONCURRENCY = 4;

interface QuietCartRow {
  id: number;
  user_id: number | null;
  /** The account's address, or the one a guest typed at checkout (normalised as users.email); null: nobody to remind. */
  email: string | null;
}

/**
 * Quiet carts with items not reminded since their last change (bought carts are `checked_out`, so not here), oldest
 * first; with `lock`, inside the caller's transaction, skipping carts another transaction holds.
 */
function selectQuietCarts(em: EntityManager, quietMinutes: number, limit: number, lock: boolean): Promise<QuietCartRow[]> {
  return em.getConnection().execute<QuietCartRow[]>(
    `select c.id, c.user_id,
            coalesce(u.email, nullif(lower(btrim(coalesce(c.email,
              (select o.email from orders o where o.cart_id = c.id and o.email is not null order by o.id desc limit 1)))), '')) as email
       from carts c left join users u on u.id = c.user_id
      where c.status = 'active'
        and c.last_activity_at < now() - make_interval(secs => ?)
        and (c.reminded_at is null or c.reminded_at < c.last_activity_at)
        and exists (select 1 from cart_items ci where ci.cart_id = c.id)
      order by c.id limit ?${lock ? ' for update of c skip locked' : ''}`,
    [Math.round(quietMinutes * 60), limit],
    'all',
    em.getTransactionContext(),
  );
}

/**
 * The customer rows of guests' carts, made in one statement where missing (the campaign — its preferences, its
 * unsubscribe link — needs one): email → id. An address whose row another transaction made meanwhile is missing.
 */
async function guestCustomers(em: EntityManager, rows: QuietCartRow[]): Promise<Map<string, number>> {
  const emails = [...new Set(rows.flatMap((r) => (r.user_id === null && r.email ? [r.email] : [])))];
  if (emails.length === 0) return new Map();
  const found = await em.getConnection().execute<Array<{ id: number; email: string }>>(
    `with wanted (email) as (select unnest(array[?]::text[])),
          added as (
            insert into users (email, role, created_at, updated_at) select email, 'customer', now(), now() from wanted
            on conflict (email) do nothing returning id, email
          )
     select id, email from added union all select u.id, u.email from users u join wanted w on w.email = u.email`,
    [emails],
  );
  return new Map(found.map((r) => [r.email, r.id]));
}

/** Not reminded again until the cart changes (in the caller's transaction, if any). */
async function markReminded(em: EntityManager, cartIds: number[]): Promise<void> {
  if (cartIds.length === 0) return;
  await em
    .getConnection()
    .execute('update carts set reminded_at = now() where id = any(array[?]::int[])', [cartIds], 'run', em.getTransactionContext());
}

/** Runs `fn` over `items`, at most `limit` at a time. */
async function forEachAtMost<T>(limit: number, items: T[], fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}
