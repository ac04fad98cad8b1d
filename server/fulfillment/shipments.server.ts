// What fulfillment-<orderNumber> records on the order: the shipment, the delivery, and its other steps.
import { LockMode } from '@mikro-orm/postgresql';
import { Order } from '#db/entities/order.ts';
import { signalCampaignEvent } from '#server/campaigns/campaigns.server.ts';
import type { DbDeps } from '#server/deps.server.ts';
import { appendOrderEvent } from '#server/orders/append-order-event.server.ts';

export interface Shipment {
  carrier: string;
  trackingNumber: string;
  trackingUrl: string | null;
}

/** The parcel's carrier and tracking, once (a second call keeps the first shipment). */
export async function recordShipment(
  { orm }: Pick<DbDeps, 'orm'>,
  { orderNumber, shipment, by }: { orderNumber: string; shipment: Shipment; by: string | null },
): Promise<{ shippedAt: string }> {
  const em = orm.em.fork();
  return em.transactional(async (tx) => {
    const order = await tx.findOneOrFail(Order, { orderNumber }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!order.shippedAt) {
      order.carrier = shipment.carrier;
      order.trackingNumber = shipment.trackingNumber;
      order.trackingUrl = shipment.trackingUrl;
      order.shippedAt = new Date();
      await tx.flush();
    }
    await appendOrderEvent(
      tx,
      order,
      'shipped',
      `Shipped with ${order.carrier}, tracking ${order.trackingNumber}`,
      { carrier: order.carrier, trackingNumber: order.trackingNumber, trackingUrl: order.trackingUrl, adminEmail: by },
      `${orderNumber}:shipped`,
    );
    return { shippedAt: order.shippedAt!.toISOString() };
  });
}

/** The order is delivered (and fulfilled); the post-purchase campaign hears of it. */
export async function recordDelivery(
  { orm }: Pick<DbDeps, 'orm'>,
  { orderNumber, how }: { orderNumber: string; how: 'admin' | 'assumed' | 'provider' },
): Promise<void> {
  const em = orm.em.fork();
  await em.transactional(async (tx) => {
    const order = await tx.findOneOrFail(Order, { orderNumber }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!order.deliveredAt) {
      order.deliveredAt = new Date();
      if (order.status === 'paid') order.status = 'fulfilled';
      await tx.flush();
    }
    await appendOrderEvent(
      tx,
      order,
      'delivered',
      how === 'admin'
        ? 'Marked delivered'
        : how === 'provider'
          ? 'Delivered, as the print provider reports'
          : 'Assumed delivered (no problem reported in time)',
      { how },
      `${orderNumber}:delivered`,
    );
  });
  // The post-purchase campaign waits for this parcel before asking for a review (a repeat signal changes nothing).
  const order = await em.findOneOrFail(Order, { orderNumber }, { fields: ['customer'] });
  if (order.customer) await signalCampaignEvent(em, 'post-purchase', order.customer.id, { event: 'delivered', orderNumber });
}

/** A fulfillment step on the order's timeline, once per type. */
export async function recordFulfillmentEvent(
  { orm }: Pick<DbDeps, 'orm'>,
  { orderNumber, type, message }: { orderNumber: string; type: string; message: string },
): Promise<void> {
  const em = orm.em.fork();
  const order = await em.findOneOrFail(Order, { orderNumber });
  await appendOrderEvent(em, order, type, message, null, `${orderNumber}:${type}`);
}
