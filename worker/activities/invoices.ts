// VAT and invoices: the payment page's tax recorded per line, the invoice of a paid order, the credit note of a refund;
// and the two steps after payment that run them (with the customer link, follow-on workflows, confirmation, campaigns).
// A step that cannot succeed is put on the order's timeline (server/invoices/invoice-failures.server.ts).
import type { ServerDeps } from '#server/deps.server.ts';
import { noteInvoiceFailure } from '#server/invoices/invoice-failures.server.ts';
import { issueCreditNote } from '#server/invoices/issue-credit-note.server.ts';
import { issueInvoice } from '#server/invoices/issue-invoice.server.ts';
import { recordOrderTaxes } from '#server/payments/record-order-taxes.server.ts';
import { confirmPaidOrder } from '#server/orders/confirm-paid-order.server.ts';
import { settlePaidOrder } from '#server/orders/settle-paid-order.server.ts';
import { activitiesOf } from './adapt.ts';
import type { CheckoutActivities } from './types.ts';

export function createInvoiceActivities(
  deps: ServerDeps,
): Pick<CheckoutActivities, 'recordOrderTaxes' | 'issueInvoice' | 'issueCreditNote' | 'settlePaidOrder' | 'confirmPaidOrder'> {
  return activitiesOf(deps, {
    settlePaidOrder,
    confirmPaidOrder,
    recordOrderTaxes: (d: ServerDeps, input: { orderNumber: string }) =>
      noteInvoiceFailure(d.orm, 'Recording the VAT per line', input, () => recordOrderTaxes(d, input)),
    issueInvoice: (d: ServerDeps, input: { orderNumber: string }) =>
      noteInvoiceFailure(d.orm, 'Issuing the invoice', input, () => issueInvoice(d, input)),
    issueCreditNote: (d: ServerDeps, input: { refundId: number }) =>
      noteInvoiceFailure(d.orm, 'Issuing the credit note', input, () => issueCreditNote(d, input)),
  });
}
