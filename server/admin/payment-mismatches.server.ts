// Orders the admin's dashboard lists under "Needs attention": payment events the checkout refused because they did
// not match the order's checkout session (a forged or misdirected "paid"), and orders paid after their stock was
// released that took more than the shelf held (oversold).
import type { EntityManager } from '@mikro-orm/postgresql';
import type { OrderStatus } from '#db/entities/order.ts';
import { OVERSOLD_EVENT } from '#server/orders/mark-order-paid.server.ts';
import { PAYMENT_MISMATCH_EVENT } from '#server/payments/verify-payment-event.server.ts';

/** How far back the dashboard looks, and how many it lists. */
export const PAYMENT_MISMATCH_DAYS = 30;
export const PAYMENT_MISMATCH_LIMIT = 50;

export interface PaymentMismatch {
  orderNumber: string;
  /** The order's status now: still pending, paid later by a genuine payment, or cancelled. */
  status: OrderStatus;
  at: string;
  message: string;
  kind: 'payment_mismatch' | 'oversold';
}

/** The refused payment events and oversold orders of the last PAYMENT_MISMATCH_DAYS days, newest first. */
export async function paymentMismatches(em: EntityManager): Promise<PaymentMismatch[]> {
  const rows = await em
    .getConnection()
    .execute<Array<{ order_number: string; status: OrderStatus; created_at: Date; message: string; type: string }>>(
      `select o.order_number, o.status, e.created_at, e.message, e.type from order_events e join orders o on o.id = e.order_id
        where e.type in (?, ?) and e.created_at > now() - make_interval(days => ?)
        order by e.created_at desc, e.id desc limit ?`,
      [PAYMENT_MISMATCH_EVENT, OVERSOLD_EVENT, PAYMENT_MISMATCH_DAYS, PAYMENT_MISMATCH_LIMIT],
    );
  return rows.map((r) => ({
    orderNumber: r.order_number,
    status: r.status,
    at: new Date(r.created_at).toISOString(),
    message: r.message,
    kind: r.type === OVERSOLD_EVENT ? 'oversold' : 'payment_mismatch',
  }));
}
