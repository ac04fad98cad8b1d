// The admin's side of fulfillment-<orderNumber>: the markShipped Update (whose validator gives the
// reason a shipment is refused) and the markDelivered signal.
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { fulfillmentWorkflowId, markDeliveredSignal, markShippedUpdate, type ShipmentInput } from '#workflows/messages.ts';
import { getTemporalClient } from '#server/temporal/client.server.ts';
import { logger } from '#server/log.server.ts';

export type FulfillmentAnswer = { ok: true; message: string } | { ok: false; message: string };

// The update may still be applied once a worker picks it up (a retry then answers "already marked"), so never claim nothing happened.
const UNAVAILABLE =
  'Temporal did not answer in time, so this may not be recorded yet. Reload the order in a moment: if it still shows as waiting, try again.';

export async function markShipped(orderNumber: string, input: ShipmentInput): Promise<FulfillmentAnswer> {
  const client = getTemporalClient();
  try {
    await client.withDeadline(Date.now() + 15_000, () =>
      client.workflow.getHandle(fulfillmentWorkflowId(orderNumber)).executeUpdate(markShippedUpdate, { args: [input] }),
    );
    return { ok: true, message: `Marked shipped with ${input.carrier.trim()}; the customer is being emailed the tracking.` };
  } catch (error) {
    if (error instanceof WorkflowUpdateFailedError)
      return { ok: false, message: (error.cause as Error | undefined)?.message ?? error.message };
    if (error instanceof WorkflowNotFoundError || /not found|already completed/i.test((error as Error).message)) {
      return {
        ok: false,
        message: 'This order has no fulfillment waiting for a shipment (already shipped, cancelled, or nothing to ship).',
      };
    }
    logger.error({ err: error, orderNumber }, 'markShipped failed');
    return { ok: false, message: UNAVAILABLE };
  }
}

export async function markDelivered(orderNumber: string, by: string): Promise<FulfillmentAnswer> {
  try {
    await getTemporalClient().workflow.getHandle(fulfillmentWorkflowId(orderNumber)).signal(markDeliveredSignal, { by });
    return { ok: true, message: 'Marked delivered.' };
  } catch (error) {
    if (error instanceof WorkflowNotFoundError || /not found|already completed/i.test((error as Error).message)) {
      return { ok: false, message: 'This order’s fulfillment has already finished.' };
    }
    logger.error({ err: error, orderNumber }, 'markDelivered failed');
    return { ok: false, message: UNAVAILABLE };
  }
}
