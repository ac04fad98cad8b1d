import type { ActionFunctionArgs } from '@remix-run/node';
import { handleResendWebhook } from '#server/emails/resend-webhooks.server.ts';
import { json } from '#server/payments/stripe-webhooks.server.ts';

export async function action({ request }: ActionFunctionArgs) {
  try {
    return await handleResendWebhook(request);
  } catch (err) {
    // Database away: 5xx so Resend retries the delivery later.
    console.error('resend webhook failed', err);
    return json(503, { error: 'temporarily unavailable' });
  }
}

export function loader() {
  return new Response('Method Not Allowed', { status: 405, headers: { Allow: 'POST' } });
}
