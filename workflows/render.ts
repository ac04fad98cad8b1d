import {
  ActivityFailure,
  ApplicationFailure,
  patched,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { DATABASE, EMAIL, rendering } from './activity-options';
import type { RenderActivities } from '#worker/activities/types.ts';
import { customerEmailAttributes } from './customer-email-search';
import { OrderStatusKey } from './messages';
import { renderStatusQuery, type RenderItemState, type RenderState } from './render-messages';

export interface RenderInput {
  orderNumber: string;
  /** Re-render only these items (an admin's "re-render"); absent: every digital item not yet made. */
  itemIds?: number[];
  /** Who asked for a re-render (admin email), for the summary. */
  requestedBy?: string | null;
  /** How soon a render whose worker died is tried again elsewhere (default 20 s). */
  heartbeatTimeoutSeconds?: number;
  /** First retry delay of a failed render (default 5 s; doubles up to a minute). */
  retryIntervalSeconds?: number;
  /** Tries per item before it is marked failed (default 4). */
  maxAttempts?: number;
}

export interface RenderResult {
  orderNumber: string;
  rendered: number[];
  failed: Array<{ itemId: number; error: string }>;
  filesReadyEmailSent: boolean;
}

const db = proxyActivities<Pick<RenderActivities, 'prepareDownloads' | 'markRenderFailed' | 'settleItemCredits'>>(DATABASE);
const email = proxyActivities<Pick<RenderActivities, 'notifyAdminsOfRenderFailure' | 'sendFilesReadyEmail'>>(EMAIL);

function failureMessage(err: unknown): string {
  if (err instanceof ActivityFailure && err.cause instanceof ApplicationFailure) return err.cause.message;
  if (err instanceof ActivityFailure && err.cause) return err.cause.message;
  return err instanceof Error ? err.message : String(err);
}

/**
 * render-<orderNumber> (task queue `rendering`): every digital item of a paid order to a 300 dpi PNG and
 * a vector PDF, stored and recorded as downloads, then one "your files are ready" email. An item that
 * still fails after its retries is marked failed and the admins are told; the workflow then ends, and
 * an admin's re-render (or a reset from the Temporal UI) starts it again for the failed items.
 */
export async function render(input: RenderInput): Promise<RenderResult> {
  const { orderNumber } = input;
  let state: RenderState = 'preparing';
  const items = new Map<number, { label: string; state: RenderItemState; error: string | null }>();

  setHandler(renderStatusQuery, () => ({
    orderNumber,
    state,
    items: [...items].map(([itemId, i]) => ({ itemId, label: i.label, state: i.state, error: i.error })),
  }));
  const details = (text: string) => setCurrentDetails(`**${orderNumber}** ${state} — ${text}`);
  const count = (s: RenderItemState) => [...items.values()].filter((i) => i.state === s).length;

  details(
    input.itemIds
      ? `re-render of item(s) ${input.itemIds.join(', ')}${input.requestedBy ? ` asked by ${input.requestedBy}` : ''}`
      : 'creating the download rows',
  );
  const prepared = await db.prepareDownloads({ orderNumber, itemIds: input.itemIds });
  const customerEmail = customerEmailAttributes(prepared);
  if (customerEmail.length) upsertSearchAttributes(customerEmail);
  if (prepared.closed) {
    state = 'closed';
    details('the order is refunded or cancelled: nothing to render');
    return { orderNumber, rendered: [], failed: [], filesReadyEmailSent: false };
  }
  for (const item of prepared.items) items.set(item.itemId, { label: item.label, state: 'pending', error: null });
  // Print credits that paid for an item are spent once its file is made, given back when it failed for good.
  const credits = new Map(prepared.items.map((i) => [i.itemId, i.credits ?? 0]));
  const settle = async (itemId: number, outcome: 'spend' | 'release') => {
    if ((credits.get(itemId) ?? 0) > 0 && patched('settle-credits')) await db.settleItemCredits({ orderNumber, itemId, outcome });
  };

  const renderer = proxyActivities<Pick<RenderActivities, 'renderItem'>>(rendering(input));

  state = 'rendering';
  upsertSearchAttributes([{ key: OrderStatusKey, value: 'rendering' }]);
  details(`rendering ${items.size} item(s)${prepared.alreadyReady ? `, ${prepared.alreadyReady} already made` : ''}`);
  // All items are queued at once; the rendering worker's concurrency decides how many run together.
  await Promise.all(
    [...items].map(async ([itemId, item]) => {
      try {
        await renderer.renderItem({ orderNumber, itemId });
        item.state = 'ready';
        await settle(itemId, 'spend');
      } catch (err) {
        item.state = 'failed';
        item.error = failureMessage(err);
        await db.markRenderFailed({ orderNumber, itemId, error: item.error });
        await email.notifyAdminsOfRenderFailure({ orderNumber, itemId, error: item.error, key: workflowInfo().runId });
        await settle(itemId, 'release');
      }
      details(`${count('ready')} of ${items.size} made${count('failed') ? `, ${count('failed')} failed` : ''}`);
    }),
  );

  const failed = [...items].filter(([, i]) => i.state === 'failed').map(([itemId, i]) => ({ itemId, error: i.error ?? 'failed' }));
  const rendered = [...items].filter(([, i]) => i.state === 'ready').map(([itemId]) => itemId);
  if (failed.length > 0) {
    state = 'failed';
    upsertSearchAttributes([{ key: OrderStatusKey, value: 'render_failed' }]);
    details(`${failed.length} item(s) failed (admins told): ${failed.map((f) => `#${f.itemId} ${f.error}`).join('; ')}`);
    return { orderNumber, rendered, failed, filesReadyEmailSent: false };
  }

  // Every file of the order exists now (this run's and earlier ones'): tell the customer, once per order.
  state = 'notifying';
  details('all files made; emailing the customer');
  const sent = await email.sendFilesReadyEmail({ orderNumber });
  state = 'done';
  upsertSearchAttributes([{ key: OrderStatusKey, value: 'files_ready' }]);
  details(`${rendered.length} item(s) made${sent.emailId ? '; "your files are ready" sent' : `; no email (${sent.status})`}`);
  return { orderNumber, rendered, failed: [], filesReadyEmailSent: sent.emailId !== null };
}
