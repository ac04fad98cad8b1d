import { EntitySchema, type Opt } from '@mikro-orm/core';
import {
  MEMBERSHIP_END_REASONS,
  MEMBERSHIP_STATUSES,
  PLAN_STATUSES,
  UNUSED_CREDITS_RULES,
  type MembershipEndReason,
  type MembershipStatus,
  type PlanStatus,
  type UnusedCreditsRule,
} from '#core/memberships.ts';
import { BaseEntity, BaseEntitySchema } from './base';
import { User } from './user';

/** A membership plan: a monthly price that adds credits each paid period; mirrored to a Stripe product + recurring price. */
export class MembershipPlan extends BaseEntity {
  name: string;
  description: string | null = null;
  /** Minor units per month. */
  price: number;
  currency: string;
  creditsPerPeriod: number;
  trialDays: number & Opt = 0;
  unusedCredits: UnusedCreditsRule & Opt = 'keep';
  status: PlanStatus & Opt = 'active';
  stripeProductId: string | null = null;
  /** The recurring price new members join at; a price change makes a new Stripe price (Stripe's prices never change). */
  stripePriceId: string | null = null;
  stripePriceAmount: number | null = null;
  /** Bumped at every change; the sync workflow of a version is `membership-plan-<id>-v<version>`. */
  version: number & Opt = 1;
  syncedVersion: number & Opt = 0;
  syncError: string | null = null;

  constructor(props: { name: string; price: number; currency: string; creditsPerPeriod: number }) {
    super();
    this.name = props.name;
    this.price = props.price;
    this.currency = props.currency;
    this.creditsPerPeriod = props.creditsPerPeriod;
  }
}

/** A customer's membership: one subscription from checkout to its end. At most one is not ended per customer. */
export class Membership extends BaseEntity {
  customer: User;
  plan: MembershipPlan;
  status: MembershipStatus & Opt = 'incomplete';
  checkoutSessionId: string | null = null;
  stripeCustomerId: string | null = null;
  stripeSubscriptionId: string | null = null;
  currentPeriodStart: Date | null = null;
  currentPeriodEnd: Date | null = null;
  cancelAtPeriodEnd: boolean & Opt = false;
  /** While paused: the day billing resumes (the periods before it have no invoice and no credits). */
  pausedUntil: Date | null = null;
  /** The first failed renewal not yet paid: the grace period runs from here. */
  pastDueSince: Date | null = null;
  startedAt: Date | null = null;
  endedAt: Date | null = null;
  endReason: MembershipEndReason | null = null;
  /** Unused monthly credits taken away at the end (the plan's rule `expire`). */
  creditsExpired: number | null = null;

  constructor(props: { customer: User; plan: MembershipPlan }) {
    super();
    this.customer = props.customer;
    this.plan = props.plan;
  }
}

export const MEMBERSHIP_INVOICE_STATUSES = ['paid', 'open', 'failed', 'void'] as const;
export type MembershipInvoiceStatus = (typeof MEMBERSHIP_INVOICE_STATUSES)[number];

/** One period's invoice of a membership, as Stripe (or the stand-in) reports it; a paid one grants its credits once. */
export class MembershipInvoice extends BaseEntity {
  membership: Membership;
  stripeInvoiceId: string;
  status: MembershipInvoiceStatus;
  amount: number;
  currency: string;
  periodStart: Date | null = null;
  periodEnd: Date | null = null;
  attemptCount: number & Opt = 0;
  hostedInvoiceUrl: string | null = null;
  paidAt: Date | null = null;
  /** When Stripe created the event that said it was paid: the start of "paid → credits granted". */
  eventCreatedAt: Date | null = null;
  creditsGranted: number & Opt = 0;
  grantedAt: Date | null = null;

  constructor(props: {
    membership: Membership;
    stripeInvoiceId: string;
    status: MembershipInvoiceStatus;
    amount: number;
    currency: string;
  }) {
    super();
    this.membership = props.membership;
    this.stripeInvoiceId = props.stripeInvoiceId;
    this.status = props.status;
    this.amount = props.amount;
    this.currency = props.currency;
  }
}

export const MembershipPlanSchema = new EntitySchema<MembershipPlan, BaseEntity>({
  class: MembershipPlan,
  extends: BaseEntitySchema,
  tableName: 'membership_plans',
  properties: {
    name: { type: 'string', length: 80, unique: true },
    description: { type: 'text', nullable: true },
    price: { type: 'integer' },
    currency: { type: 'string', length: 3 },
    creditsPerPeriod: { type: 'integer' },
    trialDays: { type: 'integer', default: 0 },
    unusedCredits: { enum: true, items: () => [...UNUSED_CREDITS_RULES], default: 'keep' },
    status: { enum: true, items: () => [...PLAN_STATUSES], default: 'active' },
    stripeProductId: { type: 'string', length: 255, nullable: true, unique: true },
    stripePriceId: { type: 'string', length: 255, nullable: true, unique: true },
    stripePriceAmount: { type: 'integer', nullable: true },
    version: { type: 'integer', default: 1 },
    syncedVersion: { type: 'integer', default: 0 },
    syncError: { type: 'text', nullable: true },
  },
});

export const MembershipSchema = new EntitySchema<Membership, BaseEntity>({
  class: Membership,
  extends: BaseEntitySchema,
  tableName: 'memberships',
  properties: {
    customer: { kind: 'm:1', entity: () => User },
    plan: { kind: 'm:1', entity: () => MembershipPlan },
    status: { enum: true, items: () => [...MEMBERSHIP_STATUSES], default: 'incomplete' },
    checkoutSessionId: { type: 'string', length: 255, nullable: true, unique: true },
    stripeCustomerId: { type: 'string', length: 255, nullable: true },
    stripeSubscriptionId: { type: 'string', length: 255, nullable: true, unique: true },
    currentPeriodStart: { type: 'datetime', nullable: true },
    currentPeriodEnd: { type: 'datetime', nullable: true },
    cancelAtPeriodEnd: { type: 'boolean', default: false },
    pausedUntil: { type: 'datetime', nullable: true },
    pastDueSince: { type: 'datetime', nullable: true },
    startedAt: { type: 'datetime', nullable: true },
    endedAt: { type: 'datetime', nullable: true },
    endReason: { enum: true, items: () => [...MEMBERSHIP_END_REASONS], nullable: true },
    creditsExpired: { type: 'integer', nullable: true },
  },
});

export const MembershipInvoiceSchema = new EntitySchema<MembershipInvoice, BaseEntity>({
  class: MembershipInvoice,
  extends: BaseEntitySchema,
  tableName: 'membership_invoices',
  properties: {
    membership: { kind: 'm:1', entity: () => Membership },
    stripeInvoiceId: { type: 'string', length: 255, unique: true },
    status: { enum: true, items: () => [...MEMBERSHIP_INVOICE_STATUSES] },
    amount: { type: 'integer' },
    currency: { type: 'string', length: 3 },
    periodStart: { type: 'datetime', nullable: true },
    periodEnd: { type: 'datetime', nullable: true },
    attemptCount: { type: 'integer', default: 0 },
    hostedInvoiceUrl: { type: 'string', length: 1000, nullable: true },
    paidAt: { type: 'datetime', nullable: true },
    eventCreatedAt: { type: 'datetime', nullable: true },
    creditsGranted: { type: 'integer', default: 0 },
    grantedAt: { type: 'datetime', nullable: true },
  },
});
