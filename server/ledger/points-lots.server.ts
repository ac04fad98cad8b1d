// Points lots: what became available together expires together, first in first out (core/ledger.ts lotRemaining).
import type { EntityManager } from '@mikro-orm/postgresql';
import { lotRemaining } from '#core/ledger.ts';
import type { DbDeps } from '#server/deps.server.ts';
import { PermanentError } from '#server/errors.server.ts';
import { lockCustomerAccount, maybeOne, postTransfer, shopAccountId } from './ledger.server.ts';

export async function createLot(
  tx: EntityManager,
  { accountId, transferId, amount, expiresAt }: { accountId: number; transferId: number; amount: number; expiresAt: Date },
): Promise<number> {
  const row = await tx.execute<{ id: number }>(
    `insert into points_lots (account_id, transfer_id, amount, available_at, expires_at) values (?, ?, ?, now(), ?)
     on conflict (transfer_id) do update set amount = points_lots.amount returning id`,
    [accountId, transferId, amount, expiresAt],
    'get',
  );
  return row.id;
}

interface LotRow {
  id: number;
  account_id: number;
  amount: number;
  expires_at: Date;
  reminded_at: Date | null;
  expired_at: Date | null;
  customer_id: number;
}

async function lotOf(tx: EntityManager, lotId: number): Promise<LotRow> {
  const lot = await maybeOne<LotRow>(
    tx,
    `select l.id, l.account_id, l.amount, l.expires_at, l.reminded_at, l.expired_at, a.customer_id
     from points_lots l join ledger_accounts a on a.id = l.account_id where l.id = ?`,
    [lotId],
  );
  if (!lot) throw new PermanentError(`points lot ${lotId} does not exist`, 'LotMissing');
  return lot;
}

/**
 * Everything that left an account's available points (spent, reserved, reversed, expired, adjusted down) less what came
 * back without forming a lot (released reservations): what core/ledger.ts lotRemaining takes from the lots in expiry order.
 */
export async function pointsUsedOutsideLots(em: EntityManager, accountId: number): Promise<number> {
  const row = await em.execute<{ used: string | null }>(
    `select -sum(e.amount) as used from ledger_entries e
     where e.account_id = ? and e.bucket = 'available' and not exists (select 1 from points_lots l where l.transfer_id = e.transfer_id)`,
    [accountId],
    'get',
  );
  return Number(row.used ?? 0);
}

/** The lot a transfer (by its idempotency key) made, if it made one: how a retried step finds its own lot. */
export async function lotOfTransfer(em: EntityManager, idempotencyKey: string): Promise<{ id: number; amount: number } | undefined> {
  return maybeOne<{ id: number; amount: number }>(
    em,
    `select l.id, l.amount from points_lots l join ledger_transfers t on t.id = l.transfer_id where t.idempotency_key = ?`,
    [idempotencyKey],
  );
}

/** What is left of a lot now: its share of the available points when every use is taken from the lots expiring first. */
export async function remainingOfLot(tx: EntityManager, lotId: number): Promise<number> {
  const lot = await lotOf(tx, lotId);
  const account = await tx.execute<{ available: number }>(`select available from ledger_accounts where id = ?`, [lot.account_id], 'get');
  return remainingOf(tx, lot, account.available);
}

/** remainingOfLot for a lot already read, with its account's available points (read under the account's lock). */
async function remainingOf(tx: EntityManager, lot: Pick<LotRow, 'id' | 'account_id'>, available: number): Promise<number> {
  const [lots, used] = await Promise.all([
    tx.execute<Array<{ id: number; amount: number; expires_at: Date }>>(
      `select id, amount, expires_at from points_lots where account_id = ?`,
      [lot.account_id],
      'all',
    ),
    pointsUsedOutsideLots(tx, lot.account_id),
  ]);
  const states = lots.map((l) => ({ id: l.id, amount: l.amount, expiresAt: new Date(l.expires_at) }));
  return Math.min(lotRemaining(states, lot.id, used), available);
}

export interface LotReminder {
  customerId: number;
  remaining: number;
  expiresAt: string;
  /** False when the reminder was already sent (a retried activity): send nothing again. */
  due: boolean;
}

