// The points outstanding (/admin/points and the dashboard's tile): what customers hold, what it is worth, the shop's
// counter-accounts, what expires soon, and whether the stored balances and the transfers still agree with the entries.
// Plain parameterised SQL over ledger_accounts, ledger_entries and points_lots: these are reports.
import type { EntityManager } from '@mikro-orm/postgresql';
import { POINTS_SHOP_ACCOUNTS, type PointsShopAccount } from '#core/ledger.ts';

export { POINTS_SHOP_ACCOUNTS, type PointsShopAccount };

export interface PointsOutstanding {
  available: number;
  pending: number;
  reserved: number;
  /** Customer points accounts holding anything. */
  holders: number;
  /** What the shop owes: (available + pending + held) × POINT_VALUE, minor units. */
  liability: number;
}

/** Totals over every customer's points account, from the stored balances. */
export async function pointsOutstanding(em: EntityManager, pointValue: number): Promise<PointsOutstanding> {
  const rows = await em
    .getConnection()
    .execute<Array<{ available: string | null; pending: string | null; reserved: string | null; holders: number }>>(
      `select sum(available) as available, sum(pending) as pending, sum(reserved) as reserved,
            count(*) filter (where available + pending + reserved > 0)::int as holders
       from ledger_accounts where kind = 'points' and customer_id is not null`,
    );
  const r = rows[0];
  const available = Number(r?.available ?? 0);
  const pending = Number(r?.pending ?? 0);
  const reserved = Number(r?.reserved ?? 0);
  return {
    available,
    pending,
    reserved,
    holders: r?.holders ?? 0,
    // Held points are still owed: a checkout that is not paid gives them back, one that is takes them as a discount.
    liability: (available + pending + reserved) * pointValue,
  };
}

export interface ExpiringPoints {
  points: number;
  /** Lots with something left that expire within the window (or are past their date and not expired yet). */
  lots: number;
  customers: number;
}

/**
 * What is left of the lots not expired yet whose expiry falls within `days`: remainingOfLot (points-lots.server.ts) for
 * each, in one query — a lot's remainder is what the account's lots up to and including it (by expiry, then id) hold
 * beyond everything used from the available bucket, within the lot — capped per account at what it has available.
 */
export async function expiringPoints(em: EntityManager, days: number): Promise<ExpiringPoints> {
  const rows = await em.getConnection().execute<Array<{ points: string | null; lots: number; customers: number }>>(
    `with used as (
       select e.account_id, greatest(0, -sum(e.amount)) as used
         from ledger_entries e
        where e.bucket = 'available' and not exists (select 1 from points_lots l where l.transfer_id = e.transfer_id)
        group by e.account_id
     ), lots as (
       select l.id, l.account_id, l.amount, l.expires_at, l.expired_at,
              sum(l.amount) over (partition by l.account_id order by l.expires_at, l.id rows between unbounded preceding and current row) as through
         from points_lots l
     ), left_in_lot as (
       select lots.account_id, greatest(0, least(lots.amount, lots.through - coalesce(u.used, 0))) as remaining
         from lots left join used u on u.account_id = lots.account_id
        where lots.expired_at is null and lots.expires_at <= now() + make_interval(days => ?)
     ), per_account as (
       select x.account_id, least(a.available, sum(x.remaining)) as points, count(*) filter (where x.remaining > 0)::int as lots
         from left_in_lot x join ledger_accounts a on a.id = x.account_id
        group by x.account_id, a.available
     )
     select sum(points) as points, coalesce(sum(lots), 0)::int as lots, count(*) filter (where points > 0)::int as customers from per_account`,
    [days],
  );
  return { points: Number(rows[0]?.points ?? 0), lots: rows[0]?.lots ?? 0, customers: rows[0]?.customers ?? 0 };
}

/** The balance of each points counter-account: the sum of its entries (they keep no stored balance). */
export async function shopPointsBalances(em: EntityManager): Promise<Record<PointsShopAccount, number>> {
  const rows = await em.getConnection().execute<Array<{ code: string; balance: string | null }>>(
    `select a.code, sum(e.amount) as balance from ledger_accounts a left join ledger_entries e on e.account_id = a.id
      where a.kind = 'points' and a.customer_id is null group by a.code`,
  );
  const balances = Object.fromEntries(POINTS_SHOP_ACCOUNTS.map((code) => [code, 0])) as Record<PointsShopAccount, number>;
  for (const r of rows) if (r.code in balances) balances[r.code as PointsShopAccount] = Number(r.balance ?? 0);
  return balances;
}

export interface UnreconciledAccount {
  customerId: number;
  email: string | null;
  stored: { available: number; pending: number; reserved: number };
  summed: { available: number; pending: number; reserved: number };
}

export interface UnbalancedTransfer {
  id: number;
  type: string;
  idempotencyKey: string;
  sum: number;
}

export interface PointsReconciliation {
  /** Customer points accounts compared. */
  accounts: number;
  /** Those whose stored balances differ from the sums of their entries (at most `limit`). */
  unreconciled: UnreconciledAccount[];
  unreconciledCount: number;
  transfers: number;
  /** Points transfers whose entries do not sum to zero (at most `limit`). */
  unbalanced: UnbalancedTransfer[];
  unbalancedCount: number;
}

