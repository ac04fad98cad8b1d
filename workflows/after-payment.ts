// What follows a checkout's payment: the order joins its customer, its follow-on work starts (fulfillment, print
// files, points), its VAT and invoice are recorded, the customer is told, the campaigns start. Part of the checkout
// workflow (checkout-<orderNumber>), in the order it has always run, each later step behind its own patch.
import {
  log,
  ParentClosePolicy,
  patched,
  proxyActivities,
  proxyLocalActivities,
  startChild,
  upsertSearchAttributes,
  workflowInfo,
  type ActivityInterfaceFor,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy } from '@temporalio/common';
import type { CampaignActivities } from '#worker/activities/campaign-types.ts';
import type { CreditsActivities } from '#worker/activities/points-types.ts';
import type { CheckoutActivities, PaidOrderSummary } from '#worker/activities/types.ts';
import { DATABASE, EMAIL } from './activity-options';
import { LOCAL_TRY, localFirst } from './local-first';
import { customerEmailAttributes } from './customer-email-search';
import { fulfillment } from './fulfillment';
import { orderPoints } from './loyalty-points';
import { OrderNumberKey, OrderStatusKey, TASK_QUEUES, fulfillmentWorkflowId } from './messages';
import { orderPointsWorkflowId } from './points-messages';
import { render } from './render';
import { renderWorkflowId } from './render-messages';

const email = proxyActivities<Pick<CheckoutActivities, 'sendOrderEmail'>>(EMAIL);
const invoicing = proxyActivities<Pick<CheckoutActivities, 'recordOrderTaxes' | 'issueInvoice'>>(DATABASE);
const credits = proxyActivities<Pick<CreditsActivities, 'grantPurchasedCredits'>>(DATABASE);
const settle = proxyLocalActivities<Pick<CheckoutActivities, 'settlePaidOrder'>>(DATABASE);
type Confirm = Pick<CheckoutActivities, 'confirmPaidOrder'>;
const confirmHere = proxyLocalActivities<Confirm>(LOCAL_TRY);
const confirmLater = proxyActivities<Confirm>(EMAIL);

type Steps<T> = ActivityInterfaceFor<T>;

export interface AfterPayment {
  orderNumber: string;
  paid: PaidOrderSummary;
  /** The checkout runs its database steps as local activities (patch 'checkout-local-activities'). */
  local: boolean;
  dbSteps: Steps<Pick<CheckoutActivities, 'linkOrderToCustomer'>>;
  campaignSteps: Steps<Pick<CampaignActivities, 'enrolAfterPurchase'>>;
  setState: (details: string) => void;
}

