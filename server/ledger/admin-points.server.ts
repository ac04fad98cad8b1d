// A customer's points on the admin customer page: the balances, the latest ledger entries, and an admin's adjustment
// (adjustPoints, with the admin limit and the lot's expiry workflow); beside them, their print credits' balances.
import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { lotExpiry } from '#core/ledger.ts';
import type { DbDeps } from '#server/deps.server.ts';
import { logger } from '#server/log.server.ts';
import { creditsBalance, type CreditsBalance } from './credits-views.server.ts';
import { maybeOne } from './ledger.server.ts';
import { adjustPoints } from './points-lots.server.ts';
import { pointsSchedule } from './points-settings.server.ts';
import { startPointsLotWorkflow } from './points-workflows.server.ts';

/** How many of a customer's ledger entries the page lists. */
export const CUSTOMER_ENTRIES_LIMIT = 50;

export interface CustomerPointsEntry {
  id: number;
  at: string;
  type: string;
  bucket: string;
  /** Positive into the bucket, negative out of it. */
  amount: number;
  reason: string;
  orderNumber: string | null;
  adminEmail: string | null;
}

export interface CustomerPoints {
  available: number;
  pending: number;
  reserved: number;
  entries: CustomerPointsEntry[];
  /** All the account's entries (the page lists the newest CUSTOMER_ENTRIES_LIMIT). */
  entryCount: number;
  credits: CreditsBalance;
}

/** The customer's points balances (stored) and their newest ledger entries, and their credits; zeros before any. */
export async function customerPoints(em: EntityManager, customerId: number): Promise<CustomerPoints> {
  const [account, credits] = await Promise.all([
    maybeOne<{ id: number; available: number; pending: number; reserved: number }>(
      em,
      `select id, available, pending, reserved from ledger_accounts where customer_id = ? and kind = 'points'`,
      [customerId],
    ),
    creditsBalance(em, customerId),
  ]);
  if (!account) return { available: 0, pending: 0, reserved: 0, entries: [], entryCount: 0, credits };
  const [rows, count] = await Promise.all([
    em.execute<
      Array<{
        id: string;
        created_at: Date;
        type: string;
        bucket: string;
        amount: number;
        reason: string;
        order_number: string | null;
        admin_email: string | null;
      }>
    >(
      `select e.id, t.created_at, t.type, e.bucket, e.amount, t.reason, o.order_number, u.email as admin_email
         from ledger_entries e
         join ledger_transfers t on t.id = e.transfer_id
         left join refunds r on r.id = t.refund_id
         left join orders o on o.id = coalesce(t.order_id, r.order_id)
         left join users u on u.id = t.admin_id
        where e.account_id = ?
        order by e.id desc limit ?`,
      [account.id, CUSTOMER_ENTRIES_LIMIT],
      'all',
    ),
    em.execute<{ n: number }>(`select count(*)::int as n from ledger_entries where account_id = ?`, [account.id], 'get'),
  ]);
  return {
    available: account.available,
    pending: account.pending,
    reserved: account.reserved,
    entries: rows.map((r) => ({
      id: Number(r.id),
      at: new Date(r.created_at).toISOString(),
      type: r.type,
      bucket: r.bucket,
      amount: r.amount,
      reason: r.reason,
      orderNumber: r.order_number,
      adminEmail: r.admin_email,
    })),
    entryCount: count.n,
    credits,
  };
}

/** A new one-time key for the adjustment form (one per page view). */
export const newRequestKey = (): string => randomUUID();

export interface PointsAdjustment {
  admin: { id: number; email: string; role: string };
  customer: { id: number; deleted: boolean };
  /** Points to add (positive) or take away (negative). */
  points: number;
  reason: string;
  /** The form's one-time key. */
  requestKey: string;
}

export type PointsAdjustmentAnswer = { ok: true; message: string } | { ok: false; field: 'points' | null; message: string; status: number };

const count = (n: number) => `${new Intl.NumberFormat('en-IE').format(n)} ${Math.abs(n) === 1 ? 'point' : 'points'}`;

/** The ledger key of an adjustment: the form's key, within the customer's page. */
const ledgerRequestKey = (customerId: number, requestKey: string) => `customer-${customerId}:${requestKey}`;

/**
 * An admin's adjustment: within POINTS_ADJUST_LIMIT for an admin (any amount for a superadmin), never more taken away
 * than is available, once per form key. Added points form a lot expiring POINTS_LIFETIME_DAYS later (scaled by
 * CAMPAIGN_TIME_SCALE), whose points-lot workflow is started (again, harmlessly, for a repeated submit: a start that
 * failed the first time is made then). The transfer itself is the audit record: admin, reason, time.
 */
export async function adjustCustomerPoints(
  { orm, env }: DbDeps,
  input: PointsAdjustment,
  startLot: typeof startPointsLotWorkflow = startPointsLotWorkflow,
): Promise<PointsAdjustmentAnswer> {
  const limit = env.POINTS_ADJUST_LIMIT;
  if (input.customer.deleted) return { ok: false, field: null, message: 'This account is deleted; its points cannot change', status: 409 };
  if (Math.abs(input.points) > limit && input.admin.role !== 'superadmin') {
    return {
      ok: false,
      field: 'points',
      message: `An admin adjusts at most ${count(limit)} at a time; ${count(Math.abs(input.points))} needs a superadmin`,
      status: 403,
    };
  }
  const requestKey = ledgerRequestKey(input.customer.id, input.requestKey);
  const expiresAt = lotExpiry(Date.now(), pointsSchedule(env));
  const result = await adjustPoints(
    { orm },
    { customerId: input.customer.id, amount: input.points, reason: input.reason, adminId: input.admin.id, requestKey, expiresAt },
  );
  // A repeated submit finds its adjustment (created: false) before any balance check, in adjustPoints.
  if (!result.ok) return { ok: false, field: 'points', message: result.reason, status: 409 };
  if (result.created) {
    logger.info(
      { customerId: input.customer.id, adminId: input.admin.id, points: input.points, transferId: result.transferId, lotId: result.lotId },
      'points adjusted by an admin',
    );
  }
  if (result.lotId !== null && result.lotExpiresAt) {
    try {
      await startLot({ lotId: result.lotId, customerId: input.customer.id, expiresAt: result.lotExpiresAt.toISOString() });
    } catch (error) {
      logger.error({ err: error, lotId: result.lotId, customerId: input.customer.id }, 'points lot workflow did not start');
      return {
        ok: false,
        field: null,
        message: `The ${count(input.points)} were added, but their expiry could not be scheduled (Temporal did not answer). Send the form again in a moment: it adds nothing twice and schedules the expiry.`,
        status: 503,
      };
    }
  }
  if (!result.created)
    return { ok: true, message: 'This adjustment was already recorded (the form was sent twice); nothing changed again.' };
  return input.points > 0
    ? { ok: true, message: `Added ${count(input.points)}; they expire on ${expiresAt.toISOString().slice(0, 10)}.` }
    : { ok: true, message: `Took away ${count(-input.points)}.` };
}
