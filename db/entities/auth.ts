import { EntitySchema, type Opt, type Ref } from '@mikro-orm/core';
import { BaseEntity, BaseEntitySchema } from './base';
import type { User } from './user';

/**
 * A signed-in browser. The cookie carries a random token; only its SHA-256 is stored, so a leaked
 * database cannot be replayed as sessions. Revoked by setting `revokedAt` (logout, admin, block).
 */
export class Session extends BaseEntity {
  tokenHash: string;
  user: Ref<User>;
  expiresAt: Date;
  lastSeenAt: Date & Opt = new Date();
  revokedAt: Date | null = null;
  ip: string | null = null;
  userAgent: string | null = null;

  constructor(props: { tokenHash: string; user: Ref<User>; expiresAt: Date; ip?: string | null; userAgent?: string | null }) {
    super();
    this.tokenHash = props.tokenHash;
    this.user = props.user;
    this.expiresAt = props.expiresAt;
    this.ip = props.ip ?? null;
    this.userAgent = props.userAgent ?? null;
  }
}

export const SessionSchema = new EntitySchema<Session, BaseEntity>({
  class: Session,
  extends: BaseEntitySchema,
  tableName: 'sessions',
  properties: {
    tokenHash: { type: 'string', length: 64, unique: true },
    user: { kind: 'm:1', entity: 'User', ref: true, index: true, deleteRule: 'cascade' },
    expiresAt: { type: 'datetime' },
    lastSeenAt: { type: 'datetime', onCreate: () => new Date() },
    revokedAt: { type: 'datetime', nullable: true },
    ip: { type: 'string', length: 64, nullable: true },
    userAgent: { type: 'string', length: 255, nullable: true },
  },
});

/** A magic sign-in link: single use, short-lived, stored hashed. Also the rate limiter's ledger. */
export class LoginToken extends BaseEntity {
  tokenHash: string;
  email: string;
  redirectTo: string & Opt = '/account';
  expiresAt: Date;
  usedAt: Date | null = null;
  ip: string | null = null;
  /** 'login' (from /login) or 'lookup' (from /orders/lookup). */
  purpose: string & Opt = 'login';

  constructor(props: { tokenHash: string; email: string; redirectTo: string; expiresAt: Date; ip: string | null; purpose?: string }) {
    super();
    this.tokenHash = props.tokenHash;
    this.email = props.email;
    this.redirectTo = props.redirectTo;
    this.expiresAt = props.expiresAt;
    this.ip = props.ip;
    this.purpose = props.purpose ?? 'login';
  }
}

export const LoginTokenSchema = new EntitySchema<LoginToken, BaseEntity>({
  class: LoginToken,
  extends: BaseEntitySchema,
  tableName: 'login_tokens',
  indexes: [{ properties: ['email', 'createdAt'] }, { properties: ['ip', 'createdAt'] }],
  properties: {
    tokenHash: { type: 'string', length: 64, unique: true },
    email: { type: 'string', length: 254 },
    redirectTo: { type: 'string', length: 512, default: '/account' },
    expiresAt: { type: 'datetime' },
    usedAt: { type: 'datetime', nullable: true },
    ip: { type: 'string', length: 64, nullable: true },
    purpose: { type: 'string', length: 16, default: 'login' },
  },
});
