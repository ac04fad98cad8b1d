import type { ActionFunctionArgs } from '@remix-run/node';
import { db } from '#server/db.server.ts';
import { handleStripeWebhook, json } from '#server/payments/stripe-webhooks.server.ts';
import { logger } from '#server/log.server.ts';

export async function action({ request }: ActionFunctionArgs) {
  try {
    return await handleStripeWebhook(await db(), request);
  } catch (err) {
    // Database or Temporal away: 5xx so Stripe retries the delivery later.
    logger.error({ err }, 'stripe webhook failed');
    return json(503, { error: 'temporarily unavailable' });
  }
}

export function loader() {
  return new Response('Method Not Allowed', { status: 405, headers: { Allow: 'POST' } });
}
