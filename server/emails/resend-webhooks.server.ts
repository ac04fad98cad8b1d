// Resend's delivery webhooks: verify the Svix signature on the raw body, then, in one transaction and
// once per event, mark the outbox row delivered / bounced / complained (an older event never overwrites
// a newer one, a bounce or complaint never goes back to delivered) and suppress the address after a
// hard bounce or a complaint, so no marketing email goes to it again.
import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import { Resend } from 'resend';
import { z } from 'zod';
import { normaliseEmail } from '#core/auth.ts';
import { EmailSuppression, type SuppressionReason } from '#db/entities/campaign.ts';
import { Email, type EmailStatus } from '#db/entities/email.ts';
import { WebhookEvent } from '#db/entities/webhook-event.ts';
import { db } from '#server/db.server.ts';
import { getEnv } from '#server/env.server.ts';
import { json } from '#server/payments/stripe-webhooks.server.ts';
import { logger } from '#server/log.server.ts';
import { readBodyWithin } from '#server/read-body.server.ts';

/** Resend's delivery events are a few KB; anything near this is not one of them. */
export const RESEND_WEBHOOK_MAX_BYTES = 256 * 1024;

export const DELIVERY_EVENT_STATUSES = {
  'email.delivered': 'delivered',
  'email.bounced': 'bounced',
  'email.complained': 'complained',
} as const satisfies Record<string, EmailStatus>;
export type DeliveryEventType = keyof typeof DELIVERY_EVENT_STATUSES;
export type DeliveryStatus = (typeof DELIVERY_EVENT_STATUSES)[DeliveryEventType];

const isDeliveryEvent = (type: string): type is DeliveryEventType => Object.hasOwn(DELIVERY_EVENT_STATUSES, type);

const timestamp = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'not a date');

const envelopeSchema = z.object({ type: z.string().min(1) });
const deliveryEventSchema = z.object({
  type: z.enum(Object.keys(DELIVERY_EVENT_STATUSES) as [DeliveryEventType, ...DeliveryEventType[]]),
  created_at: timestamp,
  data: z.object({
    email_id: z.string().min(1).max(255),
    // Resend's bounce: type Permanent | Transient | Undetermined, subType (General, Suppressed, MailboxFull…), message.
    bounce: z.object({ type: z.string().optional(), subType: z.string().optional(), message: z.string().optional() }).optional(),
  }),
});
export type DeliveryEvent = z.infer<typeof deliveryEventSchema>;

// verify() uses only the signing secret given to it; the constructor insists on some API key.
let verifier: Resend | undefined;
const webhookVerifier = () => (verifier ??= new Resend('re_webhook_verification_only'));

const warned = new Set<string>();
function warnOnce(key: string, message: string, err?: unknown) {
  if (warned.has(key)) return;
  warned.add(key);
  logger.error(err === undefined ? {} : { err }, message);
}

export interface ResendWebhookDeps {
  /** RESEND_WEBHOOK_SECRET (`whsec_…`); without it every delivery is refused. */
  secret: string | undefined;
  em: () => Promise<EntityManager>;
}

export async function handleResendWebhook(
  request: Request,
  deps: ResendWebhookDeps = { secret: getEnv().RESEND_WEBHOOK_SECRET, em: db },
): Promise<Response> {
  if (request.method !== 'POST') return json(405, { error: 'method not allowed' });
  if (!deps.secret) {
    warnOnce('no-secret', 'RESEND_WEBHOOK_SECRET is not set: /webhooks/resend refuses every delivery until it is');
    // 5xx: Resend keeps retrying, so nothing is lost once the secret is configured.
    return json(503, { error: 'Resend webhooks are not configured on this server (RESEND_WEBHOOK_SECRET is not set)' });
  }
  const raw = await readBodyWithin(request, RESEND_WEBHOOK_MAX_BYTES);
  if (raw === null) return json(413, { error: `payload too large: at most ${RESEND_WEBHOOK_MAX_BYTES / 1024} KB` });
  const id = request.headers.get('svix-id');
  const signedAt = request.headers.get('svix-timestamp');
  const signature = request.headers.get('svix-signature');
  if (!id || !signedAt || !signature) return json(400, { error: 'missing svix-id, svix-timestamp or svix-signature header' });
  if (id.length > 255) return json(400, { error: 'svix-id too long' });

  let payload: unknown;
  try {
    payload = webhookVerifier().webhooks.verify({
      payload: raw,
      headers: { id, timestamp: signedAt, signature },
      webhookSecret: deps.secret,
    });
  } catch (err) {
    // verify() parses the body only once the signature matched.
    if (err instanceof SyntaxError) return json(400, { error: 'malformed JSON' });
    if (err instanceof Error && err.name === 'WebhookVerificationError')
      return json(400, { error: `signature verification failed: ${err.message}` });
    // Anything else comes from the secret itself (not base64 after whsec_, empty).
    warnOnce('bad-secret', 'RESEND_WEBHOOK_SECRET cannot be used to verify signatures (expected whsec_ and base64)', err);
    return json(503, { error: 'the webhook signing secret configured on this server is not usable' });
  }

  const envelope = envelopeSchema.safeParse(payload);
  if (!envelope.success) return json(400, { error: 'malformed event: no type' });
  // email.sent, email.opened, email.clicked, … are not kept.
  if (!isDeliveryEvent(envelope.data.type)) return json(200, { received: true, ignored: envelope.data.type });
  const event = deliveryEventSchema.safeParse(payload);
  if (!event.success)
    return json(400, { error: `malformed event: ${event.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}` });

  const outcome = await applyDeliveryEvent(await deps.em(), id, event.data, payload as Record<string, unknown>);
  return json(200, { received: true, ...outcome });
}

