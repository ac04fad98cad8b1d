import { LockMode } from '@mikro-orm/postgresql';
import { Order } from '#db/entities/order.ts';
import { User } from '#db/entities/user.ts';
import type { DbDeps } from '#server/deps.server.ts';
import { appendOrderEvent } from './append-order-event.server.ts';

/** A paid guest order joins the account with its email (created when missing), and counts in its stats; once. */
export async function linkOrderToCustomer(
  { orm }: Pick<DbDeps, 'orm'>,
  { orderNumber }: { orderNumber: string },
): Promise<{ customerId: number | null; created: boolean }> {
  const em = orm.em.fork();
  return em.transactional(async (tx) => {
    const order = await tx.findOneOrFail(Order, { orderNumber }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (order.customer) return { customerId: order.customer.id, created: false };
    if (!order.email || !order.paidAt) return { customerId: null, created: false };
    // The account with this email, created when missing (no email for that beyond the confirmation).
    const inserted = await tx
      .createQueryBuilder(User)
      .insert({ email: order.email, role: 'customer', createdAt: new Date(), updatedAt: new Date() })
      .onConflict('email')
      .ignore()
      .execute('run');
    const customer = await tx.findOneOrFail(User, { email: order.email }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    order.customer = customer;
    customer.totalSpent += order.total;
    customer.orderCount += 1;
    if (!customer.lastOrderAt || (order.paidAt && order.paidAt > customer.lastOrderAt)) customer.lastOrderAt = order.paidAt;
    await tx.flush();
    const created = inserted.affectedRows > 0;
    await appendOrderEvent(
      tx,
      order,
      'linked',
      created ? `Guest order: account created for ${order.email}` : `Guest order linked to the account of ${order.email}`,
      { customerId: customer.id, created },
      `${orderNumber}:linked`,
    );
    return { customerId: customer.id, created };
  });
}
