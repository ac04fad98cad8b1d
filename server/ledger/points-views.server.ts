// What a customer sees of their loyalty points: balances, what is pending per order and when it becomes available,
// what is available per lot and when it expires, and the history of their transfers; beside them their print credits
// (credits-views.server.ts). Reads only: a customer who never earned a point has no account, and gets zeros.
import { IsolationLevel, type EntityManager } from '@mikro-orm/postgresql';
import { lotRemaining } from '#core/ledger.ts';
import { pendingAvailableAt } from '#core/points-display.ts';
import type { Env } from '#server/env.server.ts';
import { creditsView, type CreditsView } from './credits-views.server.ts';
import { emptyHistory, historyPage, type LedgerHistory } from './ledger-history.server.ts';
import { maybeOne } from './ledger.server.ts';
import { pointsUsedOutsideLots } from './points-lots.server.ts';

export type PointsViewEnv = Pick<
  Env,
  'POINT_VALUE' | 'SHOP_CURRENCY' | 'POINTS_EARN_RATE' | 'POINTS_PENDING_DAYS' | 'POINTS_LIFETIME_DAYS' | 'CAMPAIGN_TIME_SCALE'
>;

export interface PointsBalance {
  available: number;
  pending: number;
  reserved: number;
  /** What the available points are worth at checkout, minor units of `currency`. */
  availableValue: number;
  currency: string;
}

export interface PendingPoints {
  orderNumber: string;
  points: number;
  /** ISO; null while the date waits for something else (`note` says what). */
  availableAt: string | null;
  note: string | null;
}

export interface PointsLotView {
  id: number;
  remaining: number;
  amount: number;
  availableAt: string;
  expiresAt: string;
  /** The transfer that made the lot: make_available (an order), return (a refund), adjust (the shop). */
  source: string;
  orderNumber: string | null;
}

export interface PointsSummary {
  balance: PointsBalance;
  rules: { earnRate: number; pointValue: number; pendingDays: number; lifetimeDays: number; currency: string };
  pending: PendingPoints[];
  lots: PointsLotView[];
  history: LedgerHistory;
  credits: CreditsView;
}

const iso = (d: Date | string) => new Date(d).toISOString();

interface AccountRow {
  id: number;
  available: number;
  pending: number;
  reserved: number;
}

const customerAccount = (em: EntityManager, customerId: number) =>
  maybeOne<AccountRow>(em, `select id, available, pending, reserved from ledger_accounts where customer_id = ? and kind = 'points'`, [
    customerId,
  ]);

function balanceOf(account: AccountRow | undefined, env: PointsViewEnv): PointsBalance {
  const available = account?.available ?? 0;
  return {
    available,
    pending: account?.pending ?? 0,
    reserved: account?.reserved ?? 0,
    availableValue: available * env.POINT_VALUE,
    currency: env.SHOP_CURRENCY,
  };
}

/** The customer's available points and their worth (the account overview's line). */
export async function pointsBalance(em: EntityManager, customerId: number, env: PointsViewEnv): Promise<PointsBalance> {
  return balanceOf(await customerAccount(em, customerId), env);
}

async function pendingByOrder(em: EntityManager, accountId: number, env: PointsViewEnv): Promise<PendingPoints[]> {
  const rows = await em.execute<
    Array<{ order_number: string; paid_at: Date | null; delivered_at: Date | null; ships: boolean; points: number }>
  >(
    `select o.order_number, o.paid_at, o.delivered_at,
       exists (select 1 from order_items i where i.order_id = o.id and i.format <> 'digital') as ships,
       sum(e.amount)::int as points
     from ledger_entries e
     join ledger_transfers t on t.id = e.transfer_id
     join orders o on o.id = t.order_id
     where e.account_id = ? and e.bucket = 'pending'
     group by o.id
     having sum(e.amount) > 0
     order by o.paid_at nulls last, o.id`,
    [accountId],
    'all',
  );
  return rows.map((r) => {
    const when = pendingAvailableAt(
      { paidAt: r.paid_at && new Date(r.paid_at), deliveredAt: r.delivered_at && new Date(r.delivered_at), ships: r.ships },
      env.POINTS_PENDING_DAYS,
      env.CAMPAIGN_TIME_SCALE,
    );
    return { orderNumber: r.order_number, points: r.points, availableAt: when.at?.toISOString() ?? null, note: when.note };
  });
}

/**
 * The lots with points left, soonest to expire first. What is left of each is remainingOfLot's figure
 * (points-lots.server.ts), for all the account's lots from one read of them: every use of available points is taken
 * from the lots that expire first (core/ledger.ts lotRemaining), and no lot holds more than is available.
 */
async function liveLots(em: EntityManager, account: AccountRow): Promise<PointsLotView[]> {
  const [lots, used] = await Promise.all([
    em.execute<
      Array<{
        id: number;
        amount: number;
        available_at: Date;
        expires_at: Date;
        expired_at: Date | null;
        type: string;
        order_number: string | null;
      }>
    >(
      `select l.id, l.amount, l.available_at, l.expires_at, l.expired_at, t.type, o.order_number
       from points_lots l join ledger_transfers t on t.id = l.transfer_id left join orders o on o.id = t.order_id
       where l.account_id = ?`,
      [account.id],
      'all',
    ),
    pointsUsedOutsideLots(em, account.id),
  ]);
  const states = lots.map((l) => ({ id: l.id, amount: l.amount, expiresAt: new Date(l.expires_at) }));
  return lots
    .filter((l) => !l.expired_at)
    .map((l) => ({
      id: l.id,
      remaining: Math.min(lotRemaining(states, l.id, used), account.available),
      amount: l.amount,
      availableAt: iso(l.available_at),
      expiresAt: iso(l.expires_at),
      source: l.type,
      orderNumber: l.order_number,
    }))
    .filter((l) => l.remaining > 0)
    .sort((a, b) => a.expiresAt.localeCompare(b.expiresAt) || a.id - b.id);
}

/** Everything /account/points shows, for one page of the points' history and one of the credits' (newest first). */
export async function pointsSummary(
  em: EntityManager,
  customerId: number,
  env: PointsViewEnv,
  { page = 1, creditsPage = 1 } = {},
): Promise<PointsSummary> {
  const rules = {
    earnRate: env.POINTS_EARN_RATE,
    pointValue: env.POINT_VALUE,
    pendingDays: env.POINTS_PENDING_DAYS,
    lifetimeDays: env.POINTS_LIFETIME_DAYS,
    currency: env.SHOP_CURRENCY,
  };
  // One snapshot: a points or credits change committed between two of these reads never shows half on the page.
  return em.fork().transactional(
    async (tx) => {
      const account = await customerAccount(tx, customerId);
      const credits = await creditsView(tx, customerId, creditsPage);
      if (!account) return { balance: balanceOf(undefined, env), rules, pending: [], lots: [], history: emptyHistory(page), credits };
      const pending = await pendingByOrder(tx, account.id, env);
      const lots = await liveLots(tx, account);
      const history = await historyPage(tx, account.id, page);
      return { balance: balanceOf(account, env), rules, pending, lots, history, credits };
    },
    { isolationLevel: IsolationLevel.REPEATABLE_READ, readOnly: true },
  );
}
