import { Order } from '#db/entities/order.ts';
import { db } from '#server/db.server.ts';

export async function findOrderWithItems(orderNumber: string) {
  return (await db()).findOne(Order, { orderNumber }, { populate: ['items'] });
}
