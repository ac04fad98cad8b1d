// A paid order's paperwork and messages, as one step of the checkout workflow after its bookkeeping: the VAT per line
// recorded and the invoice issued (a step that cannot succeed goes on the order's timeline and the order goes on
// without it), then the confirmation that links the invoice, then the campaigns (welcome, post-purchase), which never
// hold up an order. Every part is idempotent (the invoice by order, the email by its outbox key, the enrolment by
// workflow id), so the step may run again after a failure. See docs/decisions/062-one-step-after-payment.md.
import { enrolAfterPurchase } from '#server/campaigns/enrol-after-purchase.server.ts';
import type { ServerDeps } from '#server/deps.server.ts';
import { sendOrderEmail } from '#server/emails/order-emails.server.ts';
import { PermanentError } from '#server/errors.server.ts';
import { noteInvoiceFailure } from '#server/invoices/invoice-failures.server.ts';
import { issueInvoice } from '#server/invoices/issue-invoice.server.ts';
import { logger } from '#server/log.server.ts';
import { recordOrderTaxes } from '#server/payments/record-order-taxes.server.ts';

export interface ConfirmedOrder {
  /** Steps that cannot succeed, now on the order's timeline. */
  failed: string[];
  email: string;
  enrolled: string[];
}

/** A VAT or invoice step: one that cannot succeed is on the timeline (noteInvoiceFailure) and the rest goes on. */
async function paperwork(deps: ServerDeps, orderNumber: string, step: string, run: () => Promise<unknown>): Promise<boolean> {
  try {
    await noteInvoiceFailure(deps.orm, step, { orderNumber }, run);
    return true;
  } catch (err) {
    if (!(err instanceof PermanentError)) throw err;
    logger.error({ err, orderNumber }, `${step} failed for good`);
    return false;
  }
}

export async function confirmPaidOrder(deps: ServerDeps, { orderNumber }: { orderNumber: string }): Promise<ConfirmedOrder> {
  const failed: string[] = [];
  if (!(await paperwork(deps, orderNumber, 'Recording the VAT per line', () => recordOrderTaxes(deps, { orderNumber }))))
    failed.push('Recording the VAT per line');
  if (!(await paperwork(deps, orderNumber, 'Issuing the invoice', () => issueInvoice(deps, { orderNumber }))))
    failed.push('Issuing the invoice');
  const sent = await sendOrderEmail(deps, { orderNumber, template: 'order-confirmation' });
  let enrolled: string[] = [];
  try {
    ({ enrolled } = await enrolAfterPurchase(deps, { orderNumber }));
  } catch (err) {
    logger.warn({ err, orderNumber }, 'campaign enrolment failed');
  }
  return { failed, email: sent.status, enrolled };
}
