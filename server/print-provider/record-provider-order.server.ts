// What the provider says about an order, written on the shop's side: the provider order's row moves forward only
// (core/print-provider.ts `advances`), each new status goes on the order's timeline once, and a provider-only order
// shows its parcel as the order's own shipment. Called under the order's row lock.
import type { EntityManager } from '@mikro-orm/postgresql';
import { advances, PROVIDER_STATUS_LABELS, type ProviderStatus } from '#core/print-provider.ts';
import type { Order, OrderItem } from '#db/entities/order.ts';
import type { ProviderOrder as ProviderOrderRow } from '#db/entities/provider-order.ts';
import { appendOrderEvent } from '#server/orders/append-order-event.server.ts';
import { formatMoney } from '#core/money.ts';
import type { ProviderOrder } from './provider.server.ts';

/** The state a workflow acts on (no addresses: the row keeps those). */
export interface PrintOrderState {
  rowId: number;
  attempt: number;
  reference: string;
  providerOrderId: string | null;
  status: ProviderStatus;
  failureReason: string | null;
  hasTracking: boolean;
}

export const stateOf = (row: ProviderOrderRow): PrintOrderState => ({
  rowId: row.id,
  attempt: row.attempt,
  reference: row.reference,
  providerOrderId: row.providerOrderId,
  status: row.status,
  failureReason: row.failureReason,
  hasTracking: row.trackingNumber !== null,
});

/** Lines the studio makes and ships by hand (not files, not credit packs, not the provider's). */
export const shipsByHand = (item: OrderItem) => item.format !== 'digital' && !item.grantsCredits && item.fulfilment !== 'provider';

/** Lines the provider makes (and that are not refunded away). */
export const madeByProvider = (item: OrderItem) =>
  item.format !== 'digital' && item.fulfilment === 'provider' && item.providerProductId !== null && item.quantity > item.refundedQuantity;

export async function recordProviderEvent(
  tx: EntityManager,
  order: Order,
  row: ProviderOrderRow,
  type: string,
  message: string,
  data: Record<string, unknown> | null = null,
): Promise<void> {
  await appendOrderEvent(
    tx,
    order,
    type,
    message,
    { reference: row.reference, providerOrderId: row.providerOrderId, ...data },
    `${row.reference}:${type}`,
  );
}

/**
 * Applies the provider's view of the order to its row: ids, the provider's own status word, cost, tracking; the
 * status only when it is news. Returns whether the status moved. `byHand`: whether the order also has lines shipped
 * by hand (then the provider's parcel stays on its row and the order's own shipment is the studio's).
 */
export async function applyProviderOrder(
  tx: EntityManager,
  order: Order,
  row: ProviderOrderRow,
  seen: ProviderOrder,
  { byHand }: { byHand: boolean },
): Promise<boolean> {
  row.providerOrderId ??= seen.providerOrderId;
  row.providerStatus = seen.providerStatus;
  if (seen.cost !== null && row.status !== 'cancelled') {
    row.cost = seen.cost;
    row.costCurrency = seen.costCurrency;
  }
  const parcel = seen.parcels[0];
  if (parcel && !row.trackingNumber) {
    row.carrier = parcel.carrier.slice(0, 80);
    row.trackingNumber = parcel.trackingNumber.slice(0, 80);
    row.trackingUrl = parcel.trackingUrl?.slice(0, 500) ?? null;
  }
  const moved = advances(row.status, seen.status);
  const now = new Date();
  if (moved) {
    row.status = seen.status;
    if (seen.status === 'failed') row.failureReason = seen.failureReason ?? `The provider marked the order ${seen.providerStatus}`;
    if (seen.status === 'cancelled') row.cancelledAt ??= now;
    if (seen.status === 'shipped' || seen.status === 'delivered') row.shippedAt ??= now;
    if (seen.status === 'delivered') row.deliveredAt ??= now;
    if (row.status !== 'submitting') row.submittedAt ??= now;
  }
  if ((row.status === 'shipped' || row.status === 'delivered') && !byHand && !order.shippedAt && row.trackingNumber) {
    order.carrier = row.carrier;
    order.trackingNumber = row.trackingNumber;
    order.trackingUrl = row.trackingUrl;
    order.shippedAt = row.shippedAt;
  }
  await tx.flush();
  await recordProviderEvent(tx, order, row, `provider_${row.status}`, timelineMessage(row, order.currency), {
    providerStatus: row.providerStatus,
  });
  return moved;
}

function timelineMessage(row: ProviderOrderRow, currency: string): string {
  const label = PROVIDER_STATUS_LABELS[row.status as ProviderStatus];
  switch (row.status) {
    case 'submitted':
      return `Print order ${row.reference} accepted by the provider as ${row.providerOrderId}${row.cost !== null ? ` (cost ${formatMoney(row.cost, (row.costCurrency ?? currency).toLowerCase())})` : ''}`;
    case 'shipped':
      return `Print order ${row.reference} shipped${row.trackingNumber ? ` with ${row.carrier}, tracking ${row.trackingNumber}` : ''}`;
    case 'failed':
      return `Print order ${row.reference} failed: ${row.failureReason}`;
    default:
      return `Print order ${row.reference}: ${label} (${row.providerStatus ?? row.status})`;
  }
}
