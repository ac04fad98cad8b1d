import { EntitySchema, type Opt } from '@mikro-orm/core';
import { BaseEntity, BaseEntitySchema } from './base';

// delivered / bounced / complained: reported later by Resend's webhooks.
export const EMAIL_STATUSES = ['queued', 'sent', 'stored', 'failed', 'delivered', 'bounced', 'complained'] as const;
export type EmailStatus = (typeof EMAIL_STATUSES)[number];

/** The outbox and log of every message the shop sends. */
export class Email extends BaseEntity {
  /** Business key (e.g. `order-confirmation:ATL-2026-…`): the same message is never sent twice. */
  idempotencyKey: string;
  template: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  status: EmailStatus & Opt = 'queued';
  provider: string | null = null;
  providerId: string | null = null;
  error: string | null = null;
  orderNumber: string | null = null;
  sentAt: Date | null = null;
  /** Extra headers sent with it (List-Unsubscribe on marketing email). */
  headers: Record<string, string> | null = null;
  /** When the provider's latest delivery event happened (an older event arriving late does not overwrite a newer one). */
  deliveryEventAt: Date | null = null;

  constructor(props: { idempotencyKey: string; template: string; to: string; subject: string; html: string; text: string }) {
    super();
    this.idempotencyKey = props.idempotencyKey;
    this.template = props.template;
    this.to = props.to;
    this.subject = props.subject;
    this.html = props.html;
    this.text = props.text;
  }
}

export const EmailSchema = new EntitySchema<Email, BaseEntity>({
  class: Email,
  extends: BaseEntitySchema,
  tableName: 'emails',
  indexes: [{ properties: ['createdAt'] }],
  properties: {
    idempotencyKey: { type: 'string', length: 255, unique: true },
    template: { type: 'string', length: 64 },
    to: { type: 'string', length: 254, index: true },
    subject: { type: 'string', length: 255 },
    html: { type: 'text' },
    text: { type: 'text' },
    status: { enum: true, items: () => [...EMAIL_STATUSES], default: 'queued' },
    provider: { type: 'string', length: 32, nullable: true },
    providerId: { type: 'string', length: 255, nullable: true, index: true },
    error: { type: 'text', nullable: true },
    orderNumber: { type: 'string', length: 32, nullable: true, index: true },
    sentAt: { type: 'datetime', nullable: true },
    headers: { type: 'json', nullable: true },
    deliveryEventAt: { type: 'datetime', nullable: true },
  },
});
