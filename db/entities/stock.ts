import { EntitySchema } from '@mikro-orm/core';
import { STOCK_MOVEMENT_KINDS, type StockMovementKind } from '#core/stock.ts';
import { BaseEntity, BaseEntitySchema } from './base';
import { Variant } from './product';

export { STOCK_MOVEMENT_KINDS, type StockMovementKind };

/**
 * One change to a tracked variant's stock, append-only: a variant's `on_hand` and `reserved` are the sums of
 * these deltas (test/stock.integration.test.ts recomputes them). Checkout movements carry the order number
 * and a dedupe key, so a retried activity records nothing twice.
 */
export class StockMovement extends BaseEntity {
  variant: Variant;
  kind: StockMovementKind;
  onHandDelta: number;
  reservedDelta: number;
  orderNumber: string | null = null;
  /** Who: an admin's email, or "checkout" / "refund" / "seed". */
  actor: string;
  reason: string | null = null;
  dedupeKey: string | null = null;

  constructor(props: { variant: Variant; kind: StockMovementKind; onHandDelta: number; reservedDelta: number; actor: string }) {
    super();
    this.variant = props.variant;
    this.kind = props.kind;
    this.onHandDelta = props.onHandDelta;
    this.reservedDelta = props.reservedDelta;
    this.actor = props.actor;
  }
}

export const StockMovementSchema = new EntitySchema<StockMovement, BaseEntity>({
  class: StockMovement,
  extends: BaseEntitySchema,
  tableName: 'stock_movements',
  indexes: [{ properties: ['variant', 'createdAt'] }, { properties: ['orderNumber'] }],
  properties: {
    variant: { kind: 'm:1', entity: () => Variant, deleteRule: 'cascade' },
    kind: { enum: true, items: () => [...STOCK_MOVEMENT_KINDS] },
    onHandDelta: { type: 'integer' },
    reservedDelta: { type: 'integer' },
    orderNumber: { type: 'string', length: 32, nullable: true },
    actor: { type: 'string', length: 254 },
    reason: { type: 'text', nullable: true },
    dedupeKey: { type: 'string', length: 128, nullable: true, unique: true },
  },
});