/** Whether an event moves the outbox row: newer than the last one applied, and never a bounce or complaint back to delivered. */
export function shouldApplyDeliveryEvent(
  current: { status: EmailStatus; deliveryEventAt: Date | null },
  next: { status: DeliveryStatus; at: Date },
): boolean {
  if (next.status === 'delivered' && (current.status === 'bounced' || current.status === 'complained')) return false;
  if (!current.deliveryEventAt) return true;
  const diff = next.at.getTime() - current.deliveryEventAt.getTime();
  // Two events in the same millisecond: the graver one wins (and the same event again changes nothing).
  return diff > 0 || (diff === 0 && gravity(next.status) > gravity(current.status));
}
const gravity = (status: EmailStatus) => (status === 'complained' ? 3 : status === 'bounced' ? 2 : status === 'delivered' ? 1 : 0);

/** A hard (Permanent) bounce or any complaint suppresses the address; a transient or undetermined bounce does not. */
export function suppressionFor(event: DeliveryEvent): { reason: SuppressionReason; detail: string } | null {
  if (event.type === 'email.complained') return { reason: 'complained', detail: 'marked as spam by the recipient' };
  const bounce = event.data.bounce;
  if (event.type === 'email.bounced' && bounce?.type?.toLowerCase() === 'permanent') {
    return {
      reason: 'bounced',
      detail: [`${bounce.type}${bounce.subType ? ` (${bounce.subType})` : ''}`, bounce.message].filter(Boolean).join(': ').slice(0, 2000),
    };
  }
  return null;
}

/** Records the event once (by its svix-id) and applies it, all in one transaction. */
export async function applyDeliveryEvent(
  em: EntityManager,
  eventId: string,
  event: DeliveryEvent,
  payload: Record<string, unknown>,
): Promise<{ duplicate?: true; outcome: string }> {
  return em.transactional(async (tx) => {
    const now = new Date();
    const recorded = await tx
      .createQueryBuilder(WebhookEvent)
      .insert({ provider: 'resend', eventId, type: event.type, payload, attempts: 1, processedAt: now, createdAt: now, updatedAt: now })
      .onConflict(['provider', 'event_id'])
      .ignore()
      .execute('run');
    // Resend delivers at least once: a retry of an event already applied changes nothing.
    if (recorded.affectedRows === 0) return { duplicate: true, outcome: 'already applied' };

    const email = await tx.findOne(Email, { providerId: event.data.email_id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    let outcome: string;
    if (!email) {
      outcome = `no outbox email ${event.data.email_id}`;
    } else {
      const status = DELIVERY_EVENT_STATUSES[event.type];
      const at = new Date(event.created_at);
      if (shouldApplyDeliveryEvent(email, { status, at })) {
        email.status = status;
        email.deliveryEventAt = at;
        outcome = `email ${email.id} ${status}`;
      } else {
        const why = status === 'delivered' && email.status !== 'delivered' ? 'a delivery never replaces it' : 'the event is not newer';
        outcome = `email ${email.id} stays ${email.status} (${why})`;
      }
      const suppression = suppressionFor(event);
      if (suppression) {
        const added = await tx
          .createQueryBuilder(EmailSuppression)
          .insert({
            email: normaliseEmail(email.to),
            reason: suppression.reason,
            detail: suppression.detail,
            eventId,
            createdAt: now,
            updatedAt: now,
          })
          .onConflict('email')
          .ignore()
          .execute('run');
        outcome += added.affectedRows ? `; ${email.to} suppressed` : `; ${email.to} already suppressed`;
      }
    }
    await tx
      .createQueryBuilder(WebhookEvent)
      .update({ outcome: outcome.slice(0, 255) })
      .where({ provider: 'resend', eventId })
      .execute('run');
    return { outcome };
  });
}
