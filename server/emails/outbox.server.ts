// Email: every message is rendered and stored in the outbox (the emails table) first, then sent through
// Resend when a key is configured. The idempotency key makes a retried step send nothing twice.
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
  let email = await em.findOne(Email, { idempotencyKey: message.idempotencyKey });
  if (!email) {
    const { html, text } = await renderEmail(message.element);
    await em
      .createQueryBuilder(Email)
      .insert({
        idempotencyKey: message.idempotencyKey,
        template: message.template,
        to: message.to,
        subject: message.subject,
        html,
        text,
        status: 'queued',
        orderNumber: message.orderNumber ?? null,
        headers: message.headers ?? null,
        createdAt: new Date(),
        updatedAt: new Date(),
      })
      .onConflict('idempotency_key')
      .ignore()
      .execute();
    email = await em.findOneOrFail(Email, { idempotencyKey: message.idempotencyKey });
  }
  return sendStoredEmail({ orm, env, resend }, em, email);
}

/** Sends an outbox row once (outbox only without Resend); safe to call again after any failure. */
export async function sendStoredEmail({ env, resend }: EmailDeps, em: EntityManager, email: Email): Promise<Email> {
  // Sent already (delivered / bounced / complained are what Resend reported afterwards).
  if (email.status !== 'queued' && email.status !== 'failed') return email;

  if (!resend) {
    email.status = 'stored';
    email.provider = 'outbox';
    email.sentAt = new Date();
    await em.flush();
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
    email.error = error ? `${error.name}: ${error.message}` : 'no response';
    await em.flush();
    const permanent = error && ['validation_error', 'invalid_from_address', 'invalid_to_address'].includes(error.name);
    if (permanent) {
      email.status = 'failed';
      await em.flush();
      throw new PermanentError(email.error, 'EmailRejected');
    }
    throw new Error(`Resend failed: ${email.error}`);
  }
  email.status = 'sent';
  email.provider = 'resend';
  email.providerId = data.id;
  email.error = null;
  email.sentAt = new Date();
  await em.flush();
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
