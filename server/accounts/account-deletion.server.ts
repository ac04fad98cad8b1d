// Asking for an account's deletion, from the customer's privacy page or the admin's customer page: the pages check
// what holds it back and start delete-account-<userId>, which does the work (erase-account.server.ts).
import type { EntityManager } from '@mikro-orm/postgresql';
import { deleteAccountWorkflowId, deletionBlockers, deletionRefusal } from '#core/account-deletion.ts';
import { AccountDeletion } from '#db/entities/account-deletion.ts';
import { Membership } from '#db/entities/membership.ts';
import { Order } from '#db/entities/order.ts';
import type { User } from '#db/entities/user.ts';
import { logger } from '#server/log.server.ts';
import { getTemporalClient } from '#server/temporal/client.server.ts';
import { TASK_QUEUES } from '#workflows/messages.ts';
import { ownedBy } from './account.server.ts';
import type { AccountDeletionRequest } from './erase-account.server.ts';

/** The orders that hold the account's deletion back (a payment still open, a parcel not yet shipped), with why. */
export async function accountDeletionBlockers(em: EntityManager, user: Pick<User, 'id' | 'email'>) {
  return deletionBlockers(await em.find(Order, ownedBy(user), { orderBy: { id: 'asc' } }));
}

/**
 * Why the account cannot be deleted now (a staff account, an order in flight, a membership that would go on being
 * charged), in a sentence; null when it can.
 */
export async function accountDeletionRefusal(em: EntityManager, user: Pick<User, 'id' | 'email' | 'role'>): Promise<string | null> {
  const orders = deletionRefusal(user.role, await em.find(Order, ownedBy(user), { orderBy: { id: 'asc' } }));
  if (orders) return orders;
  const member = await em.count(Membership, { customer: user.id, status: { $nin: ['ended', 'incomplete'] } });
  return member > 0 ? 'The membership is still running: end it first (on the membership page), so that it is no longer charged.' : null;
}

/** The account's deletion request, if there is one (running or done). */
export function findAccountDeletion(em: EntityManager, userId: number) {
  return em.findOne(AccountDeletion, { userId });
}

/**
 * Starts the deletion workflow; asking again while it runs joins it. Nothing changes before the workflow runs, so a
 * failure to start (Temporal unreachable) leaves the account as it was and the person can ask again.
 */
export async function startAccountDeletion(request: AccountDeletionRequest): Promise<{ workflowId: string }> {
  const workflowId = deleteAccountWorkflowId(request.userId);
  try {
    await getTemporalClient().workflow.start('deleteAccount', {
      workflowId,
      taskQueue: TASK_QUEUES.commerce,
      args: [request],
      workflowIdConflictPolicy: 'USE_EXISTING',
      staticSummary: `Delete account ${request.userId} (${request.requestedBy === 'admin' ? 'by an admin' : 'by its owner'})`,
    });
  } catch (error) {
    logger.error({ err: error, userId: request.userId }, `account ${request.userId}: the deletion workflow could not be started`);
    throw error;
  }
  logger.info({ userId: request.userId, requestedBy: request.requestedBy, workflowId }, 'account deletion started');
  return { workflowId };
}
