import { Download } from '#db/entities/download.ts';
import { Order } from '#db/entities/order.ts';
import type { ServerDeps } from '#server/deps.server.ts';
import { appendOrderEvent } from '#server/orders/append-order-event.server.ts';

/** A fully refunded order's files are never served again (the download route refuses revoked rows). Idempotent. */
export async function revokeDownloads(
  { orm }: Pick<ServerDeps, 'orm'>,
  { orderNumber, refundId }: { orderNumber: string; refundId: number },
): Promise<{ revoked: number }> {
  const em = orm.em.fork();
  const order = await em.findOneOrFail(Order, { orderNumber });
  const revoked = await em.nativeUpdate(
    Download,
    { order: order.id, status: { $ne: 'revoked' } },
    { status: 'revoked', revokedAt: new Date() },
  );
  if (revoked > 0) {
    await appendOrderEvent(
      em,
      order,
      'downloads_revoked',
      `Downloads revoked (${revoked} file${revoked === 1 ? '' : 's'}): the order was fully refunded`,
      { refundId, revoked },
      `${orderNumber}:downloads_revoked`,
    );
  }
  return { revoked };
}
