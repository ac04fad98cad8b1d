import { EntitySchema, type Opt } from '@mikro-orm/core';
import type { LedgerBucket, LedgerKind } from '#core/ledger.ts';
import { BaseEntity, BaseEntitySchema } from './base';

/**
 * A balance holder: a customer's points or credits (code `customer`), or one of the shop's counter-accounts (code
 * `earned`, `redeemed`, …; see core/ledger.ts). The three balances are the sums of the account's entries per bucket,
 * kept in the same transaction as each transfer (test/ledger.integration.test.ts recomputes them); a customer's never
 * go below zero (a check constraint backs the row lock every transfer takes).
 */
export class LedgerAccount extends BaseEntity {
  kind: LedgerKind;
  customerId: number | null = null;
  code: string;
  available: number & Opt = 0;
  pending: number & Opt = 0;
  reserved: number & Opt = 0;

  constructor(props: { kind: LedgerKind; code: string; customerId: number | null }) {
    super();
    this.kind = props.kind;
    this.code = props.code;
    this.customerId = props.customerId;
  }
}

export const LedgerAccountSchema = new EntitySchema<LedgerAccount, BaseEntity>({
  class: LedgerAccount,
  extends: BaseEntitySchema,
  tableName: 'ledger_accounts',
  properties: {
    kind: { type: 'string' },
    customerId: { type: 'integer', nullable: true },
    code: { type: 'string', length: 32 },
    available: { type: 'integer', default: 0 },
    pending: { type: 'integer', default: 0 },
    reserved: { type: 'integer', default: 0 },
  },
});

/** One business event on the ledger (earned for an order, spent, reversed by a refund, adjusted by an admin). Never changed. */
export class LedgerTransfer {
  id!: number;
  kind!: LedgerKind;
  type!: string;
  idempotencyKey!: string;
  reason!: string;
  orderId: number | null = null;
  refundId: number | null = null;
  adminId: number | null = null;
  createdAt: Date & Opt = new Date();
}

export const LedgerTransferSchema = new EntitySchema<LedgerTransfer>({
  class: LedgerTransfer,
  tableName: 'ledger_transfers',
  properties: {
    id: { type: 'integer', primary: true, autoincrement: true },
    kind: { type: 'string' },
    type: { type: 'string', length: 32 },
    idempotencyKey: { type: 'string', length: 160, unique: true },
    reason: { type: 'text' },
    orderId: { type: 'integer', nullable: true },
    refundId: { type: 'integer', nullable: true },
    adminId: { type: 'integer', nullable: true },
    createdAt: { type: 'datetime', onCreate: () => new Date() },
  },
});

/** One leg of a transfer: an amount into (positive) or out of (negative) one bucket of one account. Never changed. */
export class LedgerEntry {
  id!: number;
  transferId!: number;
  accountId!: number;
  bucket!: LedgerBucket;
  amount!: number;
}

export const LedgerEntrySchema = new EntitySchema<LedgerEntry>({
  class: LedgerEntry,
  tableName: 'ledger_entries',
  properties: {
    id: { type: 'bigint', primary: true, autoincrement: true },
    transferId: { type: 'integer' },
    accountId: { type: 'integer' },
    bucket: { type: 'string' },
    amount: { type: 'integer' },
  },
});

/** Points that became available together (an order's, an admin's credit, a refund's return) and expire together. */
export class PointsLot {
  id!: number;
  accountId!: number;
  transferId!: number;
  amount!: number;
  availableAt!: Date;
  expiresAt!: Date;
  remindedAt: Date | null = null;
  expiredAt: Date | null = null;
  expiredAmount: number & Opt = 0;
}

export const PointsLotSchema = new EntitySchema<PointsLot>({
  class: PointsLot,
  tableName: 'points_lots',
  properties: {
    id: { type: 'integer', primary: true, autoincrement: true },
    accountId: { type: 'integer' },
    transferId: { type: 'integer', unique: true },
    amount: { type: 'integer' },
    availableAt: { type: 'datetime' },
    expiresAt: { type: 'datetime' },
    remindedAt: { type: 'datetime', nullable: true },
    expiredAt: { type: 'datetime', nullable: true },
    expiredAmount: { type: 'integer', default: 0 },
  },
});
