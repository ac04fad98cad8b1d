// Stock through checkout: an order reserves its tracked items when it is created, releases them when it is
// cancelled, and sells them when it is paid. Each step runs inside the order's own transaction (the activity's),
// changes the levels under the variant's row lock, and writes a movement with a dedupe key, so a retried activity
// changes nothing twice. See docs/decisions/055-stock-reserved-in-the-order-transaction.md.
import type { EntityManager } from '@mikro-orm/postgresql';
import { notEnoughStock } from '#core/stock.ts';
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

async function movement(
  tx: EntityManager,
  m: { variantId: number; kind: string; onHand: number; reserved: number; orderNumber: string; actor: string; dedupeKey: string },
) {
  await tx.execute(
    `insert into stock_movements (created_at, updated_at, variant_id, kind, on_hand_delta, reserved_delta, order_number, actor, dedupe_key)
     values (now(), now(), ?, ?, ?, ?, ?, ?, ?) on conflict (dedupe_key) do nothing`,
    [m.variantId, m.kind, m.onHand, m.reserved, m.orderNumber, m.actor, m.dedupeKey],
    'run',
  );
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
    // The row lock makes concurrent checkouts of one variant take turns; the check and the update see the same row.
    const rows = await tx.execute<Array<{ tracked: boolean; left: number }>>(
      'select track_inventory as tracked, on_hand - reserved as left from product_variants where id = ? for update',
      [line.variantId],
    );
    const row = rows[0];
    if (!row || !row.tracked) continue;
    if (row.left < line.quantity) throw new PermanentError(notEnoughStock(line.title, Math.max(0, row.left)), 'OutOfStock');
    await tx.execute(
      'update product_variants set reserved = reserved + ?, updated_at = now() where id = ?',
      [line.quantity, line.variantId],
      'run',
    );
    await movement(tx, {
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
    await tx.execute(
      'update product_variants set reserved = reserved - ?, updated_at = now() where id = ?',
      [held.quantity, held.variant_id],
      'run',
    );
    await movement(tx, {
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
    const rows = await tx.execute<Array<{ left: number }>>(
      'update product_variants set on_hand = on_hand - ?, reserved = reserved - ?, updated_at = now() where id = ? returning on_hand - reserved as left',
      [held.quantity, fromReservation, held.variant_id],
    );
    const left = rows[0]?.left ?? 0;
    if (left < 0) oversold.push({ variantId: held.variant_id, short: -left });
    await movement(tx, {
      variantId: held.variant_id,
      kind: 'sold',
      onHand: -held.quantity,
      reserved: -fromReservation,
      orderNumber: order.orderNumber,
      actor: 'checkout',
      dedupeKey: `sold:${order.orderNumber}:${held.variant_id}`,
    });
  }
  order.stockState = 'sold';
  return { oversold };
}

/** Refunded items that come back to the shelf (the admin ticked "back to stock"): a `returned` movement, once per refund line. */
export async function returnToStock(
  tx: EntityManager,
  r: { variantId: number; quantity: number; orderNumber: string; refundId: number; orderItemId: number },
): Promise<void> {
  const rows = await tx.execute<Array<{ tracked: boolean }>>(
    'select track_inventory as tracked from product_variants where id = ? for update',
    [r.variantId],
  );
  if (!rows[0]?.tracked) return;
  const recorded = await tx.execute<{ affectedRows: number }>(
    `insert into stock_movements (created_at, updated_at, variant_id, kind, on_hand_delta, reserved_delta, order_number, actor, reason, dedupe_key)
     values (now(), now(), ?, 'returned', ?, 0, ?, 'refund', ?, ?) on conflict (dedupe_key) do nothing`,
    [r.variantId, r.quantity, r.orderNumber, `refund ${r.refundId}`, `returned:${r.refundId}:${r.orderItemId}`],
    'run',
  );
  if (recorded.affectedRows > 0) {
    await tx.execute(
      'update product_variants set on_hand = on_hand + ?, updated_at = now() where id = ?',
      [r.quantity, r.variantId],
      'run',
    );
  }
}
