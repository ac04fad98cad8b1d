import { BigIntType, EntitySchema, type Opt } from '@mikro-orm/core';
import { BaseEntity, BaseEntitySchema } from './base';

export const ROLES = ['customer', 'admin', 'superadmin'] as const;
export type Role = (typeof ROLES)[number];

export class User extends BaseEntity {
  email: string;
  name: string | null = null;
  role: Role & Opt = 'customer';
  blocked: boolean & Opt = false;
  blockedReason: string | null = null;
  blockedAt: Date | null = null;
  totalSpent: number & Opt = 0;
  orderCount: number & Opt = 0;
  lastOrderAt: Date | null = null;
  marketingEmails: boolean & Opt = true;
  campaignEmails: boolean & Opt = true;
  /** Set when the account was deleted: the row stays (orders point at it) with nothing personal left. */
  deletedAt: Date | null = null;

  constructor(email: string, role: Role = 'customer') {
    super();
    this.email = email.trim().toLowerCase();
    this.role = role;
  }
}

export const UserSchema = new EntitySchema<User, BaseEntity>({
  class: User,
  extends: BaseEntitySchema,
  tableName: 'users',
  properties: {
    email: { type: 'string', length: 254, unique: true },
    name: { type: 'string', length: 120, nullable: true },
    role: { enum: true, items: () => [...ROLES], default: 'customer' },
    blocked: { type: 'boolean', default: false },
    blockedReason: { type: 'text', nullable: true },
    blockedAt: { type: 'datetime', nullable: true },
    totalSpent: { type: new BigIntType('number'), default: 0 },
    orderCount: { type: 'integer', default: 0 },
    lastOrderAt: { type: 'datetime', nullable: true },
    marketingEmails: { type: 'boolean', default: true },
    campaignEmails: { type: 'boolean', default: true },
    deletedAt: { type: 'datetime', nullable: true },
  },
});
