import { proxyActivities, setCurrentDetails } from '@temporalio/workflow';
import type { CheckoutActivities } from '#worker/activities/types.ts';

const email = proxyActivities<Pick<CheckoutActivities, 'sendQueuedEmail'>>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes', maximumAttempts: 50 },
});

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
