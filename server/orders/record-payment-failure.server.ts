import { Order } from '#db/entities/order.ts';
import { WebhookEvent } from '#db/entities/webhook-event.ts';
import type { DbDeps } from '#server/deps.server.ts';
import { appendOrderEvent } from './append-order-event.server.ts';

/** A declined attempt on an open Checkout Session goes on the order's timeline, with the reason Stripe gave. */
export async function recordPaymentFailure(
  { orm }: Pick<DbDeps, 'orm'>,
  { orderNumber, eventId }: { orderNumber: string; eventId: string },
): Promise<void> {
  const em = orm.em.fork();
  const order = await em.findOneOrFail(Order, { orderNumber });
  const event = await em.findOne(WebhookEvent, { provider: 'stripe', eventId });
  const pi = (event?.payload as { data?: { object?: { last_payment_error?: { message?: string } } } } | undefined)?.data?.object;
  const why = pi?.last_payment_error?.message ?? 'the payment was declined';
  await appendOrderEvent(
    em,
    order,
    'payment_failed',
    `Payment attempt failed: ${why}`,
    { eventId },
    `${orderNumber}:payment_failed:${eventId}`,
  );
}