/** Whether every customer's stored balances equal the sums of their entries per bucket, and every transfer sums to zero. */
export async function reconcilePoints(em: EntityManager, limit = 50): Promise<PointsReconciliation> {
  const conn = em.getConnection();
  const [accounts, unreconciled, transfers, unbalanced] = await Promise.all([
    conn.execute<Array<{ n: number }>>(`select count(*)::int as n from ledger_accounts where kind = 'points' and customer_id is not null`),
    conn.execute<
      Array<{
        customer_id: number;
        email: string | null;
        available: number;
        pending: number;
        reserved: number;
        sum_available: string;
        sum_pending: string;
        sum_reserved: string;
        total: number;
      }>
    >(
      `with sums as (
         select e.account_id,
                coalesce(sum(e.amount) filter (where e.bucket = 'available'), 0) as sum_available,
                coalesce(sum(e.amount) filter (where e.bucket = 'pending'), 0) as sum_pending,
                coalesce(sum(e.amount) filter (where e.bucket = 'reserved'), 0) as sum_reserved
           from ledger_entries e group by e.account_id
       )
       select a.customer_id, u.email, a.available, a.pending, a.reserved,
              coalesce(s.sum_available, 0) as sum_available, coalesce(s.sum_pending, 0) as sum_pending, coalesce(s.sum_reserved, 0) as sum_reserved,
              count(*) over ()::int as total
         from ledger_accounts a left join sums s on s.account_id = a.id left join users u on u.id = a.customer_id
        where a.kind = 'points' and a.customer_id is not null
          and (a.available, a.pending, a.reserved) is distinct from (coalesce(s.sum_available, 0), coalesce(s.sum_pending, 0), coalesce(s.sum_reserved, 0))
        order by a.customer_id limit ?`,
      [limit],
    ),
    conn.execute<Array<{ n: number }>>(`select count(*)::int as n from ledger_transfers where kind = 'points'`),
    conn.execute<Array<{ id: number; type: string; idempotency_key: string; sum: string; total: number }>>(
      `select t.id, t.type, t.idempotency_key, sum(e.amount) as sum, count(*) over ()::int as total
         from ledger_transfers t join ledger_entries e on e.transfer_id = t.id
        where t.kind = 'points' group by t.id having sum(e.amount) <> 0 order by t.id limit ?`,
      [limit],
    ),
  ]);
  return {
    accounts: accounts[0]?.n ?? 0,
    unreconciled: unreconciled.map((r) => ({
      customerId: r.customer_id,
      email: r.email,
      stored: { available: r.available, pending: r.pending, reserved: r.reserved },
      summed: { available: Number(r.sum_available), pending: Number(r.sum_pending), reserved: Number(r.sum_reserved) },
    })),
    unreconciledCount: unreconciled[0]?.total ?? 0,
    transfers: transfers[0]?.n ?? 0,
    unbalanced: unbalanced.map((r) => ({ id: r.id, type: r.type, idempotencyKey: r.idempotency_key, sum: Number(r.sum) })),
    unbalancedCount: unbalanced[0]?.total ?? 0,
  };
}

export interface TopHolder {
  customerId: number;
  email: string | null;
  available: number;
  pending: number;
  reserved: number;
}

/** The customers holding the most available points. */
export async function topPointsHolders(em: EntityManager, limit = 20): Promise<TopHolder[]> {
  const rows = await em
    .getConnection()
    .execute<Array<{ customer_id: number; email: string | null; available: number; pending: number; reserved: number }>>(
      `select a.customer_id, u.email, a.available, a.pending, a.reserved
       from ledger_accounts a left join users u on u.id = a.customer_id
      where a.kind = 'points' and a.customer_id is not null and a.available > 0
      order by a.available desc, a.customer_id limit ?`,
      [limit],
    );
  return rows.map((r) => ({ customerId: r.customer_id, email: r.email, available: r.available, pending: r.pending, reserved: r.reserved }));
}

/** The window of "expiring soon", days. */
export const EXPIRING_DAYS = 30;

export interface PointsReport {
  outstanding: PointsOutstanding;
  shop: Record<PointsShopAccount, number>;
  /** Customers' balances plus the counter-accounts' (0 when every transfer balances). */
  ledgerSum: number;
  expiring: ExpiringPoints;
  reconciliation: PointsReconciliation;
  top: TopHolder[];
}

export async function pointsReport(em: EntityManager, pointValue: number): Promise<PointsReport> {
  const [outstanding, shop, expiring, reconciliation, top] = await Promise.all([
    pointsOutstanding(em, pointValue),
    shopPointsBalances(em),
    expiringPoints(em, EXPIRING_DAYS),
    reconcilePoints(em),
    topPointsHolders(em),
  ]);
  const customers = outstanding.available + outstanding.pending + outstanding.reserved;
  const ledgerSum = customers + Object.values(shop).reduce((s, n) => s + n, 0);
  return { outstanding, shop, ledgerSum, expiring, reconciliation, top };
}
