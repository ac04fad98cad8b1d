// POST /webhooks/print-provider: the provider's order events. Gelato signs nothing, so the delivery must carry the
// secret token the shop registered in the webhook URL (`?token=`, or an `X-Webhook-Token` header), compared in
// constant time. Each event is recorded once by its id and handed to its fulfillment workflow as a hint only: the
// workflow reads the order back from the provider before acting. An event for an order the shop does not know yet
// (the provider answered faster than the submit was recorded) is answered 503 for a while, so the provider retries.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { WorkflowNotFoundError } from '@temporalio/client';
import { ProviderOrder as ProviderOrderRow } from '#db/entities/provider-order.ts';
import { WebhookEvent } from '#db/entities/webhook-event.ts';
import type { Env } from '#server/env.server.ts';
import { logger } from '#server/log.server.ts';
import { json } from '#server/payments/stripe-webhooks.server.ts';
import { readBodyWithin } from '#server/read-body.server.ts';
import { getTemporalClient } from '#server/temporal/client.server.ts';
import { fulfillmentWorkflowId } from '#workflows/messages.ts';
import { printOrderHintSignal } from '#workflows/print-messages.ts';
import { parseGelatoWebhook } from './gelato.server.ts';

const MAX_BODY_BYTES = 256 * 1024;
const PROVIDER = 'print-provider';
/** How long an event about an order the shop does not know is answered 503 (the provider retries), from its first delivery. */
export const UNKNOWN_ORDER_RETRY_SECONDS = 3600;

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Whether the delivery carries the registered token (constant time, whatever the lengths). */
export function tokenMatches(request: Request, secret: string): boolean {
  const given = new URL(request.url).searchParams.get('token') ?? request.headers.get('x-webhook-token') ?? '';
  return given.length > 0 && timingSafeEqual(digest(given), digest(secret));
}

export async function handleProviderWebhook(
  em: EntityManager,
  request: Request,
  env: Pick<Env, 'PRINT_PROVIDER_WEBHOOK_SECRET'>,
): Promise<Response> {
  if (request.method !== 'POST') return json(405, { error: 'method not allowed' });
  if (!tokenMatches(request, env.PRINT_PROVIDER_WEBHOOK_SECRET)) return json(401, { error: 'missing or wrong webhook token' });
  if (Number(request.headers.get('content-length') ?? 0) > MAX_BODY_BYTES) return json(413, { error: 'payload too large' });
  const raw = await readBodyWithin(request, MAX_BODY_BYTES);
  if (raw === null) return json(413, { error: 'payload too large' });
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    return json(400, { error: 'the body is not JSON' });
  }
  const hook = parseGelatoWebhook(body);
  if (!hook) return json(400, { error: 'not a print provider event (it needs an id and an event type)' });

  const row = hook.providerOrderId
    ? await em.findOne(
        ProviderOrderRow,
        { $or: [{ providerOrderId: hook.providerOrderId }, ...(hook.reference ? [{ reference: hook.reference }] : [])] },
        { populate: ['order'] },
      )
    : hook.reference
      ? await em.findOne(ProviderOrderRow, { reference: hook.reference }, { populate: ['order'] })
      : null;
  await em
    .createQueryBuilder(WebhookEvent)
    .insert({
      provider: PROVIDER,
      eventId: hook.eventId,
      type: hook.type,
      payload: body as Record<string, unknown>,
      orderNumber: row?.order.orderNumber ?? null,
      createdAt: new Date(),
      updatedAt: new Date(),
    })
    .onConflict(['provider', 'event_id'])
    .ignore()
    .execute();
  const record = await em.findOneOrFail(WebhookEvent, { provider: PROVIDER, eventId: hook.eventId });
  if (record.processedAt) return json(200, { received: true, duplicate: true });
  record.attempts += 1;

  if (!row) {
    const waited = (Date.now() - record.createdAt.getTime()) / 1000;
    if (waited < UNKNOWN_ORDER_RETRY_SECONDS) {
      record.lastError = `no print order ${hook.reference ?? hook.providerOrderId} recorded yet`;
      await em.flush();
      return json(503, { error: 'unknown order for now; deliver the event again later' });
    }
    return finish(em, record, 'no matching print order');
  }
  try {
    await getTemporalClient()
      .workflow.getHandle(fulfillmentWorkflowId(row.order.orderNumber))
      .signal(printOrderHintSignal, { eventId: hook.eventId });
    return await finish(em, record, `hinted ${fulfillmentWorkflowId(row.order.orderNumber)}`);
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return finish(em, record, `fulfillment of ${row.order.orderNumber} already finished`);
    record.lastError = err instanceof Error ? err.message.slice(0, 2000) : String(err);
    await em.flush();
    logger.error({ err, eventId: hook.eventId }, `print provider event ${hook.eventId} not handed over`);
    return json(503, { error: 'temporarily unable to process the event; retry later' });
  }
}

async function finish(em: EntityManager, record: WebhookEvent, outcome: string): Promise<Response> {
  record.processedAt = new Date();
  record.outcome = outcome;
  record.lastError = null;
  await em.flush();
  return json(200, { received: true, outcome });
}
