// The admin order page's actions, one per form: each parses its form with the form's schema (the same
// one the browser checks with), hands the work to server/ or a workflow, and answers for that form only.
import { parseWithZod } from '@conform-to/zod/v4';
import { ORDER_INTENTS } from '#app/components/admin/order/order-intents.ts';
import { addOrderNote, loadOrderOr404, orderItemIdsOr404 } from '#app/utils/admin-records.server.ts';
import { done, invalidInput, refused } from '#app/utils/form-answer.server.ts';
import type { CurrentUser } from '#app/utils/session.server.ts';
import { buttonFormSchema } from '#core/schemas/button-form.ts';
import { invoiceCorrectionSchema } from '#core/schemas/invoice-correction.ts';
import { cancelPrintsSchema, resubmitPrintsSchema } from '#core/schemas/print-order.ts';
import { orderNoteSchema, refundSchema, rerenderSchema, resendEmailSchema, restartRefundSchema } from '#core/schemas/admin-order.ts';
import { shipmentSchema } from '#core/schemas/shipment.ts';
import { resendOrderEmail } from '#server/admin/admin-actions.server.ts';
import { db, getOrm } from '#server/db.server.ts';
import { allFilesReady, listDownloadsForOrder, regenerateLinks, requestRerender } from '#server/downloads/downloads.server.ts';
import { getEnv } from '#server/env.server.ts';
import { markDelivered, markShipped } from '#server/fulfillment/fulfillment.server.ts';
import { correctInvoice } from '#server/invoices/correct-invoice.server.ts';
import { logger } from '#server/log.server.ts';
import { cancelPrints, resubmitPrints } from '#server/print-provider/print-actions.server.ts';
import { requestRefund, startRefundWorkflow } from '#server/refunds/refunds.server.ts';
import { getTemporalClient } from '#server/temporal/client.server.ts';

export interface OrderActionArgs {
  admin: CurrentUser;
  form: FormData;
  orderNumber: string;
}

const TEMPORAL_DOWN = 'Temporal did not answer; nothing was started. Try again in a moment.';

export async function addNoteAction({ admin, form, orderNumber }: OrderActionArgs) {
  const intent = ORDER_INTENTS.note;
  const submission = parseWithZod(form, { schema: orderNoteSchema });
  if (submission.status !== 'success') return invalidInput(intent, submission);
  await addOrderNote(orderNumber, admin, submission.value.note, submission.value.key ?? '');
  return done(intent, submission, 'Note added', { resetForm: true });
}

export async function refundAction({ admin, form, orderNumber }: OrderActionArgs) {
  const intent = ORDER_INTENTS.refund;
  const submission = parseWithZod(form, { schema: refundSchema(await orderItemIdsOr404(orderNumber)) });
  if (submission.status !== 'success') return invalidInput(intent, submission);
  // What is left to refund is checked under the order's row lock: "too much" lands on the amount (or the form).
  const r = await requestRefund(await db(), orderNumber, admin, submission.value);
  if (!r.ok) return refused(intent, submission, r);
  return done(intent, submission, r.message, { resetForm: true });
}

export async function restartRefundAction({ form, orderNumber }: OrderActionArgs) {
  const intent = ORDER_INTENTS.restartRefund;
  const submission = parseWithZod(form, { schema: restartRefundSchema });
  if (submission.status !== 'success') return invalidInput(intent, submission);
  try {
    await startRefundWorkflow(submission.value.refundId, orderNumber);
  } catch {
    return refused(intent, submission, { message: 'Temporal did not answer; try again in a moment.' }, 503);
  }
  return done(intent, submission, 'Refund started again.');
}

export async function shipAction({ admin, form, orderNumber }: OrderActionArgs) {
  const intent = ORDER_INTENTS.ship;
  const submission = parseWithZod(form, { schema: shipmentSchema });
  if (submission.status !== 'success') return invalidInput(intent, submission);
  // The workflow's validator checks the same schema; what it refuses besides (already shipped, cancelled) is the form's.
  const r = await markShipped(orderNumber, { ...submission.value, by: admin.email });
  if (!r.ok) return refused(intent, submission, r);
  return done(intent, submission, r.message);
}

