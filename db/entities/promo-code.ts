import { EntitySchema, type Opt } from '@mikro-orm/core';
import type { PromoKind, PromoRules } from '#core/promotions.ts';
import { BaseEntity, BaseEntitySchema } from './base';

export const PROMO_SOURCES = ['admin', 'campaign'] as const;
export type PromoSource = (typeof PROMO_SOURCES)[number];

/** A promo code: the shop's record, mirrored to a Stripe coupon + promotion code by the syncPromoCode workflow. */
export class PromoCode extends BaseEntity {
  /** Upper case, letters digits and dashes; unique forever (a deleted code keeps its history). */
  code: string;
  kind: PromoKind;
  percentOff: number | null = null;
  amountOff: number | null = null;
  currency: string | null = null;
  maxRedemptions: number | null = null;
  maxPerCustomer: number | null = null;
  startsAt: Date | null = null;
  endsAt: Date | null = null;
  minimumAmount: number | null = null;
  minimumCurrency: string | null = null;
  description: string | null = null;
  active: boolean & Opt = true;
  /** Soft delete: the code stops working, its orders and redemptions stay. */
  deletedAt: Date | null = null;
  /** Paid orders that used it; changed only together with a promo_redemptions row. */
  timesRedeemed: number & Opt = 0;
  source: PromoSource & Opt = 'admin';
  createdBy: string | null = null;
  stripeCouponId: string | null = null;
  stripePromotionCodeId: string | null = null;
  /** Bumped at every change; the sync workflow of a version is `promo-code-<id>-v<version>`. */
  version: number & Opt = 1;
  syncedVersion: number & Opt = 0;
  syncError: string | null = null;

  constructor(props: { code: string; kind: PromoKind }) {
    super();
    this.code = props.code;
    this.kind = props.kind;
  }
}

/** One paid order's use of a code: the order number is unique, so a repeated webhook counts once. */
export class PromoRedemption extends BaseEntity {
  promoCode: PromoCode;
  orderNumber: string;
  customerId: number | null = null;
  email: string | null = null;
  discount: number & Opt = 0;
  currency: string;

  constructor(props: { promoCode: PromoCode; orderNumber: string; currency: string }) {
    super();
    this.promoCode = props.promoCode;
    this.orderNumber = props.orderNumber;
    this.currency = props.currency;
  }
}

export function rulesOf(p: PromoCode): PromoRules {
  return {
    kind: p.kind,
    percentOff: p.percentOff,
    amountOff: p.amountOff,
    currency: p.currency,
    active: p.active,
    deleted: p.deletedAt != null,
    startsAt: p.startsAt,
    endsAt: p.endsAt,
    maxRedemptions: p.maxRedemptions,
    maxPerCustomer: p.maxPerCustomer,
    minimumAmount: p.minimumAmount,
    minimumCurrency: p.minimumCurrency,
  };
}

export const PromoCodeSchema = new EntitySchema<PromoCode, BaseEntity>({
  class: PromoCode,
  extends: BaseEntitySchema,
  tableName: 'promo_codes',
  indexes: [{ properties: ['createdAt'] }],
  properties: {
    code: { type: 'string', length: 40, unique: true },
    kind: { enum: true, items: () => ['percent', 'fixed'] },
    percentOff: { type: 'integer', nullable: true },
    amountOff: { type: 'integer', nullable: true },
    currency: { type: 'string', length: 3, nullable: true },
    maxRedemptions: { type: 'integer', nullable: true },
    maxPerCustomer: { type: 'integer', nullable: true },
    startsAt: { type: 'datetime', nullable: true },
    endsAt: { type: 'datetime', nullable: true },
    minimumAmount: { type: 'integer', nullable: true },
    minimumCurrency: { type: 'string', length: 3, nullable: true },
    description: { type: 'text', nullable: true },
    active: { type: 'boolean', default: true },
    deletedAt: { type: 'datetime', nullable: true },
    timesRedeemed: { type: 'integer', default: 0 },
    source: { enum: true, items: () => [...PROMO_SOURCES], default: 'admin' },
    createdBy: { type: 'string', length: 254, nullable: true },
    stripeCouponId: { type: 'string', length: 255, nullable: true },
    stripePromotionCodeId: { type: 'string', length: 255, nullable: true, unique: true },
    version: { type: 'integer', default: 1 },
    syncedVersion: { type: 'integer', default: 0 },
    syncError: { type: 'text', nullable: true },
  },
});

export const PromoRedemptionSchema = new EntitySchema<PromoRedemption, BaseEntity>({
  class: PromoRedemption,
  extends: BaseEntitySchema,
  tableName: 'promo_redemptions',
  indexes: [{ properties: ['promoCode', 'email'] }, { properties: ['promoCode', 'customerId'] }],
  properties: {
    promoCode: { kind: 'm:1', entity: () => PromoCode },
    orderNumber: { type: 'string', length: 32, unique: true },
    customerId: { type: 'integer', nullable: true },
    email: { type: 'string', length: 254, nullable: true },
    discount: { type: 'integer', default: 0 },
    currency: { type: 'string', length: 3 },
  },
});
