// The print provider's part of a fulfillment: print files made, the order submitted (once per attempt), followed by
// webhook hints and a polling timer until delivered; a refused or failed order waits for an admin's corrected address
// (or a refund); a cancellation before production cancels at the provider.
import {
  condition,
  patched,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  upsertSearchAttributes,
  ActivityFailure,
} from '@temporalio/workflow';
import type { ProviderAddress } from '#core/print-provider.ts';
import { providerAddressProblem } from '#core/provider-address.ts';
import type {
  FulfilmentPlan,
  PrintFileActivities,
  PrintOrderState,
  PrintProviderActivities,
} from '#worker/activities/print-provider-types.ts';
import type { CheckoutActivities } from '#worker/activities/types.ts';
import { DATABASE, EMAIL, PRINT_PROVIDER, rendering } from './activity-options';
import { OrderStatusKey, TASK_QUEUES } from './messages';
import {
  printOrderHintSignal,
  printPartQuery,
  resubmitPrintsUpdate,
  type PrintPartOutcome,
  type PrintPartState,
  type ResubmitPrints,
} from './print-messages';

const provider =
  proxyActivities<Pick<PrintProviderActivities, 'submitPrintOrder' | 'refreshPrintOrder' | 'cancelPrintOrder'>>(PRINT_PROVIDER);
const files = proxyActivities<PrintFileActivities>({ ...rendering({}), taskQueue: TASK_QUEUES.rendering });
const db = proxyActivities<Pick<CheckoutActivities, 'recordFulfillmentEvent'>>(DATABASE);
const email = proxyActivities<Pick<CheckoutActivities, 'sendOrderEmail'>>(EMAIL);

export interface PrintPartInput {
  orderNumber: string;
  plan: FulfilmentPlan;
  deliveryDays: number;
  /** Why the fulfillment is being cancelled (a full refund, an admin), or null. */
  cancelReason: () => string | null;
}

const message = (err: unknown) =>
  err instanceof ActivityFailure && err.cause ? err.cause.message : err instanceof Error ? err.message : String(err);

