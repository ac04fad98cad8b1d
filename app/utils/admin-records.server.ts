// Loading the records admin pages work on (404 when missing), and writing admin notes.
import { randomUUID } from 'node:crypto';
import { Order } from '#db/entities/order.ts';
import { Refund } from '#db/entities/refund.ts';
import { User } from '#db/entities/user.ts';
import { ownedBy } from '#server/accounts/account.server.ts';
import { appendOrderEvent } from '#server/orders/append-order-event.server.ts';
import { db } from '#server/db.server.ts';

export async function loadOrderOr404(orderNumber: string | undefined) {
  const em = await db();
  const order = orderNumber ? await em.findOne(Order, { orderNumber }, { populate: ['items', 'events', 'customer'] }) : null;
  if (!order) throw new Response('No such order', { status: 404 });
  return { em, order };
}

/**
 * The ids of an order's items (the refund form has a field per item); 404 without the order. Read on a
 * fork: the refund's locked read of the order must not meet an instance loaded before the lock.
 */
export async function orderItemIdsOr404(orderNumber: string | undefined): Promise<number[]> {
  const order = orderNumber ? await (await db()).fork().findOne(Order, { orderNumber }, { populate: ['items'] }) : null;
  if (!order) throw new Response('No such order', { status: 404 });
  return order.items.getItems().map((i) => i.id);
}

/** The :id of an admin product page, or a 404 for anything that cannot be one. */
export function productIdOr404(id: string | undefined): number {
  if (!/^\d{1,9}$/.test(id ?? '') || Number(id) < 1) throw new Response('Not found', { status: 404 });
  return Number(id);
}

export async function loadCustomerOr404(id: string | undefined) {
  const em = await db();
  const n = Number(id);
  const user = Number.isInteger(n) && n > 0 && n < 2 ** 31 ? await em.findOne(User, { id: n }) : null;
  if (!user) throw new Response('No such customer', { status: 404 });
  const orders = await em.find(Order, ownedBy(user), { orderBy: { createdAt: 'desc' }, limit: 100 });
  return { em, user, orders };
}

/** A note is a timeline entry of its own type; a double-submitted form carries the same key and adds nothing. */
export async function addOrderNote(orderNumber: string | undefined, admin: { id: number; email: string }, text: string, key: string) {
  const { em, order } = await loadOrderOr404(orderNumber);
  await appendOrderEvent(
    em,
    order,
    'note',
    text,
    { adminId: admin.id, adminEmail: admin.email },
    `${order.orderNumber}:note:${(key || randomUUID()).slice(0, 64)}`,
  );
}

export async function refundsOf(orderId: number) {
  const em = await db();
  const rows = await em.find(Refund, { order: orderId }, { orderBy: { id: 'asc' } });
  return rows.map((r) => ({
    id: r.id,
    amount: r.amount,
    status: r.status,
    reason: r.reason,
    failureReason: r.failureReason,
    source: r.source,
    createdAt: r.createdAt.toISOString(),
    stale: r.status === 'requested' && Date.now() - r.createdAt.getTime() > 30_000,
  }));
}
