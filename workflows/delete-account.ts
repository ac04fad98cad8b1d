import { getExternalWorkflowHandle, proxyActivities, setCurrentDetails, workflowInfo } from '@temporalio/workflow';
import { DATABASE, EMAIL, withMaximumAttempts } from './activity-options';
import { forgetCustomerSignal } from './campaign-messages';
import { TASK_QUEUES } from './messages';
import type {
  AccountActivities,
  AccountDeletionRequest,
  AccountDeletionSummary,
  AccountFileActivities,
} from '#worker/activities/account-types.ts';

const db = proxyActivities<Pick<AccountActivities, 'beginAccountDeletion' | 'eraseAccount' | 'finishAccountDeletion'>>(DATABASE);
const mail = proxyActivities<Pick<AccountActivities, 'sendAccountDeletedEmail'>>(withMaximumAttempts(EMAIL, 30));
const files = proxyActivities<AccountFileActivities>({ ...DATABASE, startToCloseTimeout: '5 minutes', taskQueue: TASK_QUEUES.rendering });

export type DeleteAccountResult =
  { state: 'deleted'; summary: AccountDeletionSummary } | { state: 'already_deleted' } | { state: 'refused'; reason: string };

/**
 * delete-account-<userId>: a customer's erasure request, from their account page or an admin's. Locks the account,
 * ends its campaigns (each drops its search attribute), deletes the print files, blanks the personal data in one
 * transaction and confirms by email. Its input and details hold ids only: the address lives in the shop's
 * database until the last step and never enters this workflow's history.
 */
export async function deleteAccount(request: AccountDeletionRequest): Promise<DeleteAccountResult> {
  const { userId } = request;
  const { workflowId } = workflowInfo();
  setCurrentDetails(`Account ${userId}: checking its orders and signing it out everywhere`);
  const begun = await db.beginAccountDeletion({ ...request, workflowId });
  if (begun.state === 'already_deleted') return begun;
  if (begun.state === 'refused') {
    setCurrentDetails(`Account ${userId}: not deleted. ${begun.reason}`);
    return begun;
  }

  setCurrentDetails(`Account ${userId}: ending ${begun.campaignWorkflowIds.length} campaign(s)`);
  for (const id of begun.campaignWorkflowIds) {
    try {
      await getExternalWorkflowHandle(id).signal(forgetCustomerSignal);
    } catch {
      // Ended on its own meanwhile: nothing left to stop.
    }
  }

  setCurrentDetails(`Account ${userId}: deleting print files`);
  await files.deleteAccountFiles({ userId });
  setCurrentDetails(`Account ${userId}: erasing personal data`);
  const summary = await db.eraseAccount({ userId });
  setCurrentDetails(`Account ${userId}: sending the confirmation`);
  await mail.sendAccountDeletedEmail({ userId });
  await db.finishAccountDeletion({ userId });
  setCurrentDetails(
    `Account ${userId}: deleted — ${summary.orders} order(s) anonymised, ${summary.emails} email(s) blanked, ${summary.files} file(s) deleted`,
  );
  return { state: 'deleted', summary };
}
