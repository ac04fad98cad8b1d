import { EntitySchema, type Opt } from '@mikro-orm/core';
import { BaseEntity, BaseEntitySchema } from './base';

export const CAMPAIGN_RUN_STATUSES = ['running', 'completed', 'goal_met', 'unsubscribed', 'suppressed', 'stopped'] as const;
export type CampaignRunStatus = (typeof CAMPAIGN_RUN_STATUSES)[number];

/**
 * One enrolment of a customer in a drip campaign (the workflow drip-<campaign>-<customerId> keeps the
 * process; this row is what the admin counts and what "once per customer" campaigns check).
 */
export class CampaignRun extends BaseEntity {
  campaign: string;
  userId: number;
  email: string;
  workflowId: string;
  /** The workflow chain's first run id (+ a restart count): stable across continue-as-new. */
  runKey: string;
  status: CampaignRunStatus & Opt = 'running';
  stepIndex: number & Opt = 0;
  stepId: string | null = null;
  emailsSent: number & Opt = 0;
  context: Record<string, unknown> | null = null;
  endedAt: Date | null = null;

  constructor(props: { campaign: string; userId: number; email: string; workflowId: string; runKey: string }) {
    super();
    this.campaign = props.campaign;
    this.userId = props.userId;
    this.email = props.email;
    this.workflowId = props.workflowId;
    this.runKey = props.runKey;
  }
}

export const SUPPRESSION_REASONS = ['bounced', 'complained'] as const;
export type SuppressionReason = (typeof SUPPRESSION_REASONS)[number];

/** An address no marketing email goes to any more (a hard bounce or a spam complaint reported by Resend). */
export class EmailSuppression extends BaseEntity {
  email: string;
  reason: SuppressionReason;
  detail: string | null = null;
  /** The provider's event that caused it. */
  eventId: string | null = null;

  constructor(email: string, reason: SuppressionReason) {
    super();
    this.email = email.trim().toLowerCase();
    this.reason = reason;
  }
}

export const CampaignRunSchema = new EntitySchema<CampaignRun, BaseEntity>({
  class: CampaignRun,
  extends: BaseEntitySchema,
  tableName: 'campaign_runs',
  indexes: [{ properties: ['campaign', 'status'] }, { properties: ['userId', 'campaign'] }],
  properties: {
    campaign: { type: 'string', length: 32 },
    userId: { type: 'integer' },
    email: { type: 'string', length: 254 },
    workflowId: { type: 'string', length: 128 },
    runKey: { type: 'string', length: 128, unique: true },
    status: { enum: true, items: () => [...CAMPAIGN_RUN_STATUSES], default: 'running' },
    stepIndex: { type: 'integer', default: 0 },
    stepId: { type: 'string', length: 64, nullable: true },
    emailsSent: { type: 'integer', default: 0 },
    context: { type: 'json', nullable: true },
    endedAt: { type: 'datetime', nullable: true },
  },
});

export const EmailSuppressionSchema = new EntitySchema<EmailSuppression, BaseEntity>({
  class: EmailSuppression,
  extends: BaseEntitySchema,
  tableName: 'email_suppressions',
  properties: {
    email: { type: 'string', length: 254, unique: true },
    reason: { enum: true, items: () => [...SUPPRESSION_REASONS] },
    detail: { type: 'text', nullable: true },
    eventId: { type: 'string', length: 255, nullable: true },
  },
});
