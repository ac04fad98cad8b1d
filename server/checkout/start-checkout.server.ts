// Starting a checkout: one order number per cart content, one workflow per order number.
import type { EntityManager } from '@mikro-orm/postgresql';
import { WithStartWorkflowOperation, WorkflowUpdateFailedError } from '@temporalio/client';
import type { Cart } from '#db/entities/cart.ts';
import type { checkout } from '#workflows/checkout.ts';
import { OrderNumberKey, OrderStatusKey, TASK_QUEUES, checkoutWorkflowId, startCheckoutUpdate } from '#workflows/messages.ts';
import { customerEmailAttributes } from '#server/temporal/customer-email-search.server.ts';
import { getEnv } from '#server/env.server.ts';
import { getTemporalClient } from '#server/temporal/client.server.ts';
import { claimOrderNumber, releaseOrderNumber } from './order-number-claim.server.ts';
import { logger } from '#server/log.server.ts';

const CHECKOUT_UPDATE_DEADLINE_MS = 15_000;

export type StartCheckoutOutcome =
  { ok: true; orderNumber: string; checkoutUrl: string } | { ok: false; reason: string; retryable: boolean };

export async function startCheckout(em: EntityManager, cart: Cart): Promise<StartCheckoutOutcome> {
  if (cart.items.length === 0) return { ok: false, reason: 'Your cart is empty.', retryable: false };
  const client = getTemporalClient();
  // A second pass only when the first found a checkout that had already ended (expired, paid elsewhere).
  for (let attempt = 0; attempt < 2; attempt++) {
    const orderNumber = await claimOrderNumber(em, cart.id, getEnv().ORDER_PREFIX);
    const email = cart.user?.email ?? cart.email ?? null;
    const startOp = new WithStartWorkflowOperation<typeof checkout>('checkout', {
      workflowId: checkoutWorkflowId(orderNumber),
      taskQueue: TASK_QUEUES.commerce,
      args: [
        {
          orderNumber,
          cartId: cart.id,
          customerId: cart.user?.id ?? null,
          email,
          expiryGraceSeconds: getEnv().CHECKOUT_EXPIRY_GRACE_SECONDS,
        },
      ],
      workflowIdConflictPolicy: 'USE_EXISTING',
      // An ended checkout is never restarted under the same order number.
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      typedSearchAttributes: [
        { key: OrderNumberKey, value: orderNumber },
        { key: OrderStatusKey, value: 'pending' },
        ...customerEmailAttributes(email),
      ],
      staticSummary: `Checkout of order ${orderNumber}`,
    });
    try {
      // A bounded wait: a customer is never left hanging when the workers are down.
      const result = await client.withDeadline(Date.now() + CHECKOUT_UPDATE_DEADLINE_MS, () =>
        client.workflow.executeUpdateWithStart(startCheckoutUpdate, { startWorkflowOperation: startOp }),
      );
      if (result.ok) return { ok: true, orderNumber, checkoutUrl: result.checkoutUrl };
      await releaseOrderNumber(em, cart.id, orderNumber);
      if (result.state === 'paid') return { ok: false, reason: 'This cart has already been paid for.', retryable: false };
      if (result.endedBecause === 'not_started')
        return { ok: false, reason: `We could not start the checkout: ${result.reason}.`, retryable: false };
      // Expired or declined (or a checkout from before endedBecause existed): once more under a fresh order number.
    } catch (err) {
      if (err instanceof WorkflowUpdateFailedError || isAlreadyStarted(err)) {
        // The workflow for this number has closed: forget the number and try once with a fresh one.
        await releaseOrderNumber(em, cart.id, orderNumber);
        continue;
      }
      logger.error({ err, orderNumber }, 'checkout could not reach Temporal');
      return {
        ok: false,
        reason: 'Checkout is temporarily unavailable. Your cart is saved — please try again in a moment.',
        retryable: true,
      };
    }
  }
  return { ok: false, reason: 'We could not start the checkout. Please try again.', retryable: true };
}

function isAlreadyStarted(err: unknown): boolean {
  return (
    err instanceof Error && (err.name === 'WorkflowExecutionAlreadyStartedError' || /already started|AlreadyStarted/i.test(err.message))
  );
}
