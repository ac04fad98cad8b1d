// The admin's side of the print part of fulfillment-<orderNumber>: the resubmitPrints Update (whose validator gives the
// reason a resubmission is refused) and the cancelFulfillment signal that cancels at the provider.
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import type { FulfillmentAnswer } from '#server/fulfillment/fulfillment.server.ts';
import { logger } from '#server/log.server.ts';
import { getTemporalClient } from '#server/temporal/client.server.ts';
import { cancelFulfillmentSignal, fulfillmentWorkflowId } from '#workflows/messages.ts';
import { resubmitPrintsUpdate, type ResubmitPrints } from '#workflows/print-messages.ts';

// The update may still be applied once a worker picks it up (a retry then answers "already under way"), so never claim nothing happened.
const UNAVAILABLE =
  'Temporal did not answer in time, so this may not be recorded yet. Reload the order in a moment: if the print order still needs attention, try again.';

const notFound = (error: unknown) =>
  error instanceof WorkflowNotFoundError || /not found|already completed/i.test((error as Error).message);

/** Sends the print order to the provider again, to the corrected address, as the next attempt. */
export async function resubmitPrints(orderNumber: string, input: ResubmitPrints): Promise<FulfillmentAnswer> {
  const client = getTemporalClient();
  try {
    const { attempt } = await client.withDeadline(Date.now() + 15_000, () =>
      client.workflow.getHandle(fulfillmentWorkflowId(orderNumber)).executeUpdate(resubmitPrintsUpdate, { args: [input] }),
    );
    return {
      ok: true,
      message: `Resubmitting as print order ${attempt} to ${input.address.addressLine1}, ${input.address.city}: the print files are checked and the order sent to the provider.`,
    };
  } catch (error) {
    if (error instanceof WorkflowUpdateFailedError)
      return { ok: false, message: (error.cause as Error | undefined)?.message ?? error.message };
    if (notFound(error))
      return {
        ok: false,
        message: 'This order has no fulfillment waiting for a corrected address (finished, cancelled, or never started).',
      };
    logger.error({ err: error, orderNumber }, 'resubmitPrints failed');
    return { ok: false, message: UNAVAILABLE };
  }
}

/**
 * Cancels the order's fulfillment, which cancels the print order at the provider while nothing is printed yet (the
 * timeline then says whether the provider agreed, and any cancellation fee).
 */
export async function cancelPrints(orderNumber: string, { reason, by }: { reason: string; by: string }): Promise<FulfillmentAnswer> {
  try {
    await getTemporalClient()
      .workflow.getHandle(fulfillmentWorkflowId(orderNumber))
      .signal(cancelFulfillmentSignal, { reason: `cancelled by ${by}: ${reason}` });
    return {
      ok: true,
      message:
        'Cancellation sent: the print order is cancelled at the provider unless it is already in production. The timeline shows the answer.',
    };
  } catch (error) {
    if (notFound(error)) return { ok: false, message: 'This order’s fulfillment has already finished: there is nothing to cancel.' };
    logger.error({ err: error, orderNumber }, 'cancelPrints failed');
    return { ok: false, message: UNAVAILABLE };
  }
}
