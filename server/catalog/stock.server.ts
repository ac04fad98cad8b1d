// Stock through checkout: an order reserves its tracked items when it is created, releases them when it is
// cancelled, and sells them when it is paid. Each step runs inside the order's own transaction (the activity's),
// changes the levels under the variant's row lock, and writes a movement with a dedupe key, so a retried activity
// changes nothing twice. See docs/decisions/055-stock-reserved-in-the-order-transaction.md.
import type { EntityManager } from '@mikro-orm/postgresql';
import { notEnoughStock, type StockMovementKind } from '#core/stock.ts';
import type { Order } from '#db/entities/order.ts';
import { PermanentError } from '#server/errors.server.ts';

export interface StockLine {
  variantId: number;
  title: string;
  quantity: number;
}

interface Held {
  variant_id: number;
  quantity: number;
}

export interface Movement {
  variantId: number;
  kind: StockMovementKind;
  onHand: number;
  reserved: number;
  actor: string;
  orderNumber?: string | null;
  reason?: string | null;
  /** A movement that must happen once (a retried activity, a re-run seed) carries one; the second is a no-op. */
  dedupeKey?: string | null;
}

/**
 * The one way stock changes: the movement is written to the log, and only when it is new are the variant's levels
 * moved by the same deltas — so the levels stay the sums of the log, and a repeat changes nothing. Returns the
 * variant's available count afterwards, or null when the movement had been recorded already.
 */
export async function applyMovement(tx: EntityManager, m: Movement): Promise<number | null> {
  const recorded = await tx.execute<{ affectedRows: number }>(
    `insert into stock_movements (created_at, updated_at, variant_id, kind, on_hand_delta, reserved_delta, order_number, actor, reason, dedupe_key)
     values (now(), now(), ?, ?, ?, ?, ?, ?, ?, ?) on conflict (dedupe_key) do nothing`,
    [m.variantId, m.kind, m.onHand, m.reserved, m.orderNumber ?? null, m.actor, m.reason ?? null, m.dedupeKey ?? null],
    'run',
  );
  if (recorded.affectedRows === 0) return null;
  const rows = await tx.execute<Array<{ left: number }>>(
    'update product_variants set on_hand = on_hand + ?, reserved = reserved + ?, updated_at = now() where id = ? returning on_hand - reserved as left',
    [m.onHand, m.reserved, m.variantId],
  );
  return rows[0]?.left ?? null;
}

/** Locks the variant's row (checks and changes of one variant take turns) and reads its level. */
export async function lockVariantStock(tx: EntityManager, variantId: number) {
  const rows = await tx.execute<Array<{ tracked: boolean; on_hand: number; left: number; format: string }>>(
    'select track_inventory as tracked, on_hand, on_hand - reserved as left, format from product_variants where id = ? for update',
    [variantId],
  );
  return rows[0] ?? null;
}

/**
 * Reserves the order's tracked lines, all or nothing: each variant's row locked and checked in id order (so two
 * checkouts never wait on each other in a cycle), refused when fewer are available than asked. A refusal is a
 * PermanentError naming the item and what is left; the caller's transaction rolls back, so nothing is held.
 * Returns whether anything was reserved (untracked and digital lines hold nothing).
 */
export async function reserveStock(tx: EntityManager, order: Order, lines: readonly StockLine[]): Promise<boolean> {
  const wanted = new Map<number, StockLine>();
  for (const l of lines) {
    const seen = wanted.get(l.variantId);
    wanted.set(l.variantId, seen ? { ...seen, quantity: seen.quantity + l.quantity } : { ...l });
  }
  let reserved = false;
  for (const line of [...wanted.values()].sort((a, b) => a.variantId - b.variantId)) {
    // The row lock makes concurrent checkouts of one variant take turns; the check and the change see the same row.
    const row = await lockVariantStock(tx, line.variantId);
    if (!row || !row.tracked) continue;
    if (row.left < line.quantity) throw new PermanentError(notEnoughStock(line.title, Math.max(0, row.left)), 'OutOfStock');
    await applyMovement(tx, {
      variantId: line.variantId,
      kind: 'reserved',
      onHand: 0,
      reserved: line.quantity,
      orderNumber: order.orderNumber,
      actor: 'checkout',
      dedupeKey: `reserved:${order.orderNumber}:${line.variantId}`,
    });
    reserved = true;
  }
  if (reserved) order.stockState = 'reserved';
  return reserved;
}

/** What the order reserved, by variant (from the movement log, whatever tracking says today). */
async function heldBy(tx: EntityManager, orderNumber: string): Promise<Held[]> {
  return tx.execute<Held[]>(
    `select variant_id, reserved_delta as quantity from stock_movements where order_number = ? and kind = 'reserved' order by variant_id`,
    [orderNumber],
  );
}

/** A cancelled or expired order gives its reservation back. Only from `reserved`: a second call changes nothing. */
export async function releaseStock(tx: EntityManager, order: Order): Promise<void> {
  if (order.stockState !== 'reserved') return;
  for (const held of await heldBy(tx, order.orderNumber)) {
    await applyMovement(tx, {
      variantId: held.variant_id,
      kind: 'released',
      onHand: 0,
      reserved: -held.quantity,
      orderNumber: order.orderNumber,
      actor: 'checkout',
      dedupeKey: `released:${order.orderNumber}:${held.variant_id}`,
    });
  }
  order.stockState = 'released';
}

/**
 * A paid order's items leave the shelf. From `reserved` the reservation becomes the sale; from `released` (money
 * that arrived after the checkout gave up) the items are taken anyway — the order is honoured — and the variants
 * that go below zero available are returned, for the admin's "oversold" attention.
 */
export async function sellStock(tx: EntityManager, order: Order): Promise<{ oversold: Array<{ variantId: number; short: number }> }> {
  const state = order.stockState;
  if (state !== 'reserved' && state !== 'released') return { oversold: [] };
  const oversold: Array<{ variantId: number; short: number }> = [];
  for (const held of await heldBy(tx, order.orderNumber)) {
    const fromReservation = state === 'reserved' ? held.quantity : 0;
    const left = await applyMovement(tx, {
      variantId: held.variant_id,
      kind: 'sold',
      onHand: -held.quantity,
      reserved: -fromReservation,
      orderNumber: order.orderNumber,
      actor: 'checkout',
      dedupeKey: `sold:${order.orderNumber}:${held.variant_id}`,
    });
    if (left !== null && left < 0) oversold.push({ variantId: held.variant_id, short: -left });
  }
  order.stockState = 'sold';
  return { oversold };
}

/** Refunded items that come back to the shelf (the admin ticked "back to stock"): a `returned` movement, once per refund line. */
export async function returnToStock(
  tx: EntityManager,
  r: { variantId: number; quantity: number; orderNumber: string; refundId: number; orderItemId: number },
): Promise<void> {
  if (!(await lockVariantStock(tx, r.variantId))?.tracked) return;
  await applyMovement(tx, {
    variantId: r.variantId,
    kind: 'returned',
    onHand: r.quantity,
    reserved: 0,
    orderNumber: r.orderNumber,
    actor: 'refund',
    reason: `refund ${r.refundId}`,
    dedupeKey: `returned:${r.refundId}:${r.orderItemId}`,
  });
}
