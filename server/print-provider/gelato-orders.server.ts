// Gelato's order JSON (v4 "Get order", also the answer to "Create order") read into the shop's ProviderOrder. Pure: no
// I/O. Only the fields listed in gelato.server.test.ts's header are read; everything else Gelato sends is ignored, and a
// field missing or of another type reads as "not said" rather than failing the whole order.
import { fromGelatoStatus } from '#core/print-provider.ts';
import type { ProviderOrder, ProviderParcel } from './provider.server.ts';

export type JsonObject = Record<string, unknown>;

export const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/**
 * A decimal amount (Gelato sends doubles in the order and strings such as "49.12" in search results) in integer
 * minor units, read from its decimal text so 4.35 is 435 and not 434.99…; a third decimal rounds half away from
 * zero. Null when it is not a plain decimal number.
 */
export function toMinorUnits(amount: unknown): number | null {
  const raw =
    typeof amount === 'number' ? (Number.isFinite(amount) ? String(amount) : '') : typeof amount === 'string' ? amount.trim() : '';
  const m = /^(-)?(\d{1,13})(?:\.(\d+))?$/.exec(raw);
  if (!m) return null;
  const [, minus, whole = '0', fraction = ''] = m;
  const cents = Number(whole) * 100 + Number(fraction.slice(0, 2).padEnd(2, '0')) + (Number(fraction[2] ?? '0') >= 5 ? 1 : 0);
  return minus && cents !== 0 ? -cents : cents;
}

/**
 * What Gelato charges for the order: purchase receipts' `totalInclVat` less refund receipts' (a refund counts as
 * money back whichever sign it is written with). Null while there is no receipt, or when a total cannot be read or
 * the receipts are in different currencies.
 */
export function receiptsCost(receipts: unknown): { cost: number; currency: string } | null {
  const read = list(receipts).filter(isObject);
  if (!read.length) return null;
  const currency = text(read[0]?.currency)?.toUpperCase() ?? null;
  if (!currency) return null;
  let cost = 0;
  for (const receipt of read) {
    const total = toMinorUnits(receipt.totalInclVat);
    if (total === null || text(receipt.currency)?.toUpperCase() !== currency) return null;
    cost += receipt.transactionType === 'refund' ? -Math.abs(total) : Math.abs(total);
  }
  return { cost, currency };
}

/** One parcel per shipment package that has a tracking code (packages exist before the carrier has them). */
export function parcelsOf(shipment: unknown): ProviderParcel[] {
  if (!isObject(shipment)) return [];
  const carrier = text(shipment.shipmentMethodName) ?? text(shipment.shipmentMethodUid) ?? 'Carrier';
  return list(shipment.packages)
    .filter(isObject)
    .flatMap((p) => {
      const trackingNumber = text(p.trackingCode);
      return trackingNumber ? [{ carrier, trackingNumber, trackingUrl: text(p.trackingUrl) }] : [];
    });
}

/**
 * Why a failed order failed, from what it carries: Gelato's order has no reason field, so the statuses say what they
 * can (returned, or which items failed); the reason itself is on the order in Gelato's dashboard.
 */
function failureReasonOf(order: JsonObject, fulfillmentStatus: string): string {
  if (fulfillmentStatus === 'returned') return 'Gelato reports the parcel returned to sender';
  const failedItems = list(order.items)
    .filter(isObject)
    .filter((item) => item.fulfillmentStatus === 'failed')
    .map((item) => text(item.itemReferenceId) ?? text(item.id) ?? '?');
  const items = failedItems.length ? ` (failed item${failedItems.length > 1 ? 's' : ''}: ${failedItems.join(', ')})` : '';
  return `Gelato marked the order failed${items}`;
}

/** Gelato's order JSON in the shop's words. Throws TypeError when the JSON is not an order (no id or status). */
export function toProviderOrder(json: unknown): ProviderOrder {
  const id = isObject(json) ? text(json.id) : null;
  const fulfillmentStatus = isObject(json) ? text(json.fulfillmentStatus) : null;
  if (!isObject(json) || !id || !fulfillmentStatus) throw new TypeError('not a Gelato order: no id or fulfillmentStatus');
  const status = fromGelatoStatus(fulfillmentStatus);
  const charged = receiptsCost(json.receipts);
  return {
    providerOrderId: id,
    reference: text(json.orderReferenceId) ?? '',
    status,
    providerStatus: fulfillmentStatus,
    failureReason: status === 'failed' ? failureReasonOf(json, fulfillmentStatus) : null,
    cost: charged?.cost ?? null,
    costCurrency: charged?.currency ?? null,
    parcels: parcelsOf(json.shipment),
  };
}

/** The Gelato order id in a search answer (`{ orders: [...] }`) whose orderReferenceId is exactly `reference`. */
export function orderIdWithReference(searchAnswer: unknown, reference: string): string | null {
  if (!isObject(searchAnswer)) return null;
  const found = list(searchAnswer.orders)
    .filter(isObject)
    .find((o) => o.orderReferenceId === reference && text(o.id));
  return found ? (text(found.id) ?? null) : null;
}
