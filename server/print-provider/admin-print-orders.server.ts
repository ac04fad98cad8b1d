// The admin's view of print orders: the order page's "Print provider" section (each submission of the order's provider
// lines, newest first, and which of the admin's print forms apply) and the dashboard's print orders that failed.
import type { EntityManager } from '@mikro-orm/postgresql';
import { isLiveOrderStatus } from '#core/order-display.ts';
import { cancellable, providerAddressFrom, type ProviderAddress, type ProviderStatus } from '#core/print-provider.ts';
import type { Order } from '#db/entities/order.ts';
import { ProviderOrder } from '#db/entities/provider-order.ts';
import type { Env } from '#server/env.server.ts';
import { logger } from '#server/log.server.ts';
import { labelOf } from '#server/rendering/print-file-names.server.ts';
import { getTemporalClient } from '#server/temporal/client.server.ts';
import { fulfillmentWorkflowId } from '#workflows/messages.ts';
import { printPartQuery, type PrintPartState } from '#workflows/print-messages.ts';
import { getPrintProvider } from './print-provider.server.ts';
import { shipsByHand } from './record-provider-order.server.ts';

/** One submission to the provider, as the admin reads it. Money in minor units of `costCurrency`. */
export interface AdminPrintOrder {
  id: number;
  attempt: number;
  reference: string;
  status: ProviderStatus;
  providerOrderId: string | null;
  /** The order in the provider's dashboard (the stand-in's page locally). */
  providerUrl: string | null;
  providerStatus: string | null;
  cost: number | null;
  cancellationFee: number | null;
  costCurrency: string;
  carrier: string | null;
  trackingNumber: string | null;
  trackingUrl: string | null;
  failureReason: string | null;
  /** Why the last submit try did not get through, while it is retried. */
  lastError: string | null;
  submitTries: number;
  shipTo: string;
  createdAt: string;
}

export interface AdminPrintSection {
  /** The order's lines the provider makes. */
  lines: Array<{ id: number; label: string; quantity: number; providerProductId: string | null }>;
  attempts: AdminPrintOrder[];
  /** The workflow's own word on the print part, when it was asked (only while no attempt is under way). */
  partState: PrintPartState | null;
  /** The provider refused or failed it (or its print files could not be made): an admin corrects and resubmits, or refunds. */
  needsAttention: boolean;
  canResubmit: boolean;
  canCancel: boolean;
  /** The order also has lines shipped by hand, not shipped yet: cancelling the fulfillment stops those too. */
  byHandWaiting: boolean;
  /** The address the resubmit form starts from: the latest attempt's, else the order's. */
  address: ProviderAddress | null;
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

/**
 * The fulfillment workflow's print part state, briefly (null when Temporal or a worker does not answer, or the part has
 * not started): it alone knows a print part that failed before any attempt reached the provider (no print file).
 */
async function printPartState(orderNumber: string, timeoutMs = 2000): Promise<PrintPartState | null> {
  const client = getTemporalClient();
  try {
    const part = await client.withDeadline(Date.now() + timeoutMs, () =>
      client.workflow.getHandle(fulfillmentWorkflowId(orderNumber)).query(printPartQuery),
    );
    return part.state;
  } catch (error) {
    logger.debug({ err: error, orderNumber }, 'print part query did not answer');
    return null;
  }
}

/** The section, or null when the order has nothing for the provider. */
export async function loadPrintSection(em: EntityManager, order: Order, env: Env): Promise<AdminPrintSection | null> {
  const items = order.items.getItems();
  const lines = items.filter((i) => i.fulfilment === 'provider');
  const rows = await em.find(ProviderOrder, { order: order.id }, { orderBy: { attempt: 'desc' } });
  if (!lines.length && !rows.length) return null;
  const provider = rows.some((r) => r.providerOrderId) ? getPrintProvider(env) : null;
  const latest = rows[0] ?? null;
  const live = isLiveOrderStatus(order.status);
  // Asked only when the rows cannot tell: no attempt yet, or the latest failed (a resubmission may be under way).
  const ask = live && lines.length > 0 && (!latest || latest.status === 'failed');
  const partState = ask ? await printPartState(order.orderNumber) : null;
  const printFailed = order.events.getItems().some((e) => e.type.startsWith('print_failed_'));
  const needsAttention = partState ? partState === 'needs_attention' : latest ? latest.status === 'failed' : printFailed;
  return {
    lines: lines.map((i) => ({
      id: i.id,
      label: labelOf(i),
      quantity: i.quantity - i.refundedQuantity,
      providerProductId: i.providerProductId,
    })),
    attempts: rows.map((r) => ({
      id: r.id,
      attempt: r.attempt,
      reference: r.reference,
      status: r.status,
      providerOrderId: r.providerOrderId,
      providerUrl: r.providerOrderId && provider ? provider.orderUrl(r.providerOrderId) : null,
      providerStatus: r.providerStatus,
      cost: r.cost,
      cancellationFee: r.cancellationFee,
      costCurrency: (r.costCurrency ?? order.currency).toLowerCase(),
      carrier: r.carrier,
      trackingNumber: r.trackingNumber,
      trackingUrl: r.trackingUrl,
      failureReason: r.failureReason,
      lastError: r.lastError,
      submitTries: r.submitTries,
      shipTo: addressLine(r.shippingAddress),
      createdAt: iso(r.createdAt)!,
    })),
    partState,
    needsAttention,
    canResubmit: live && needsAttention,
    // A failed one while it waits for an admin (the workflow then stops waiting); one at the provider before production.
    canCancel: live && (needsAttention || (latest !== null && cancellable(latest.status))),
    byHandWaiting: !order.shippedAt && items.some(shipsByHand),
    address: latest?.shippingAddress ?? providerAddressFrom(order.shippingAddress, order.email),
  };
}

const addressLine = (a: ProviderAddress) =>
  [`${a.firstName} ${a.lastName}`, a.addressLine1, a.addressLine2, [a.postCode, a.city].filter(Boolean).join(' '), a.state, a.country]
    .filter(Boolean)
    .join(', ');

export const FAILED_PRINT_ORDERS_LIMIT = 50;

/** For the dashboard's "Needs attention": live orders whose latest print order failed, newest first. */
export async function failedPrintOrders(
  em: EntityManager,
): Promise<Array<{ orderNumber: string; status: string; at: string; message: string }>> {
  const rows = await em
    .getConnection()
    .execute<Array<{ order_number: string; order_status: string; updated_at: Date; reference: string; failure_reason: string | null }>>(
      `select * from (
       select distinct on (p.order_id) o.order_number, o.status as order_status, p.status, p.updated_at, p.reference, p.failure_reason
         from provider_orders p join orders o on o.id = p.order_id
        where o.status in ('paid', 'partially_refunded', 'fulfilled')
        order by p.order_id, p.attempt desc
     ) latest
     where latest.status = 'failed' order by latest.updated_at desc limit ?`,
      [FAILED_PRINT_ORDERS_LIMIT],
    );
  return rows.map((r) => ({
    orderNumber: r.order_number,
    status: r.order_status,
    at: new Date(r.updated_at).toISOString(),
    message: `${r.reference}: ${r.failure_reason ?? 'failed at the provider'}`,
  }));
}
