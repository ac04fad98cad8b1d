import { EntitySchema, type Opt } from '@mikro-orm/core';
import { BaseEntity, BaseEntitySchema } from './base';
import { Order } from './order';

export const REFUND_STATUSES = ['requested', 'pending', 'succeeded', 'failed', 'canceled'] as const;
export type RefundStatus = (typeof REFUND_STATUSES)[number];
/** Refunds still able to take money: they count against what remains refundable. */
export const REFUND_IN_FLIGHT: readonly RefundStatus[] = ['requested', 'pending'];

export interface RefundLine {
  orderItemId: number;
  quantity: number;
  /** The refunded items go back on the shelf (a `returned` stock movement) once the refund succeeds. */
  restock?: boolean;
}

/** One refund of an order, from the admin's form or from the Stripe Dashboard; run by refund-<id>. */
export class Refund extends BaseEntity {
  order: Order;
  amount: number;
  currency: string;
  reason: string;
  /** Line items refunded (null for a custom amount). */
  lines: RefundLine[] | null = null;
  includesShipping: boolean & Opt = false;
  status: RefundStatus & Opt = 'requested';
  stripeRefundId: string | null = null;
  failureReason: string | null = null;
  requestedBy: number | null = null;
  source: 'admin' | 'stripe_dashboard';
  completedAt: Date | null = null;

  constructor(props: { order: Order; amount: number; currency: string; reason: string; source: 'admin' | 'stripe_dashboard' }) {
    super();
    this.order = props.order;
    this.amount = props.amount;
    this.currency = props.currency;
    this.reason = props.reason;
    this.source = props.source;
  }
}

export const RefundSchema = new EntitySchema<Refund, BaseEntity>({
  class: Refund,
  extends: BaseEntitySchema,
  tableName: 'refunds',
  properties: {
    order: { kind: 'm:1', entity: () => Order, deleteRule: 'cascade', index: true },
    amount: { type: 'integer' },
    currency: { type: 'string', length: 3 },
    reason: { type: 'text' },
    lines: { type: 'json', nullable: true },
    includesShipping: { type: 'boolean', default: false },
    status: { enum: true, items: () => [...REFUND_STATUSES], default: 'requested' },
    stripeRefundId: { type: 'string', length: 255, nullable: true, unique: true },
    failureReason: { type: 'text', nullable: true },
    requestedBy: { type: 'integer', nullable: true },
    source: { enum: true, items: () => ['admin', 'stripe_dashboard'] },
    completedAt: { type: 'datetime', nullable: true },
  },
});
