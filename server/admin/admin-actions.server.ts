// Admin actions with side effects: each goes through a workflow, with an id derived from the form so
// a double submit reaches the same workflow.
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { OrderEmailTemplate } from '#server/emails/order-emails.server.ts';
import { OrderNumberKey, TASK_QUEUES, resendWorkflowId } from '#workflows/messages.ts';
import { db } from '#server/db.server.ts';
import { isLiveOrderStatus } from '#core/order-display.ts';
import type { ResendableEmail } from '#core/schemas/admin-order.ts';
import { getTemporalClient } from '#server/temporal/client.server.ts';
import { logger } from '#server/log.server.ts';

/** What a resend may depend on besides the order's status. */
export interface ResendContext {
  /** Every digital item's files are made (the files-ready email then says something true). */
  filesReady: boolean;
}

export const RESENDABLE: Record<
  ResendableEmail,
  { template: OrderEmailTemplate; label: string; when: (status: string, ctx: ResendContext) => boolean }
> = {
  'order-confirmation': { template: 'order-confirmation', label: 'Order confirmation', when: (s) => s !== 'pending' && s !== 'cancelled' },
  'order-cancelled': { template: 'order-cancelled', label: 'Order not completed', when: (s) => s === 'cancelled' },
  'files-ready': { template: 'files-ready', label: 'Your files are ready', when: (s, c) => isLiveOrderStatus(s) && c.filesReady },
};

/** How many emails the order has had: the key of the next resend form (a double submit repeats it). */
export async function emailCount(orderNumber: string): Promise<number> {
  const rows = await (
    await db()
  )
    .getConnection()
    .execute<Array<{ n: string }>>('select count(*) as n from emails where order_number = ?', [orderNumber]);
  return Number(rows[0]?.n ?? 0);
}

export async function resendOrderEmail(
  order: { orderNumber: string; status: string },
  which: ResendableEmail,
  key: string,
  ctx: ResendContext,
): Promise<{ ok: boolean; message: string }> {
  const kind = RESENDABLE[which];
  if (which === 'files-ready' && isLiveOrderStatus(order.status) && !ctx.filesReady)
    return { ok: false, message: 'The files are not all made yet; the email goes by itself when they are' };
  if (!kind.when(order.status, ctx))
    return { ok: false, message: `The ${kind.label.toLowerCase()} email does not apply to a ${order.status.replace('_', ' ')} order` };
  if (!/^\d{1,6}$/.test(key)) return { ok: false, message: 'The form is out of date; reload the page' };
  try {
    await getTemporalClient().workflow.start('resendOrderEmail', {
      workflowId: resendWorkflowId(kind.template, order.orderNumber, key),
      taskQueue: TASK_QUEUES.commerce,
      args: [{ orderNumber: order.orderNumber, template: kind.template, key }],
      typedSearchAttributes: [{ key: OrderNumberKey, value: order.orderNumber }],
      staticSummary: `Resend ${kind.label.toLowerCase()} for ${order.orderNumber}`,
    });
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError) return { ok: true, message: `${kind.label} is already being resent.` };
    logger.error({ err: error, orderNumber: order.orderNumber }, 'resend failed to start');
    return { ok: false, message: 'Temporal did not answer; nothing was sent. Try again in a moment.' };
  }
  return { ok: true, message: `${kind.label} email queued; it appears in the order's emails within seconds.` };
}
