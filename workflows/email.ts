import { proxyActivities, setCurrentDetails } from '@temporalio/workflow';
import { EMAIL, withMaximumAttempts } from './activity-options';
import type { CheckoutActivities, OrderEmailTemplate } from '#worker/activities/types.ts';

// An email that has failed for days is one for a person to look at: the workflow fails visibly instead of trying forever.
const email = proxyActivities<Pick<CheckoutActivities, 'sendQueuedEmail' | 'sendOrderEmail'>>(withMaximumAttempts(EMAIL, 50));

/**
 * email-<emailId>: delivers one message the web app rendered into the outbox (sign-in links). The
 * input is the outbox id only: the token inside the message never enters Temporal's history.
 */
export async function deliverEmail({ emailId }: { emailId: number }): Promise<{ status: string }> {
  setCurrentDetails(`sending outbox email ${emailId}`);
  const result = await email.sendQueuedEmail({ emailId });
  setCurrentDetails(`email ${emailId}: ${result.status}`);
  return { status: result.status };
}

/**
 * resend-<template>-<orderNumber>-<key>: an admin's "resend" of an order email. The key comes from the
 * admin's form, so a double-submitted form is the same workflow and sends once.
 */
export async function resendOrderEmail(input: {
  orderNumber: string;
  template: OrderEmailTemplate;
  key: string;
}): Promise<{ status: string }> {
  setCurrentDetails(`resending ${input.template} for ${input.orderNumber}`);
  const result = await email.sendOrderEmail({ orderNumber: input.orderNumber, template: input.template, resendKey: input.key });
  setCurrentDetails(`resent ${input.template} for ${input.orderNumber}: ${result.status}`);
  return { status: result.status };
}
