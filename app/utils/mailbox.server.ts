import { Email } from '#db/entities/email.ts';
import { db } from './db.server.ts';
import { getEnv } from './env.server.ts';

/** The dev mailbox and the email previews exist in local email mode only (no RESEND_API_KEY): a 404 otherwise. */
export function requireLocalEmailMode(): void {
  if (getEnv().emailMode !== 'outbox') throw new Response('Not found', { status: 404 });
}

export async function listEmails(to: string | undefined) {
  const emails = await (await db()).find(Email, to ? { to } : {}, { orderBy: { id: 'desc' }, limit: 100, fields: ['id', 'to', 'subject', 'template', 'status', 'createdAt'] });
  return emails.map((e) => ({ id: e.id, to: e.to, subject: e.subject, template: e.template, status: e.status, createdAt: e.createdAt.toISOString() }));
}

export async function findEmail(id: number) {
  return (await db()).findOne(Email, { id });
}
