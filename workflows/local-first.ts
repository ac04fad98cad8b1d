// A step that talks to another service (Stripe, the email provider) tried first as a local activity — in the workflow
// task that needs it, no activity task, no extra workflow task — and, when that short try fails, run as an ordinary
// activity with its own retry policy, whose attempts Temporal reports (the admin's "Waiting" list shows them). Every
// such step is idempotent (Stripe idempotency keys, outbox keys), so the second way may repeat what the first half did.
// See docs/decisions/062-one-step-after-payment.md.
import { ActivityFailure, ApplicationFailure, isCancellation, type LocalActivityOptions } from '@temporalio/workflow';

/** The local try: a short limit and two attempts, so a provider that is away hands over to the ordinary activity quickly. */
export const LOCAL_TRY = {
  startToCloseTimeout: '15 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumAttempts: 2 },
} as const satisfies LocalActivityOptions;

/** `local()` first; on a failure retrying may fix, `scheduled()`. A non-retryable failure or a cancellation is final. */
export async function localFirst<T>(local: () => Promise<T>, scheduled: () => Promise<T>): Promise<T> {
  try {
    return await local();
  } catch (err) {
    if (isCancellation(err)) throw err;
    const cause = err instanceof ActivityFailure ? err.cause : err;
    if (cause instanceof ApplicationFailure && cause.nonRetryable) throw err;
    return await scheduled();
  }
}