/** Marks a lot's expiry reminder due once, with what is left of it (nothing to send when it is all used). */
export async function remindPointsLot({ orm }: Pick<DbDeps, 'orm'>, { lotId }: { lotId: number }): Promise<LotReminder> {
  return orm.em.fork().transactional(async (tx) => {
    const lot = await lotOf(tx, lotId);
    const account = await lockCustomerAccount(tx, 'points', lot.customer_id);
    const remaining = await remainingOf(tx, lot, account.available);
    const expiresAt = new Date(lot.expires_at).toISOString();
    if (lot.reminded_at || lot.expired_at) return { customerId: lot.customer_id, remaining, expiresAt, due: false };
    await tx.execute(`update points_lots set reminded_at = now() where id = ?`, [lotId], 'run');
    return { customerId: lot.customer_id, remaining, expiresAt, due: remaining > 0 };
  });
}

/** Expires what is left of a lot, once. */
export async function expirePointsLot({ orm }: Pick<DbDeps, 'orm'>, { lotId }: { lotId: number }): Promise<{ expired: number }> {
  return orm.em.fork().transactional(async (tx) => {
    const lot = await lotOf(tx, lotId);
    const account = await lockCustomerAccount(tx, 'points', lot.customer_id);
    const current = await tx.execute<{ expired_at: Date | null; expired_amount: number }>(
      `select expired_at, expired_amount from points_lots where id = ? for update`,
      [lotId],
      'get',
    );
    if (current.expired_at) return { expired: current.expired_amount };
    const remaining = await remainingOf(tx, lot, account.available);
    if (remaining > 0) {
      await postTransfer(tx, {
        kind: 'points',
        type: 'expire',
        idempotencyKey: `points:expire:lot-${lotId}`,
        reason: `Expired: unused ${new Date(lot.expires_at).toISOString().slice(0, 10)}`,
        legs: [
          { accountId: account.id, bucket: 'available', amount: -remaining, customer: true },
          { accountId: await shopAccountId(tx, 'points', 'expired'), bucket: 'available', amount: remaining, customer: false },
        ],
      });
    }
    await tx.execute(`update points_lots set expired_at = now(), expired_amount = ? where id = ?`, [remaining, lotId], 'run');
    return { expired: remaining };
  });
}

export interface AdjustPointsInput {
  customerId: number;
  /** Points to add (positive) or take away (negative). */
  amount: number;
  reason: string;
  adminId: number;
  /** The form's one-time key: a double submit records one adjustment. */
  requestKey: string;
  /** When points added expire (the adjustment's lot). */
  expiresAt: Date;
}

export type AdjustPointsResult =
  { ok: true; transferId: number; lotId: number | null; lotExpiresAt: Date | null; created: boolean } | { ok: false; reason: string };

/** An admin's correction with its reason: added points form a lot that expires; taking more than is available is refused. */
export async function adjustPoints({ orm }: Pick<DbDeps, 'orm'>, input: AdjustPointsInput): Promise<AdjustPointsResult> {
  return orm.em.fork().transactional(async (tx) => {
    const account = await lockCustomerAccount(tx, 'points', input.customerId);
    // A double submit finds the first adjustment before any balance check.
    const done = await maybeOne<{ id: number; lot_id: number | null; expires_at: Date | null }>(
      tx,
      `select t.id, l.id as lot_id, l.expires_at from ledger_transfers t left join points_lots l on l.transfer_id = t.id where t.idempotency_key = ?`,
      [`points:adjust:${input.requestKey}`],
    );
    if (done) {
      const lotExpiresAt = done.expires_at ? new Date(done.expires_at) : null;
      return { ok: true, transferId: done.id, lotId: done.lot_id, lotExpiresAt, created: false };
    }
    if (input.amount < 0 && -input.amount > account.available) {
      return { ok: false, reason: `The customer has ${account.available} points available; ${-input.amount} cannot be taken away.` };
    }
    const posted = await postTransfer(tx, {
      kind: 'points',
      type: 'adjust',
      idempotencyKey: `points:adjust:${input.requestKey}`,
      reason: input.reason,
      adminId: input.adminId,
      legs: [
        { accountId: account.id, bucket: 'available', amount: input.amount, customer: true },
        { accountId: await shopAccountId(tx, 'points', 'adjusted'), bucket: 'available', amount: -input.amount, customer: false },
      ],
    });
    let lotId: number | null = null;
    if (input.amount > 0) {
      lotId = await createLot(tx, { accountId: account.id, transferId: posted.id, amount: input.amount, expiresAt: input.expiresAt });
    }
    return { ok: true, transferId: posted.id, lotId, lotExpiresAt: lotId ? input.expiresAt : null, created: posted.created };
  });
}
