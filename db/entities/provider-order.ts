import { EntitySchema, type Opt } from '@mikro-orm/core';
import { PROVIDER_STATUSES, type ProviderAddress, type ProviderStatus } from '#core/print-provider.ts';
import { BaseEntity, BaseEntitySchema } from './base';
import { Order } from './order';

/**
 * One submission of an order's provider part (its lines fulfilled by the print provider) to the provider. A
 * resubmission after a failure (a corrected address) is a new row with the next attempt and its own reference.
 */
export class ProviderOrder extends BaseEntity {
  order: Order;
  attempt: number;
  /** Ours, unique: `<orderNumber>-print-<attempt>` (the provider's orderReferenceId; a retried submit finds it). */
  reference: string;
  provider: string;
  providerOrderId: string | null = null;
  status: ProviderStatus & Opt = 'submitting';
  providerStatus: string | null = null;
  failureReason: string | null = null;
  /** Why the last submit try did not get through (the provider away), while it is retried. */
  lastError: string | null = null;
  submitTries: number & Opt = 0;
  cost: number | null = null;
  costCurrency: string | null = null;
  cancellationFee: number | null = null;
  carrier: string | null = null;
  trackingNumber: string | null = null;
  trackingUrl: string | null = null;
  shippingAddress: ProviderAddress;
  submittedAt: Date | null = null;
  shippedAt: Date | null = null;
  deliveredAt: Date | null = null;
  cancelledAt: Date | null = null;
  shippedEmailSentAt: Date | null = null;

  constructor(props: { order: Order; attempt: number; reference: string; provider: string; shippingAddress: ProviderAddress }) {
    super();
    this.order = props.order;
    this.attempt = props.attempt;
    this.reference = props.reference;
    this.provider = props.provider;
    this.shippingAddress = props.shippingAddress;
  }
}

export const ProviderOrderSchema = new EntitySchema<ProviderOrder, BaseEntity>({
  class: ProviderOrder,
  extends: BaseEntitySchema,
  tableName: 'provider_orders',
  uniques: [{ properties: ['order', 'attempt'] }],
  properties: {
    order: { kind: 'm:1', entity: () => Order, deleteRule: 'cascade' },
    attempt: { type: 'integer' },
    reference: { type: 'string', length: 64, unique: true },
    provider: { type: 'string', length: 20 },
    providerOrderId: { type: 'string', length: 100, nullable: true, unique: true },
    status: { enum: true, items: () => [...PROVIDER_STATUSES], default: 'submitting', index: true },
    providerStatus: { type: 'string', length: 40, nullable: true },
    failureReason: { type: 'text', nullable: true },
    lastError: { type: 'text', nullable: true },
    submitTries: { type: 'integer', default: 0 },
    cost: { type: 'integer', nullable: true },
    costCurrency: { type: 'string', length: 3, nullable: true },
    cancellationFee: { type: 'integer', nullable: true },
    carrier: { type: 'string', length: 80, nullable: true },
    trackingNumber: { type: 'string', length: 80, nullable: true },
    trackingUrl: { type: 'string', length: 500, nullable: true },
    shippingAddress: { type: 'json' },
    submittedAt: { type: 'datetime', nullable: true },
    shippedAt: { type: 'datetime', nullable: true },
    deliveredAt: { type: 'datetime', nullable: true },
    cancelledAt: { type: 'datetime', nullable: true },
    shippedEmailSentAt: { type: 'datetime', nullable: true },
  },
});
