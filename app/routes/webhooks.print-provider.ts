import type { ActionFunctionArgs } from '@remix-run/node';
import { db } from '#server/db.server.ts';
import { getEnv } from '#server/env.server.ts';
import { logger } from '#server/log.server.ts';
import { json } from '#server/payments/stripe-webhooks.server.ts';
import { handleProviderWebhook } from '#server/print-provider/provider-webhooks.server.ts';

export async function action({ request }: ActionFunctionArgs) {
  try {
    return await handleProviderWebhook(await db(), request, getEnv());
  } catch (err) {
    // Database or Temporal away: 5xx so the provider delivers it again.
    logger.error({ err }, 'print provider webhook failed');
    return json(503, { error: 'temporarily unavailable' });
  }
}

export function loader() {
  return new Response('Method Not Allowed', { status: 405, headers: { Allow: 'POST' } });
}
