// Stripe webhooks: verify the signature on the raw body, record each event once, hand it to its workflow.
import type { EntityManager } from '@mikro-orm/postgresql';
import { WorkflowNotFoundError } from '@temporalio/client';
import type Stripe from 'stripe';
import { WebhookEvent } from '#db/entities/webhook-event.ts';
import {
  CHECKOUT_EVENT_TYPES,
  checkoutWorkflowId,
  paymentEventSignal,
  refundUpdateSignal,
  refundWorkflowId,
  type RefundUpdate,
  type CheckoutEventType,
  type PaymentEvent,
} from '#workflows/messages.ts';
import { MEMBERSHIP_EVENT_TYPES } from '#workflows/membership-messages.ts';
import { getEnv } from '#server/env.server.ts';
import { dispatchMembershipEvent, membershipEventOf } from '#server/memberships/membership-webhooks.server.ts';
import { refundForStripe, type StripeRefundLike } from '#server/refunds/refunds.server.ts';
import { getStripe } from '#server/stripe.server.ts';
import { getTemporalClient } from '#server/temporal/client.server.ts';
import { logger } from '#server/log.server.ts';
import { readBodyWithin } from '#server/read-body.server.ts';

/** Stripe's default tolerance: an event signed more than 5 minutes ago, or ahead, is refused. */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

/**
 * Whether a Stripe-Signature header's timestamp (`t=`, signed with the payload) lies further in the
 * future than the tolerance. The SDK's constructEvent checks only the past, so a delivery signed for
 * an hour ahead would be accepted for an hour and five minutes. A header without a usable `t=` is left
 * to constructEvent, which refuses it.
 */
export function signedTooFarAhead(
  signatureHeader: string,
  nowSeconds = Date.now() / 1000,
  toleranceSeconds = WEBHOOK_TOLERANCE_SECONDS,
): boolean {
  // Read as the SDK reads it (its parseHeader): the last `t=`, parseInt.
  let signedAt = Number.NaN;
  for (const item of signatureHeader.split(',')) {
    const [key, value = ''] = item.split('=');
    if (key === 't') signedAt = Number.parseInt(value, 10);
  }
  return Number.isFinite(signedAt) && signedAt > nowSeconds + toleranceSeconds;
}
const MAX_BODY_BYTES = 512 * 1024;

/** Refund events that carry one refund; `charge.refunded` carries the charge with its refunds. */
const REFUND_EVENT_TYPES = ['charge.refund.updated', 'refund.created', 'refund.updated'] as const;
const CHARGE_REFUNDED = 'charge.refunded';

/**
 * Every Stripe event type the webhook acts on: the checkout's, the memberships' and the refunds'. The shop's webhook
 * endpoint is subscribed to exactly these (docs/deploy.md; server/deploy-guide.test.ts keeps the two equal). Any other
 * event is recorded and left.
 */
export const STRIPE_WEBHOOK_EVENTS: readonly string[] = [
  ...new Set<string>([...CHECKOUT_EVENT_TYPES, ...MEMBERSHIP_EVENT_TYPES, ...REFUND_EVENT_TYPES, CHARGE_REFUNDED]),
];

export const json = (status: number, body: Record<string, unknown>) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

const isCheckoutEvent = (type: string): type is CheckoutEventType => (CHECKOUT_EVENT_TYPES as readonly string[]).includes(type);

interface EventObject {
  id?: string;
  object?: string;
  client_reference_id?: string | null;
  metadata?: Record<string, string> | null;
  payment_status?: string | null;
}

function orderNumberOf(obj: EventObject): string | null {
  return obj.client_reference_id ?? obj.metadata?.orderNumber ?? null;
}