export async function printPart({ orderNumber, plan, deliveryDays, cancelReason }: PrintPartInput): Promise<PrintPartOutcome> {
  let state: PrintPartState = 'making_files';
  let attempt = 0;
  let current: PrintOrderState | null = null;
  let failureReason: string | null = null;
  let hints = 0;
  let resubmit: ResubmitPrints | null = null;
  let emailed = false;
  let cancelTried = false;

  const details = (text: string) => setCurrentDetails(`**prints ${state.replace('_', ' ')}** — ${text}`);
  setHandler(printOrderHintSignal, () => void hints++);
  setHandler(printPartQuery, () => ({
    state,
    attempt,
    reference: current?.reference ?? null,
    status: current?.status ?? null,
    failureReason,
  }));
  setHandler(
    resubmitPrintsUpdate,
    (input) => {
      resubmit = input;
      return { attempt: attempt + 1 };
    },
    {
      validator: (input) => {
        if (state !== 'needs_attention') throw new Error('The print order has not failed: there is nothing to resubmit');
        if (resubmit) throw new Error('A resubmission is already under way');
        const problem = providerAddressProblem(input.address);
        if (problem) throw new Error(problem);
      },
    },
  );

  let address: ProviderAddress | null = null;
  for (;;) {
    attempt += 1;
    failureReason = null;
    try {
      state = 'making_files';
      details(`making the print files of ${plan.providerItems.length} line(s)`);
      await Promise.all(plan.providerItems.map((i) => files.preparePrintFile({ orderNumber, itemId: i.itemId })));
      state = 'submitting';
      details(`sending print order ${attempt} to the provider (retried while it is away)`);
      const hintsBeforeSubmit = hints;
      current = await provider.submitPrintOrder({ orderNumber, attempt, address });
      const outcome = await follow(hintsBeforeSubmit);
      if (outcome) return outcome;
    } catch (err) {
      // Only what retrying cannot fix gets here (a design that does not render, an order without an address).
      const step = state === 'making_files' ? 'The print files could not be made' : 'The print order could not be sent';
      failureReason = `${step}: ${message(err)}`;
      await db.recordFulfillmentEvent({ orderNumber, type: `print_failed_${attempt}`, message: failureReason });
    }
    // Refused, failed at the provider, or no print file: an admin corrects the address and resubmits, or refunds.
    failureReason ??= current?.failureReason ?? 'The provider failed the order';
    state = 'needs_attention';
    upsertSearchAttributes([{ key: OrderStatusKey, value: 'needs_attention' }]);
    details(`${failureReason} — waiting for an admin to correct the address and resubmit, or to refund`);
    await condition(() => resubmit !== null || cancelReason() !== null);
    const again = resubmit as ResubmitPrints | null;
    if (!again) {
      await db.recordFulfillmentEvent({
        orderNumber,
        type: 'print_cancelled',
        message: `Print order cancelled while it needed attention (nothing at the provider to cancel): ${cancelReason()}`,
      });
      state = 'cancelled';
      details(`cancelled while it needed attention: ${cancelReason()}`);
      return 'cancelled';
    }
    address = again.address;
    await db.recordFulfillmentEvent({
      orderNumber,
      type: `print_resubmitted_${attempt + 1}`,
      message: `Print order resubmitted${again.by ? ` by ${again.by}` : ''} to ${again.address.addressLine1}, ${again.address.city}: ${again.reason}`,
    });
    resubmit = null;
  }

  /**
   * Follows the submitted order until it ends: the outcome, or null when it failed (needs attention).
   * A webhook hint that came while the submission was retried (a worker lost mid-submit) may be newer than the state
   * the submission returned, so it wakes the first wait; follows started before 'print-hints-during-submit' drop it.
   */
  async function follow(hintsBeforeSubmit: number): Promise<PrintPartOutcome | null> {
    let shippedAt: number | null = null;
    let seen = patched('print-hints-during-submit') ? hintsBeforeSubmit : hints;
    for (;;) {
      const now: PrintOrderState = current!;
      if (now.status === 'failed') return null;
      if (now.status === 'cancelled') {
        state = 'cancelled';
        details(`cancelled at the provider (${now.reference})`);
        return 'cancelled';
      }
      if ((now.status === 'shipped' || now.status === 'delivered') && !emailed && now.hasTracking) {
        state = 'shipped';
        upsertSearchAttributes([{ key: OrderStatusKey, value: 'shipped' }]);
        details(`shipped (${now.reference}); emailing the customer the tracking`);
        await email.sendOrderEmail({ orderNumber, template: 'order-shipped', printOrderId: now.rowId });
        emailed = true;
      }
      if (now.status === 'delivered') {
        state = 'delivered';
        details(`delivered (${now.reference})`);
        return 'delivered';
      }
      if (now.status === 'shipped') shippedAt ??= Date.now();
      const reason = cancelReason();
      if (reason !== null && !cancelTried) {
        cancelTried = true;
        details(`cancelling at the provider: ${reason}`);
        current = await provider.cancelPrintOrder({ rowId: now.rowId, reason });
        continue;
      }
      const pollMs = plan.pollSeconds * 1000;
      const untilAssumed = shippedAt === null ? Infinity : shippedAt + deliveryDays * 86_400_000 - Date.now();
      if (untilAssumed <= 0) {
        state = 'delivered';
        details(`assumed delivered ${deliveryDays} days after shipping (${now.reference})`);
        return 'assumed';
      }
      if (now.status !== 'shipped') state = 'at_provider';
      details(`${now.reference} is ${now.status.replace('_', ' ')}; waiting for a webhook (or asking after ${plan.pollSeconds} s)`);
      await condition(() => hints > seen || (cancelReason() !== null && !cancelTried), Math.min(pollMs, untilAssumed));
      seen = hints;
      current = await provider.refreshPrintOrder({ rowId: now.rowId });
    }
  }
}
