// Who may see an order's status page (/checkout/success): the buyer, recognised by an order-access link
// (server/orders/order-access.server.ts), by the signed-in account the order belongs to, or by the cart cookie of the
// cart that made it. Anyone else, with or without the order number, is shown nothing.
import type { EntityManager } from '@mikro-orm/postgresql';
import { Cart } from '#db/entities/cart.ts';
import type { Order } from '#db/entities/order.ts';
import { getEnv } from '#server/env.server.ts';
import { verifyOrderAccessToken } from '#server/orders/order-access.server.ts';
import { readCartToken } from './cart.server.ts';
import { getUser } from './session.server.ts';

/** How the request showed it is the buyer's, or null when it did not. */
export type OrderViewer = 'link' | 'account' | 'cart';

export async function orderViewer(
  em: EntityManager,
  request: Request,
  order: Order,
  accessToken: string | null,
): Promise<OrderViewer | null> {
  if (accessToken && verifyOrderAccessToken(order.orderNumber, accessToken, getEnv().SESSION_SECRET).ok) return 'link';
  const user = await getUser(request);
  if (user && order.customer?.id === user.id) return 'account';
  if (order.cartId) {
    const cartToken = await readCartToken(request);
    if (cartToken && (await em.count(Cart, { id: order.cartId, token: cartToken })) > 0) return 'cart';
  }
  return null;
}
