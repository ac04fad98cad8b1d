// Posting to the points and credits ledger: the only code that writes ledger_transfers, ledger_entries and the stored
// balances of ledger_accounts (docs/decisions/059-points-and-credits-ledger.md).
import type { EntityManager } from '@mikro-orm/postgresql';
import type { LedgerBucket, LedgerKind, ShopAccount, TransferType } from '#core/ledger.ts';

/** The first row of a query, or undefined when there is none. */
export async function maybeOne<T extends object>(tx: EntityManager, sql: string, params: unknown[]): Promise<T | undefined> {
  const rows = await tx.execute<T[]>(sql, params, 'all');
  return rows[0];
}

export interface AccountRow {
  id: number;
  customer_id: number | null;
  available: number;
  pending: number;
  reserved: number;
}

/** A customer's account of a kind, created when first needed, locked for the rest of the transaction. */
export async function lockCustomerAccount(tx: EntityManager, kind: LedgerKind, customerId: number): Promise<AccountRow> {
  const select = () =>
    maybeOne<AccountRow>(
      tx,
      `select id, customer_id, available, pending, reserved from ledger_accounts where customer_id = ? and kind = ? for update`,
      [customerId, kind],
    );
  const found = await select();
  if (found) return found;
  await tx.execute(
    `insert into ledger_accounts (kind, customer_id, code) values (?, ?, 'customer') on conflict (customer_id, kind) where customer_id is not null do nothing`,
    [kind, customerId],
    'run',
  );
  return (await select())!;
}

/** One of the shop's counter-accounts (its balance is only ever derived from its entries: no hot row to lock). */
export async function shopAccountId(tx: EntityManager, kind: LedgerKind, code: ShopAccount): Promise<number> {
  const found = await maybeOne<{ id: number }>(tx, `select id from ledger_accounts where customer_id is null and kind = ? and code = ?`, [
    kind,
    code,
  ]);
  if (found) return found.id;
  await tx.execute(
    `insert into ledger_accounts (kind, customer_id, code) values (?, null, ?) on conflict (kind, code) where customer_id is null do nothing`,
    [kind, code],
    'run',
  );
  const row = await tx.execute<{ id: number }>(
    `select id from ledger_accounts where customer_id is null and kind = ? and code = ?`,
    [kind, code],
    'get',
  );
  return row.id;
}

export interface Leg {
  accountId: number;
  bucket: LedgerBucket;
  /** Positive into the bucket, negative out of it. */
  amount: number;
  /** Whether the account is a customer's (its stored balance follows; the shop's are derived). */
  customer: boolean;
}

export interface TransferInput {
  kind: LedgerKind;
  type: TransferType;
  idempotencyKey: string;
  reason: string;
  orderId?: number | null;
  refundId?: number | null;
  adminId?: number | null;
  legs: Leg[];
}

/**
 * Records a transfer once: a second call with the same idempotency key records nothing and answers `created: false`
 * with the first one's id. The legs must sum to zero; zero legs are left out. A customer's account must already be
 * locked by the caller (lockCustomerAccount), who checked the balance the legs take from; the check constraint refuses
 * a negative balance all the same.
 */
export async function postTransfer(tx: EntityManager, input: TransferInput): Promise<{ created: boolean; id: number }> {
  const legs = input.legs.filter((l) => l.amount !== 0);
  const sum = legs.reduce((s, l) => s + l.amount, 0);
  if (sum !== 0) throw new Error(`ledger transfer ${input.idempotencyKey} does not balance (${sum})`);
  for (const leg of legs) if (!Number.isSafeInteger(leg.amount)) throw new RangeError(`ledger amount ${leg.amount} is not an integer`);
  const inserted = await maybeOne<{ id: number }>(
    tx,
    `insert into ledger_transfers (kind, type, idempotency_key, reason, order_id, refund_id, admin_id) values (?, ?, ?, ?, ?, ?, ?)
     on conflict (idempotency_key) do nothing returning id`,
    [input.kind, input.type, input.idempotencyKey, input.reason, input.orderId ?? null, input.refundId ?? null, input.adminId ?? null],
  );
  if (!inserted) {
    const existing = await tx.execute<{ id: number }>(
      `select id from ledger_transfers where idempotency_key = ?`,
      [input.idempotencyKey],
      'get',
    );
    return { created: false, id: existing.id };
  }
  if (legs.length) {
    await tx.execute(
      `insert into ledger_entries (transfer_id, account_id, bucket, amount) values ${legs.map(() => '(?, ?, ?, ?)').join(', ')}`,
      legs.flatMap((l) => [inserted.id, l.accountId, l.bucket, l.amount]),
      'run',
    );
  }
  for (const leg of legs.filter((l) => l.customer)) {
    await tx.execute(
      `update ledger_accounts set ${leg.bucket} = ${leg.bucket} + ?, updated_at = now() where id = ?`,
      [leg.amount, leg.accountId],
      'run',
    );
  }
  return { created: true, id: inserted.id };
}

/** Which of these idempotency keys have a transfer (each is then never recorded again), in one query. */
export async function existingTransfers(tx: EntityManager, ...keys: string[]): Promise<Set<string>> {
  const rows = await tx.execute<Array<{ idempotency_key: string }>>(
    `select idempotency_key from ledger_transfers where idempotency_key in (${keys.map(() => '?').join(', ')})`,
    keys,
    'all',
  );
  return new Set(rows.map((r) => r.idempotency_key));
}

/** The sum of one account's entries in one bucket, for the transfers of one order. */
export async function orderBucketSum(
  tx: EntityManager,
  accountId: number,
  orderId: number,
  bucket: LedgerBucket,
  types: readonly TransferType[],
): Promise<number> {
  const row = await tx.execute<{ sum: string | null }>(
    `select sum(e.amount) as sum from ledger_entries e join ledger_transfers t on t.id = e.transfer_id
     where e.account_id = ? and t.order_id = ? and e.bucket = ? and t.type in (${types.map(() => '?').join(', ')})`,
    [accountId, orderId, bucket, ...types],
    'get',
  );
  return Number(row.sum ?? 0);
}
