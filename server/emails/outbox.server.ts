// Email: every message is rendered and stored in the outbox (the emails table) first, then sent through
// Resend when a key is configured. The idempotency key makes a retried step send nothing twice.
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { ReactElement } from 'react';
import { Email } from '#db/entities/email.ts';
import type { ServerDeps } from '#server/deps.server.ts';
import { PermanentError } from '#server/errors.server.ts';
import { renderEmail } from './render-email.server.ts';

export type EmailDeps = Pick<ServerDeps, 'orm' | 'env' | 'resend'>;

export interface OutgoingEmail {
  idempotencyKey: string;
  template: string;
  to: string;
  subject: string;
  element: ReactElement;
  orderNumber?: string | null;
  /** e.g. List-Unsubscribe on marketing email. */
  headers?: Record<string, string> | null;
}

/** Stores the message once and sends it once; safe to call again after any failure. */
export async function deliverEmail({ orm, env, resend }: EmailDeps, message: OutgoingEmail): Promise<Email> {
  const em = orm.em.fork();
  const email = (await em.findOne(Email, { idempotencyKey: message.idempotencyKey })) ?? (await storeEmail(em, message));
  return sendStoredEmail({ orm, env, resend }, em, email);
}

/** The outbox row, rendered and inserted (one statement); a concurrent try that stored it first is read instead. */
async function storeEmail(em: EntityManager, message: OutgoingEmail): Promise<Email> {
  const { html, text } = await renderEmail(message.element);
  const { idempotencyKey, template, to, subject } = message;
  const email = Object.assign(new Email({ idempotencyKey, template, to, subject, html, text }), {
    orderNumber: message.orderNumber ?? null,
    headers: message.headers ?? null,
  });
  try {
    await em.insert(email);
    return em.merge(email);
  } catch (err) {
    if (!(err instanceof UniqueConstraintViolationException)) throw err;
    return em.findOneOrFail(Email, { idempotencyKey });
  }
}

type Outcome = Partial<Pick<Email, 'status' | 'provider' | 'providerId' | 'error' | 'sentAt'>>;

/** The send's outcome as one UPDATE (a flush would wrap it in a transaction of its own), and on the entity. */
async function record(em: EntityManager, email: Email, outcome: Outcome): Promise<void> {
  const changes = { ...outcome, updatedAt: new Date() };
  await em.nativeUpdate(Email, { id: email.id }, changes);
  Object.assign(email, changes);
}

/** Sends an outbox row once (outbox only without Resend); safe to call again after any failure. */
export async function sendStoredEmail({ env, resend }: EmailDeps, em: EntityManager, email: Email): Promise<Email> {
  // Sent already (delivered / bounced / complained are what Resend reported afterwards).
  if (email.status !== 'queued' && email.status !== 'failed') return email;

  if (!resend) {
    await record(em, email, { status: 'stored', provider: 'outbox', sentAt: new Date() });
    return email;
  }
  const { data, error } = await resend.emails.send(
    {
      from: env.EMAIL_FROM,
      to: [email.to],
      subject: email.subject,
      html: email.html,
      text: email.text,
      ...(email.headers ? { headers: email.headers } : {}),
    },
    // Resend keeps the key for 24 hours, so a retry after a lost response does not send again.
    { idempotencyKey: `${email.idempotencyKey}`.slice(0, 256) },
  );
  if (error || !data) {
    const why = error ? `${error.name}: ${error.message}` : 'no response';
    const permanent = error && ['validation_error', 'invalid_from_address', 'invalid_to_address'].includes(error.name);
    await record(em, email, permanent ? { error: why, status: 'failed' } : { error: why });
    if (permanent) throw new PermanentError(why, 'EmailRejected');
    throw new Error(`Resend failed: ${why}`);
  }
  await record(em, email, { status: 'sent', provider: 'resend', providerId: data.id, error: null, sentAt: new Date() });
  return email;
}

/** Sends a message the web app rendered and stored (sign-in links): the outbox row is the source. */
export async function sendQueuedEmail(deps: EmailDeps, { emailId }: { emailId: number }): Promise<{ emailId: number; status: string }> {
  const em = deps.orm.em.fork();
  const email = await em.findOne(Email, { id: emailId });
  if (!email) throw new PermanentError(`email ${emailId} does not exist`, 'NoSuchEmail');
  const sent = await sendStoredEmail(deps, em, email);
  return { emailId: sent.id, status: sent.status };
}