export async function handleStripeWebhook(em: EntityManager, request: Request): Promise<Response> {
  if (request.method !== 'POST') return json(405, { error: 'method not allowed' });
  const length = Number(request.headers.get('content-length') ?? 0);
  if (length > MAX_BODY_BYTES) return json(413, { error: 'payload too large' });
  const signature = request.headers.get('stripe-signature');
  if (!signature) return json(400, { error: 'missing Stripe-Signature header' });
  const raw = await readBodyWithin(request, MAX_BODY_BYTES);
  if (raw === null) return json(413, { error: 'payload too large' });

  if (signedTooFarAhead(signature)) return json(400, { error: 'signature verification failed: the timestamp is in the future' });
  let event: Stripe.Event;
  try {
    event = getStripe().webhooks.constructEvent(raw, signature, getEnv().STRIPE_WEBHOOK_SECRET, WEBHOOK_TOLERANCE_SECONDS);
  } catch (err) {
    return json(400, { error: `signature verification failed: ${err instanceof Error ? err.message : 'invalid'}` });
  }

  const obj = (event.data?.object ?? {}) as EventObject;
  const membershipEvent = membershipEventOf(event, obj);
  const orderNumber = membershipEvent ? null : orderNumberOf(obj);
  await em
    .createQueryBuilder(WebhookEvent)
    .insert({
      provider: 'stripe',
      eventId: event.id,
      type: event.type,
      payload: JSON.parse(raw) as Record<string, unknown>,
      orderNumber,
      createdAt: new Date(),
      updatedAt: new Date(),
    })
    .onConflict(['provider', 'event_id'])
    .ignore()
    .execute();
  const record = await em.findOneOrFail(WebhookEvent, { provider: 'stripe', eventId: event.id });
  if (record.processedAt) return json(200, { received: true, duplicate: true });

  let outcome: string;
  try {
    outcome = membershipEvent
      ? await dispatchMembershipEvent(em, membershipEvent)
      : await dispatch(em, event.type, event.id, obj, orderNumber, event.created);
  } catch (err) {
    // Not handed over: answer 5xx so Stripe retries, and the retry processes it.
    record.attempts += 1;
    record.lastError = err instanceof Error ? err.message.slice(0, 2000) : String(err);
    await em.flush();
    logger.error({ err, eventId: event.id, eventType: event.type }, `webhook ${event.id} (${event.type}) not delivered`);
    return json(503, { error: 'temporarily unable to process the event; retry later' });
  }
  record.attempts += 1;
  record.processedAt = new Date();
  record.outcome = outcome;
  record.lastError = null;
  await em.flush();
  return json(200, { received: true, outcome });
}

/**
 * How long a refund event for a payment no order records yet is answered 5xx, so that Stripe delivers it again: the
 * payment's own event (checkout.session.completed) can arrive after a refund made right after it. Older, it is recorded
 * as having no matching order and left (a payment of some other integration on the same Stripe account).
 */
export const UNMATCHED_REFUND_RETRY_SECONDS = 24 * 3600;

async function dispatchRefunds(em: EntityManager, refunds: StripeRefundLike[], eventCreated: number | undefined): Promise<string> {
  const outcomes: string[] = [];
  for (const r of refunds) {
    const target = await refundForStripe(em, r);
    if (!target) {
      const ageSeconds = Date.now() / 1000 - (eventCreated ?? 0);
      if (ageSeconds < UNMATCHED_REFUND_RETRY_SECONDS) {
        // Thrown: the event stays unprocessed (its attempts and this error recorded) and Stripe retries it.
        throw new Error(`refund ${r.id}: no order records its payment yet; waiting for Stripe to deliver the event again`);
      }
      outcomes.push(`refund ${r.id}: no matching order`);
      continue;
    }
    const status: RefundUpdate['status'] =
      r.status === 'succeeded' ? 'succeeded' : r.status === 'failed' ? 'failed' : r.status === 'canceled' ? 'canceled' : 'pending';
    try {
      await getTemporalClient()
        .workflow.getHandle(refundWorkflowId(target.refundId))
        .signal(refundUpdateSignal, { status, failureReason: r.failure_reason ?? null });
      outcomes.push(`signalled ${refundWorkflowId(target.refundId)}`);
    } catch (err) {
      // Already finished: the refund's final state was recorded then.
      if (err instanceof WorkflowNotFoundError) outcomes.push(`${refundWorkflowId(target.refundId)} already finished`);
      else throw err;
    }
  }
  return outcomes.join('; ') || 'no refunds in the event';
}

async function dispatch(
  em: EntityManager,
  type: string,
  eventId: string,
  obj: EventObject,
  orderNumber: string | null,
  created: number | undefined,
): Promise<string> {
  if (!STRIPE_WEBHOOK_EVENTS.includes(type)) return 'stored';
  if ((REFUND_EVENT_TYPES as readonly string[]).includes(type)) {
    return dispatchRefunds(em, [obj as unknown as StripeRefundLike], created);
  }
  if (type === CHARGE_REFUNDED) {
    const charge = obj as unknown as { refunds?: { data?: StripeRefundLike[] }; payment_intent?: StripeRefundLike['payment_intent'] };
    return dispatchRefunds(
      em,
      (charge.refunds?.data ?? []).map((r) => ({ ...r, payment_intent: r.payment_intent ?? charge.payment_intent })),
      created,
    );
  }
  if (!isCheckoutEvent(type)) return 'stored';
  if (!orderNumber) return 'ignored: no order number on the event';
  const signal: PaymentEvent = {
    eventId,
    type,
    sessionId: obj.object === 'checkout.session' ? (obj.id ?? null) : null,
    paymentStatus: obj.payment_status ?? null,
  };
  try {
    await getTemporalClient().workflow.getHandle(checkoutWorkflowId(orderNumber)).signal(paymentEventSignal, signal);
    return `signalled ${checkoutWorkflowId(orderNumber)}`;
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return `no running checkout for ${orderNumber}`;
    throw err;
  }
}