export async function markDeliveredAction({ admin, form, orderNumber }: OrderActionArgs) {
  const intent = ORDER_INTENTS.delivered;
  const submission = parseWithZod(form, { schema: buttonFormSchema });
  if (submission.status !== 'success') return invalidInput(intent, submission);
  const r = await markDelivered(orderNumber, admin.email);
  if (!r.ok) return refused(intent, submission, r);
  return done(intent, submission, r.message);
}

export async function resendEmailAction({ form, orderNumber }: OrderActionArgs) {
  const intent = ORDER_INTENTS.resend;
  const submission = parseWithZod(form, { schema: resendEmailSchema });
  if (submission.status !== 'success') return invalidInput(intent, submission);
  const { em, order } = await loadOrderOr404(orderNumber);
  const digital = order.items.getItems().filter((i) => i.format !== 'physical').length;
  const downloads = await listDownloadsForOrder(em, order.id, { secret: getEnv().SESSION_SECRET });
  const { email, key = '' } = submission.value;
  const r = await resendOrderEmail(order, email, key, { filesReady: allFilesReady(downloads, digital) });
  // A refusal says why this email does not apply to the order: it is about the email chosen.
  if (!r.ok) return refused(intent, submission, { field: 'email', message: r.message });
  return done(intent, submission, r.message);
}

export async function rerenderAction({ admin, form, orderNumber }: OrderActionArgs) {
  const intent = ORDER_INTENTS.rerender;
  const submission = parseWithZod(form, { schema: rerenderSchema });
  if (submission.status !== 'success') return invalidInput(intent, submission);
  try {
    const r = await requestRerender(getTemporalClient(), await db(), {
      orderNumber,
      itemIds: submission.value.itemIds,
      requestedBy: admin.email,
    });
    if (!r.ok) return refused(intent, submission, { message: r.reason }, 409);
    return done(intent, submission, `Re-render started (${r.workflowId}); the progress shows below.`, { resetForm: true });
  } catch (error) {
    logger.error({ err: error, orderNumber }, 're-render failed to start');
    return refused(intent, submission, { message: TEMPORAL_DOWN }, 503);
  }
}

export async function regenerateLinksAction({ form, orderNumber }: OrderActionArgs) {
  const intent = ORDER_INTENTS.regenerateLinks;
  const submission = parseWithZod(form, { schema: buttonFormSchema });
  if (submission.status !== 'success') return invalidInput(intent, submission);
  const n = await regenerateLinks(await db(), orderNumber);
  return done(
    intent,
    submission,
    n ? `New links made for ${n} file${n === 1 ? '' : 's'}; every older link now refuses.` : 'This order has no files.',
  );
}

export async function correctInvoiceAction({ admin, form, orderNumber }: OrderActionArgs) {
  const intent = ORDER_INTENTS.correctInvoice;
  const submission = parseWithZod(form, { schema: invoiceCorrectionSchema });
  if (submission.status !== 'success') return invalidInput(intent, submission);
  // Refunds, no invoice, or the same buyer: checked under the order's row lock, answered for the whole form.
  const r = await correctInvoice(
    { orm: await getOrm(), env: getEnv() },
    { orderNumber, ...submission.value, adminId: admin.id, adminEmail: admin.email },
  );
  if (!r.ok) return refused(intent, submission, r, 409);
  return done(intent, submission, r.message);
}

export async function resubmitPrintsAction({ admin, form, orderNumber }: OrderActionArgs) {
  const intent = ORDER_INTENTS.resubmitPrints;
  const submission = parseWithZod(form, { schema: resubmitPrintsSchema });
  if (submission.status !== 'success') return invalidInput(intent, submission);
  // The workflow's validator checks the same address schema; what it refuses besides (not failed, already resubmitted) is the form's.
  const { reason, ...address } = submission.value;
  const r = await resubmitPrints(orderNumber, { address, reason, by: admin.email });
  if (!r.ok) return refused(intent, submission, r);
  return done(intent, submission, r.message);
}

export async function cancelPrintsAction({ admin, form, orderNumber }: OrderActionArgs) {
  const intent = ORDER_INTENTS.cancelPrints;
  const submission = parseWithZod(form, { schema: cancelPrintsSchema });
  if (submission.status !== 'success') return invalidInput(intent, submission);
  const r = await cancelPrints(orderNumber, { reason: submission.value.reason, by: admin.email });
  if (!r.ok) return refused(intent, submission, r);
  return done(intent, submission, r.message, { resetForm: true });
}
