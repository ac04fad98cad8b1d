// Account deletion's steps (the delete-account workflow); the files step runs on the rendering worker.
import {
  beginAccountDeletion,
  eraseAccount,
  finishAccountDeletion,
  sendAccountDeletedEmail,
} from '#server/accounts/erase-account.server.ts';
import type { RenderDeps, ServerDeps } from '#server/deps.server.ts';
import { deleteAccountFiles } from '#server/downloads/delete-account-files.server.ts';
import type { AccountActivities, AccountFileActivities } from './account-types.ts';
import { activitiesOf } from './adapt.ts';

export function createAccountActivities(deps: ServerDeps): AccountActivities {
  return activitiesOf(deps, { beginAccountDeletion, eraseAccount, sendAccountDeletedEmail, finishAccountDeletion });
}

export function createAccountFileActivities(deps: RenderDeps): AccountFileActivities {
  return activitiesOf(deps, { deleteAccountFiles });
}
