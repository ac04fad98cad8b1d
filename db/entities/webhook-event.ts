import { EntitySchema, type Opt } from '@mikro-orm/core';
import { BaseEntity, BaseEntitySchema } from './base';

export class WebhookEvent extends BaseEntity {
  provider: string;
  /** The provider's own event id (Stripe `evt_...`): unique, so each event is processed once. */
  eventId: string;
  type: string;
  payload: Record<string, unknown>;
  orderNumber: string | null = null;
  processedAt: Date | null = null;
  outcome: string | null = null;
  attempts: number & Opt = 0;
  lastError: string | null = null;

  constructor(props: { provider: string; eventId: string; type: string; payload: Record<string, unknown> }) {
    super();
    this.provider = props.provider;
    this.eventId = props.eventId;
    this.type = props.type;
    this.payload = props.payload;
  }
}

export const WebhookEventSchema = new EntitySchema<WebhookEvent, BaseEntity>({
  class: WebhookEvent,
  extends: BaseEntitySchema,
  tableName: 'webhook_events',
  uniques: [{ properties: ['provider', 'eventId'] }],
  properties: {
    provider: { type: 'string', length: 32 },
    eventId: { type: 'string', length: 255 },
    type: { type: 'string', length: 128 },
    payload: { type: 'json' },
    orderNumber: { type: 'string', length: 32, nullable: true, index: true },
    processedAt: { type: 'datetime', nullable: true },
    outcome: { type: 'string', length: 255, nullable: true },
    attempts: { type: 'integer', default: 0 },
    lastError: { type: 'text', nullable: true },
  },
});
