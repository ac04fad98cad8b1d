// The `rendering` queue's activities: print files, their download rows, and the emails about them.
// Registered on the rendering worker only.
import { Context } from '@temporalio/activity';
import type { RenderDeps } from '#server/deps.server.ts';
import { sendFilesReadyEmail } from '#server/emails/files-ready.server.ts';
import { settleItemCredits } from '#server/ledger/credits.server.ts';
import { preparePrintFile } from '#server/print-provider/print-files.server.ts';
import { prepareDownloads } from '#server/rendering/prepare-downloads.server.ts';
import { markRenderFailed, notifyAdminsOfRenderFailure } from '#server/rendering/render-failures.server.ts';
import { renderItem } from '#server/rendering/render-item.server.ts';
import type { AccountFileActivities } from './account-types.ts';
import { createAccountFileActivities } from './accounts.ts';
import { activitiesOf, asActivity } from './adapt.ts';
import type { PrintFileActivities } from './print-provider-types.ts';
import type { RenderActivities } from './types.ts';

/** The rendering queue's activities: print files, and deleting a deleted account's files (this worker holds the storage). */
export function createRenderActivities(deps: RenderDeps): RenderActivities & AccountFileActivities & PrintFileActivities {
  return {
    ...activitiesOf(deps, { markRenderFailed, notifyAdminsOfRenderFailure, sendFilesReadyEmail, settleItemCredits, preparePrintFile }),
    ...createAccountFileActivities(deps),
    prepareDownloads: (input) =>
      asActivity(() => prepareDownloads(deps, input, Context.current().info.workflowExecution?.runId ?? String(Date.now()))),
    renderItem: (input) => {
      const ctx = Context.current();
      return asActivity(() => renderItem(deps, input, { heartbeat: (details) => ctx.heartbeat(details), attempt: ctx.info.attempt }));
    },
  };
}
