// Order emails through the outbox (rendered and stored first, sent once per idempotency key).
import { notifyShopOfOrder, sendOrderEmail } from '#server/emails/order-emails.server.ts';
import { sendQueuedEmail, type EmailDeps } from '#server/emails/outbox.server.ts';
import { activitiesOf } from './adapt.ts';
import type { CheckoutActivities } from './types.ts';

export function createEmailActivities(
  deps: EmailDeps,
): Pick<CheckoutActivities, 'sendOrderEmail' | 'sendQueuedEmail' | 'notifyShopOfOrder'> {
  return activitiesOf(deps, { sendOrderEmail, sendQueuedEmail, notifyShopOfOrder });
}
