// Test fixture, never registered on a worker: the checkout workflow as a careless change would leave it
// (the session created before the order, no `patched()` guard). The replay test proves that replaying
// a recorded history against it fails, i.e. that the replay test can catch such a change.
import { proxyActivities } from '@temporalio/workflow';
import type { CheckoutActivities } from '#worker/activities/types.ts';
import type { CheckoutInput } from '../checkout';

const act = proxyActivities<CheckoutActivities>({ startToCloseTimeout: '30 seconds' });

export async function checkout(input: CheckoutInput): Promise<void> {
  await act.createCheckoutSession({ orderNumber: input.orderNumber });
  await act.createPendingOrder({ orderNumber: input.orderNumber, cartId: input.cartId, customerId: input.customerId, email: input.email });
}
