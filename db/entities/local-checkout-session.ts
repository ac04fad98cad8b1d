import type { TaxBehavior, TaxBreakdown, TaxCategory } from '#core/tax.ts';
import { EntitySchema, type Opt } from '@mikro-orm/core';
import { BaseEntity, BaseEntitySchema } from './base';

export interface LocalCheckoutLine {
  name: string;
  description: string;
  unitAmount: number;
  quantity: number;
  /** The order item this line is (for per-line taxes) and its tax category; absent on sessions made before tax. */
  orderItemId?: number;
  taxCategory?: TaxCategory;
}

export interface LocalShippingRate {
  id: string;
  displayName: string;
  amount: number;
}

/** Local payment mode: the state Stripe would keep for a Checkout Session. */
export class LocalCheckoutSession extends BaseEntity {
  sessionId: string;
  orderNumber: string;
  currency: string;
  lines: LocalCheckoutLine[];
  shippingRates: LocalShippingRate[];
  collectShipping: boolean;
  customerEmail: string | null = null;
  successUrl: string;
  cancelUrl: string;
  expiresAt: Date;
  status: ('open' | 'complete' | 'expired') & Opt = 'open';
  paymentIntentId: string | null = null;
  completedAt: Date | null = null;
  /** The promotion code applied on the payment page, and what it takes off the subtotal. */
  promoCode: string | null = null;
  discount: number & Opt = 0;
  /** The order's points discount, applied from the start (a promotion code cannot be added on top, as at Stripe). */
  pointsDiscount: number & Opt = 0;
  /** Tax as Stripe Tax would apply it: on or off, prices incl./excl. VAT; the breakdown is fixed when paid (core/tax.ts). */
  taxEnabled: boolean & Opt = false;
  taxBehavior: TaxBehavior & Opt = 'inclusive';
  tax: TaxBreakdown | null = null;

  constructor(props: {
    sessionId: string;
    orderNumber: string;
    currency: string;
    lines: LocalCheckoutLine[];
    shippingRates: LocalShippingRate[];
    collectShipping: boolean;
    successUrl: string;
    cancelUrl: string;
    expiresAt: Date;
  }) {
    super();
    this.sessionId = props.sessionId;
    this.orderNumber = props.orderNumber;
    this.currency = props.currency;
    this.lines = props.lines;
    this.shippingRates = props.shippingRates;
    this.collectShipping = props.collectShipping;
    this.successUrl = props.successUrl;
    this.cancelUrl = props.cancelUrl;
    this.expiresAt = props.expiresAt;
  }
}

export const LocalCheckoutSessionSchema = new EntitySchema<LocalCheckoutSession, BaseEntity>({
  class: LocalCheckoutSession,
  extends: BaseEntitySchema,
  tableName: 'local_checkout_sessions',
  properties: {
    sessionId: { type: 'string', length: 255, unique: true },
    orderNumber: { type: 'string', length: 32, unique: true },
    currency: { type: 'string', length: 3 },
    lines: { type: 'json' },
    shippingRates: { type: 'json' },
    collectShipping: { type: 'boolean' },
    customerEmail: { type: 'string', length: 254, nullable: true },
    successUrl: { type: 'text' },
    cancelUrl: { type: 'text' },
    expiresAt: { type: 'datetime' },
    status: { type: 'string', length: 16, default: 'open' },
    paymentIntentId: { type: 'string', length: 255, nullable: true },
    completedAt: { type: 'datetime', nullable: true },
    promoCode: { type: 'string', length: 40, nullable: true },
    discount: { type: 'integer', default: 0 },
    pointsDiscount: { type: 'integer', default: 0 },
    taxEnabled: { type: 'boolean', default: false },
    taxBehavior: { type: 'string', length: 10, default: 'inclusive' },
    tax: { type: 'json', nullable: true },
  },
});
