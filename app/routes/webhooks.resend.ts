import type { ActionFunctionArgs } from '@remix-run/node';
import { handleResendWebhook } from '#server/emails/resend-webhooks.server.ts';
import { json } from '#server/payments/stripe-webhooks.server.ts';
import { logger } from '#server/log.server.ts';

export async function action({ request }: ActionFunctionArgs) {
  try {
    return await handleResendWebhook(request);
  } catch (err) {
    // Database away: 5xx so Resend retries the delivery later.
    logger.error({ err }, 'resend webhook failed');
    return json(503, { error: 'temporarily unavailable' });
  }
}

export function loader() {
  return new Response('Method Not Allowed', { status: 405, headers: { Allow: 'POST' } });
}