export async function afterPayment(steps: AfterPayment): Promise<void> {
  // Two steps instead of one per task (docs/decisions/062-one-step-after-payment.md); checkouts paid before replay as they ran.
  if (steps.local && patched('paid-order-in-two-steps')) return afterPaymentInTwoSteps(steps);
  const { orderNumber, paid, local, dbSteps, campaignSteps, setState } = steps;
  const paidEmail = customerEmailAttributes(paid);
  // With local activities (same patch), one upsert — one visibility write at the server — instead of two.
  if (local) upsertSearchAttributes([...paidEmail, { key: OrderStatusKey, value: 'paid' }]);
  else {
    if (paidEmail.length) upsertSearchAttributes(paidEmail);
    upsertSearchAttributes([{ key: OrderStatusKey, value: 'paid' }]);
  }
  // A guest's paid order joins the account with its email (created when missing; see
  // docs/decisions/022-guest-orders-join-the-account.md). Checkouts that were already past this point replay without it.
  if (patched('link-order-to-customer')) {
    setState('paid; linking the order to the customer account');
    await dbSteps.linkOrderToCustomer({ orderNumber });
  }
  // Credit packs: their credits go to the customer's account, once it holds the order.
  if (paid.grantsCredits && patched('credit-packs')) {
    setState('paid; granting the print credits bought');
    await credits.grantPurchasedCredits({ orderNumber });
  }
  // Physical items go to fulfillment-<orderNumber>, a child that outlives this workflow (docs/decisions/031-follow-on-work-in-child-workflows.md).
  if (paid.hasPhysical && patched('start-fulfillment')) {
    setState('paid; starting fulfillment');
    await startChild(fulfillment, {
      workflowId: fulfillmentWorkflowId(orderNumber),
      args: [{ orderNumber }],
      parentClosePolicy: ParentClosePolicy.ABANDON,
      // A second start (e.g. after a reset) finds the running one and leaves it be.
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      typedSearchAttributes: [{ key: OrderNumberKey, value: orderNumber }, { key: OrderStatusKey, value: 'to_ship' }, ...paidEmail],
      staticSummary: `Fulfillment of order ${orderNumber}`,
    }).catch((err: unknown) => {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    });
  }
  // Digital items go to render-<orderNumber> on the `rendering` queue, a child that outlives this workflow.
  if (paid.hasDigital && patched('start-render')) {
    setState('paid; starting the render of the print files');
    await startChild(render, {
      workflowId: renderWorkflowId(orderNumber),
      taskQueue: TASK_QUEUES.rendering,
      args: [{ orderNumber }],
      parentClosePolicy: ParentClosePolicy.ABANDON,
      // A second start (e.g. after a reset) finds the first render, running or done, and leaves it be.
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      typedSearchAttributes: [{ key: OrderNumberKey, value: orderNumber }, { key: OrderStatusKey, value: 'rendering' }, ...paidEmail],
      staticSummary: `Print files of order ${orderNumber}`,
    }).catch((err: unknown) => {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    });
  }
  // The order's points, pending until its refund window passes, in points-<orderNumber>: a child that outlives this
  // workflow (its timers run for a year). Checkouts past this point replay without it.
  if (patched('loyalty-points')) {
    setState('paid; starting the points of the order');
    await startChild(orderPoints, {
      workflowId: orderPointsWorkflowId(orderNumber),
      args: [{ orderNumber }],
      parentClosePolicy: ParentClosePolicy.ABANDON,
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      typedSearchAttributes: [{ key: OrderNumberKey, value: orderNumber }, ...paidEmail],
      staticSummary: `Loyalty points of order ${orderNumber}`,
    }).catch((err: unknown) => {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    });
  }
  // The VAT per line as the payment page worked it out, then the invoice, before the confirmation that links it
  // (docs/decisions/058-invoices-gapless-numbering.md). Either retries while it can succeed; one that cannot (a
  // non-retryable failure) is on the order's timeline and the order goes on without it. Checkouts past this point
  // replay without it.
  if (patched('tax-and-invoice')) {
    setState('paid; recording VAT and issuing the invoice');
    await invoicing.recordOrderTaxes({ orderNumber }).catch((err: unknown) => {
      log.error('VAT per line not recorded', { orderNumber, error: String(err) });
    });
    await invoicing.issueInvoice({ orderNumber }).catch((err: unknown) => {
      log.error('invoice not issued', { orderNumber, error: String(err) });
    });
  }
  setState('paid; sending the confirmation');
  await email.sendOrderEmail({ orderNumber, template: 'order-confirmation' });
  if (patched('enrol-campaigns')) {
    // The welcome series (first order) and post-purchase campaign start; a running cart reminder ends.
    // Marketing never holds up an order: after its retries the checkout completes without it.
    await campaignSteps.enrolAfterPurchase({ orderNumber }).catch((err: unknown) => {
      log.warn('campaign enrolment failed', { orderNumber, error: String(err) });
    });
  }
}

/**
 * The shop's bookkeeping as one local step (the customer link, bought credits, the follow-on workflows started by id),
 * the paid status in one upsert, then the paperwork and messages as one step tried locally first (VAT, invoice,
 * confirmation, campaigns — server/orders/confirm-paid-order.server.ts). The markOrderPaid before it and both steps
 * usually complete in the workflow task the payment's signal woke.
 */
async function afterPaymentInTwoSteps({ orderNumber, paid, setState }: AfterPayment): Promise<void> {
  setState('paid; linking the order to its customer and starting its follow-on work');
  await settle.settlePaidOrder({
    orderNumber,
    emailSearch: paid.emailSearch ?? null,
    hasPhysical: paid.hasPhysical ?? false,
    hasDigital: paid.hasDigital ?? false,
    grantsCredits: paid.grantsCredits ?? false,
    taskQueue: workflowInfo().taskQueue,
  });
  upsertSearchAttributes([...customerEmailAttributes(paid), { key: OrderStatusKey, value: 'paid' }]);
  setState('paid; recording VAT, issuing the invoice, sending the confirmation');
  const confirmed = await localFirst(
    () => confirmHere.confirmPaidOrder({ orderNumber }),
    () => confirmLater.confirmPaidOrder({ orderNumber }),
  );
  for (const step of confirmed.failed) log.error(`${step} failed; the order goes on without it`, { orderNumber });
}
