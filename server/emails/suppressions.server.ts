// Addresses no marketing email goes to (a hard bounce or a complaint), and what was sent to an address.
import type { EntityManager } from '@mikro-orm/postgresql';
import { normaliseEmail } from '#core/auth.ts';
import { EmailSuppression, type SuppressionReason } from '#db/entities/campaign.ts';
import { Email, type EmailStatus } from '#db/entities/email.ts';
import { db } from '#server/db.server.ts';

/** The suppression of an address, however it is written (rows are stored normalised). */
export const findSuppression = (em: EntityManager, email: string) => em.findOne(EmailSuppression, { email: normaliseEmail(email) });

export interface EmailDelivery {
  suppression: { reason: SuppressionReason; at: string } | null;
  emails: Array<{
    id: number;
    template: string;
    subject: string;
    orderNumber: string | null;
    status: EmailStatus;
    createdAt: string;
    statusAt: string | null;
  }>;
}

/** For the admin: whether marketing email to an address is suppressed, and what was last sent to it with each one's status. */
export async function emailDeliveryOf(address: string, limit = 20): Promise<EmailDelivery> {
  const em = await db();
  const suppression = await findSuppression(em, address);
  const emails = await em.find(
    Email,
    { to: address },
    { fields: ['template', 'subject', 'orderNumber', 'status', 'createdAt', 'sentAt', 'deliveryEventAt'], orderBy: { id: 'desc' }, limit },
  );
  return {
    suppression: suppression ? { reason: suppression.reason, at: suppression.createdAt.toISOString() } : null,
    emails: emails.map((e) => ({
      id: e.id,
      template: e.template,
      subject: e.subject,
      orderNumber: e.orderNumber,
      status: e.status,
      createdAt: e.createdAt.toISOString(),
      statusAt: (e.deliveryEventAt ?? e.sentAt)?.toISOString() ?? null,
    })),
  };
}
