// One customer ledger account's history as the customer reads it: a page of its transfers, newest first, each with what
// it moved in and out of each bucket and the order it was for. Points and print credits alike.
import type { EntityManager } from '@mikro-orm/postgresql';
import { maybeOne } from './ledger.server.ts';

export const LEDGER_HISTORY_PAGE_SIZE = 25;

export interface LedgerHistoryEntry {
  transferId: number;
  at: string;
  type: string;
  reason: string;
  available: number;
  pending: number;
  reserved: number;
  orderNumber: string | null;
}

export interface LedgerHistory {
  entries: LedgerHistoryEntry[];
  page: number;
  pages: number;
  total: number;
}

/** No account yet: nothing ever happened. */
export const emptyHistory = (page: number): LedgerHistory => ({ entries: [], page, pages: 1, total: 0 });

/** One page (1-based) of the account's transfers, newest first. */
export async function historyPage(em: EntityManager, accountId: number, page: number): Promise<LedgerHistory> {
  const size = LEDGER_HISTORY_PAGE_SIZE;
  const [rows, count] = await Promise.all([
    em.execute<
      Array<{
        id: number;
        created_at: Date;
        type: string;
        reason: string;
        order_number: string | null;
        available: number;
        pending: number;
        reserved: number;
      }>
    >(
      `select t.id, t.created_at, t.type, t.reason, o.order_number,
         coalesce(sum(e.amount) filter (where e.bucket = 'available'), 0)::int as available,
         coalesce(sum(e.amount) filter (where e.bucket = 'pending'), 0)::int as pending,
         coalesce(sum(e.amount) filter (where e.bucket = 'reserved'), 0)::int as reserved
       from ledger_entries e
       join ledger_transfers t on t.id = e.transfer_id
       left join orders o on o.id = t.order_id
       where e.account_id = ?
       group by t.id, o.order_number
       order by t.id desc
       limit ? offset ?`,
      [accountId, size, (page - 1) * size],
      'all',
    ),
    maybeOne<{ total: number }>(em, `select count(distinct transfer_id)::int as total from ledger_entries where account_id = ?`, [
      accountId,
    ]),
  ]);
  const total = count?.total ?? 0;
  return {
    entries: rows.map((r) => ({
      transferId: r.id,
      at: new Date(r.created_at).toISOString(),
      type: r.type,
      reason: r.reason,
      available: r.available,
      pending: r.pending,
      reserved: r.reserved,
      orderNumber: r.order_number,
    })),
    page,
    pages: Math.max(1, Math.ceil(total / size)),
    total,
  };
}
