// Activity signatures of account deletion, as the delete-account workflow sees them (imported as types only).
import type { AccountDeletionSummary } from '#db/entities/account-deletion.ts';
import type { AccountDeletionRequest, BeginDeletionResult } from '#server/accounts/erase-account.server.ts';

export type { AccountDeletionRequest, AccountDeletionSummary, BeginDeletionResult };

export interface AccountActivities {
  /** Records the request and locks the account (signed out, no sign-in); refuses while an order holds it back. */
  beginAccountDeletion(input: AccountDeletionRequest & { workflowId: string }): Promise<BeginDeletionResult>;
  /** Blanks the personal data on the account, its orders, carts, emails and campaign runs in one transaction. */
  eraseAccount(input: { userId: number }): Promise<AccountDeletionSummary>;
  /** "Your account has been deleted", to the address it had; once. */
  sendAccountDeletedEmail(input: { userId: number }): Promise<{ emailId: number }>;
  /** Marks the request done and drops the address it held. */
  finishAccountDeletion(input: { userId: number }): Promise<void>;
}

/** On the rendering queue, whose worker holds the file storage. */
export interface AccountFileActivities {
  /** Deletes the print files of the account's orders from storage and revokes their download rows. */
  deleteAccountFiles(input: { userId: number }): Promise<{ files: number }>;
}
