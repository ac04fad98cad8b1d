// The life of a stand-in order: created → in_production → shipped → delivered, or failed before it ships, or
// canceled before production. The items follow the order; shipping adds one DHL parcel with tracking.
import { randomInt, randomUUID } from 'node:crypto';
import { cancellationReceipt } from './order-request.ts';
import type { GelatoStatus, StandInRecord } from './orders.ts';

/** The step cannot happen in the order's status: answered 409 `{ code: 'Conflict', message }`. */
export class ConflictError extends Error {
  override readonly name = 'ConflictError';
}

const NEXT: Partial<Record<GelatoStatus, GelatoStatus>> = {
  created: 'in_production',
  passed: 'in_production',
  in_production: 'shipped',
  shipped: 'delivered',
};

/** Still moving towards delivery (the schedule keeps stepping it). */
export const hasNextStep = (status: GelatoStatus): boolean => NEXT[status] !== undefined;

const beforeProduction = (status: GelatoStatus) => status === 'created' || status === 'passed';
const beforeShipping = (status: GelatoStatus) => beforeProduction(status) || status === 'in_production';

function setStatus(record: StandInRecord, status: GelatoStatus, now: Date): void {
  const at = now.toISOString();
  record.order.fulfillmentStatus = status;
  record.order.updatedAt = at;
  for (const item of record.order.items) item.fulfillmentStatus = status;
  record.history.push({ status, at });
}

function trackingCode(): string {
  return `STANDIN${String(randomInt(0, 1e9)).padStart(9, '0')}${randomInt(0, 10)}`;
}

/** Moves the order one step on; returns its new status. */
export function advance(record: StandInRecord, now: Date): GelatoStatus {
  const { order } = record;
  const next = NEXT[order.fulfillmentStatus];
  if (!next) throw new ConflictError(`Order is ${order.fulfillmentStatus}: it has no next step`);
  if (next === 'in_production') order.financialStatus = 'paid';
  if (next === 'shipped') {
    const code = trackingCode();
    order.shipment = {
      id: randomUUID(),
      shipmentMethodName: 'DHL Parcel',
      shipmentMethodUid: 'dhl_parcel',
      packages: [
        {
          id: randomUUID(),
          orderItemIds: order.items.map((i) => i.id),
          trackingCode: code,
          trackingUrl: `https://tracking.example/${code}`,
        },
      ],
    };
  }
  setStatus(record, next, now);
  return next;
}

/** Fails the order (before it ships): the reason on the order and in each item's event log. */
export function fail(record: StandInRecord, reason: string, now: Date): void {
  const { order } = record;
  if (!beforeShipping(order.fulfillmentStatus)) throw new ConflictError(`Order is ${order.fulfillmentStatus}: it can no longer fail`);
  order.failureReason = reason;
  for (const item of order.items) item.eventLog.push({ type: 'failed', message: reason, createdAt: now.toISOString() });
  setStatus(record, 'failed', now);
}

/**
 * Cancels the order before production. A fee (minor units) stays on it as a `cancellation_fee` receipt;
 * without one its receipts go. Returns false when it was canceled already (nothing changes).
 */
export function cancel(record: StandInRecord, fee: number, now: Date): boolean {
  const { order } = record;
  if (order.fulfillmentStatus === 'canceled') return false;
  if (!beforeProduction(order.fulfillmentStatus)) {
    throw new ConflictError(
      order.fulfillmentStatus === 'failed'
        ? 'Order has failed and cannot be canceled'
        : 'Order is already in production and cannot be canceled',
    );
  }
  order.financialStatus = 'canceled';
  order.receipts = fee > 0 ? [cancellationReceipt(order.id, order.currency, fee)] : [];
  setStatus(record, 'canceled', now);
  return true;
}
