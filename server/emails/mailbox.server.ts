import { Email } from '#db/entities/email.ts';
import { db } from '#server/db.server.ts';

export async function listEmails(to: string | undefined) {
  const emails = await (
    await db()
  ).find(Email, to ? { to } : {}, {
    orderBy: { id: 'desc' },
    limit: 100,
    fields: ['id', 'to', 'subject', 'template', 'status', 'createdAt'],
  });
  return emails.map((e) => ({
    id: e.id,
    to: e.to,
    subject: e.subject,
    template: e.template,
    status: e.status,
    createdAt: e.createdAt.toISOString(),
  }));
}

export async function findEmail(id: number) {
  return (await db()).findOne(Email, { id });
}
