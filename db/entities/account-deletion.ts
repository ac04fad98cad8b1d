import { EntitySchema, type Opt } from '@mikro-orm/core';
import { BaseEntity, BaseEntitySchema } from './base';

export const ACCOUNT_DELETION_STATUSES = ['running', 'completed'] as const;
export type AccountDeletionStatus = (typeof ACCOUNT_DELETION_STATUSES)[number];

/** What a deletion did, for the admin's record of it (counts only: nothing personal). */
export interface AccountDeletionSummary {
  orders: number;
  emails: number;
  sessions: number;
  signInLinks: number;
  suppressions: number;
  campaignRuns: number;
  carts: number;
  webhookEvents: number;
  files: number;
}

/**
 * A request to delete a customer's account (theirs, or an admin's for a request received by email), carried out
 * by the workflow delete-account-<userId>. The row outlives the personal data: it is the shop's record that the
 * request was honoured. `email` holds the address only while the workflow needs it (for the confirmation).
 */
export class AccountDeletion extends BaseEntity {
  userId: number;
  requestedBy: 'customer' | 'admin';
  /** The admin who ran it, and the reason they gave. */
  adminEmail: string | null = null;
  reason: string | null = null;
  email: string | null = null;
  status: AccountDeletionStatus & Opt = 'running';
  workflowId: string;
  summary: AccountDeletionSummary | null = null;
  completedAt: Date | null = null;

  constructor(props: { userId: number; requestedBy: 'customer' | 'admin'; workflowId: string; email: string }) {
    super();
    this.userId = props.userId;
    this.requestedBy = props.requestedBy;
    this.workflowId = props.workflowId;
    this.email = props.email;
  }
}

export const AccountDeletionSchema = new EntitySchema<AccountDeletion, BaseEntity>({
  class: AccountDeletion,
  extends: BaseEntitySchema,
  tableName: 'account_deletions',
  properties: {
    userId: { type: 'integer', unique: true },
    requestedBy: { type: 'string', length: 16 },
    adminEmail: { type: 'string', length: 254, nullable: true },
    reason: { type: 'text', nullable: true },
    email: { type: 'string', length: 254, nullable: true },
    status: { enum: true, items: () => [...ACCOUNT_DELETION_STATUSES], default: 'running' },
    workflowId: { type: 'string', length: 128 },
    summary: { type: 'json', nullable: true },
    completedAt: { type: 'datetime', nullable: true },
  },
});
