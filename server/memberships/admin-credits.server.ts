// An admin's extra print credits for a member (/admin/members/:id): one ledger transfer from the shop's `granted`
// counter-account into the customer's available credits, once per form key. The transfer is the audit record: the
// admin, the reason (shown to the customer in their credits history) and the time.
import type { EntityManager } from '@mikro-orm/postgresql';
import { membershipAdminGrantKey, type MembershipStatus } from '#core/memberships.ts';
import { EXTRA_CREDITS_MAX } from '#core/schemas/admin-membership.ts';
import { isMember } from '#core/schemas/membership.ts';
import { lockCustomerAccount, maybeOne, postTransfer, shopAccountId } from '#server/ledger/ledger.server.ts';
import { logger } from '#server/log.server.ts';

export interface GrantExtraCreditsInput {
  membershipId: number;
  /** 1 to EXTRA_CREDITS_MAX. */
  credits: number;
  /** Shown to the customer with the credits. */
  reason: string;
  adminId: number;
  /** The form's one-time key: a double submit grants once. */
  formKey: string;
}

export type GrantExtraCreditsResult =
  | { ok: true; created: boolean; transferId: number; credits: number }
  | { ok: false; field: 'credits' | null; message: string; status: number };

/**
 * Grants the credits to the membership's customer, under the lock of their credits account. A repeated form post finds
 * its grant before any other check and records nothing again (`created: false`, with the credits first granted).
 */
export async function grantExtraCredits(em: EntityManager, input: GrantExtraCreditsInput): Promise<GrantExtraCreditsResult> {
  if (!Number.isInteger(input.credits) || input.credits < 1 || input.credits > EXTRA_CREDITS_MAX) {
    return { ok: false, field: 'credits', message: `Grant 1 to ${EXTRA_CREDITS_MAX} credits`, status: 400 };
  }
  const idempotencyKey = membershipAdminGrantKey(input.membershipId, input.formKey);
  const result = await em.fork().transactional(async (tx): Promise<GrantExtraCreditsResult> => {
    const m = await maybeOne<{ customer_id: number; status: MembershipStatus }>(
      tx,
      `select customer_id, status from memberships where id = ?`,
      [input.membershipId],
    );
    if (!m) return { ok: false, field: null, message: 'No such membership', status: 404 };
    const account = await lockCustomerAccount(tx, 'credits', m.customer_id);
    const done = await maybeOne<{ id: number; amount: number }>(
      tx,
      `select t.id, coalesce(sum(e.amount) filter (where e.account_id = ?), 0)::int as amount
         from ledger_transfers t left join ledger_entries e on e.transfer_id = t.id
        where t.idempotency_key = ? group by t.id`,
      [account.id, idempotencyKey],
    );
    if (done) return { ok: true, created: false, transferId: done.id, credits: done.amount };
    if (!isMember(m.status)) {
      return { ok: false, field: null, message: 'This membership is not current: it gets no more credits', status: 409 };
    }
    const posted = await postTransfer(tx, {
      kind: 'credits',
      type: 'grant',
      idempotencyKey,
      reason: input.reason,
      adminId: input.adminId,
      legs: [
        { accountId: account.id, bucket: 'available', amount: input.credits, customer: true },
        { accountId: await shopAccountId(tx, 'credits', 'granted'), bucket: 'available', amount: -input.credits, customer: false },
      ],
    });
    return { ok: true, created: posted.created, transferId: posted.id, credits: input.credits };
  });
  if (result.ok && result.created) {
    logger.info(
      { membershipId: input.membershipId, adminId: input.adminId, credits: input.credits, transferId: result.transferId },
      'membership credits granted by an admin',
    );
  }
  return result;
}
