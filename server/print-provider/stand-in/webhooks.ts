// Gelato's `order_status_updated` webhooks to the shop: each delivery is tried until the shop answers 2xx,
// up to `tries` times with a doubling delay; every attempt is kept for the dev page. Pending deliveries survive
// a restart (their next attempt is in the saved state).
import { randomBytes, randomUUID } from 'node:crypto';
import type { GelatoOrder, GelatoWebhookEvent, OrderStore, StandInRecord, WebhookDelivery } from './orders.ts';

export interface RetryPolicy {
  tries: number;
  firstDelayMs: number;
  maxDelayMs: number;
}

/** Up to 8 tries, 2 s doubling to 30 s between them. */
export const DEFAULT_RETRY: RetryPolicy = { tries: 8, firstDelayMs: 2000, maxDelayMs: 30_000 };
const ATTEMPT_TIMEOUT_MS = 10_000;

export const newEventId = () => `os_${randomBytes(7).toString('hex')}`;

/** The event for the order as it is now, or claiming `status` (an older one) instead. */
export function statusEvent(order: GelatoOrder, status: string = order.fulfillmentStatus, id = newEventId()): GelatoWebhookEvent {
  const shipped = status === 'shipped' || status === 'delivered';
  const shipment = shipped ? order.shipment : null;
  return {
    id,
    event: 'order_status_updated',
    orderId: order.id,
    storeId: null,
    orderReferenceId: order.orderReferenceId,
    fulfillmentStatus: status,
    items: order.items.map((item) => ({
      itemReferenceId: item.itemReferenceId,
      fulfillmentStatus: status,
      fulfillments: (shipment?.packages ?? [])
        .filter((p) => p.orderItemIds.includes(item.id))
        .map((p) => ({
          trackingCode: p.trackingCode,
          trackingUrl: p.trackingUrl,
          shipmentMethodName: shipment!.shipmentMethodName,
          shipmentMethodUid: shipment!.shipmentMethodUid,
        })),
    })),
  };
}

export class WebhookSender {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly aborter = new AbortController();
  private closed = false;

  constructor(
    private readonly store: OrderStore,
    private readonly url: string,
    private readonly retry: RetryPolicy,
    private readonly onError: (message: string) => void = () => undefined,
  ) {}

  /** Queues the event for the order and tries it at once. */
  send(record: StandInRecord, kind: WebhookDelivery['kind'], payload: GelatoWebhookEvent): WebhookDelivery {
    const now = new Date().toISOString();
    const delivery: WebhookDelivery = {
      deliveryId: randomUUID(),
      eventId: payload.id,
      kind,
      fulfillmentStatus: payload.fulfillmentStatus,
      payload,
      state: 'pending',
      attempts: [],
      nextAttemptAt: now,
      createdAt: now,
    };
    record.deliveries.push(delivery);
    this.store.save();
    this.schedule(delivery, 0);
    return delivery;
  }

  /** Schedules every delivery still pending in the saved state (after a restart). */
  resume(): void {
    for (const record of this.store.state.orders) {
      for (const delivery of record.deliveries) {
        if (delivery.state !== 'pending') continue;
        const due = delivery.nextAttemptAt ? Date.parse(delivery.nextAttemptAt) - Date.now() : 0;
        this.schedule(delivery, Math.max(0, due));
      }
    }
  }

  close(): void {
    this.closed = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.aborter.abort();
  }

  private schedule(delivery: WebhookDelivery, delayMs: number): void {
    if (this.closed) return;
    clearTimeout(this.timers.get(delivery.deliveryId));
    const timer = setTimeout(() => {
      this.timers.delete(delivery.deliveryId);
      void this.attempt(delivery);
    }, delayMs);
    this.timers.set(delivery.deliveryId, timer);
  }

  private async attempt(delivery: WebhookDelivery): Promise<void> {
    let status: number | null = null;
    let error: string | null = null;
    try {
      const response = await fetch(this.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'atelier-print-provider-stand-in' },
        body: JSON.stringify(delivery.payload),
        signal: AbortSignal.any([this.aborter.signal, AbortSignal.timeout(ATTEMPT_TIMEOUT_MS)]),
      });
      status = response.status;
      await response.arrayBuffer().catch(() => undefined);
    } catch (e) {
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      error = cause?.code ?? cause?.message ?? (e instanceof Error ? e.message : String(e));
    }
    // Closing mid-attempt: the delivery stays pending as saved, to be tried again after a restart.
    if (this.closed) return;
    delivery.attempts.push({ at: new Date().toISOString(), status, error });
    const tries = delivery.attempts.length;
    if (status !== null && status >= 200 && status < 300) {
      delivery.state = 'delivered';
      delivery.nextAttemptAt = null;
    } else if (tries >= this.retry.tries) {
      delivery.state = 'failed';
      delivery.nextAttemptAt = null;
      this.onError(
        `webhook ${delivery.eventId} (${delivery.fulfillmentStatus}) gave up after ${tries} tries: ${error ?? `HTTP ${status}`}`,
      );
    } else {
      const delayMs = Math.min(this.retry.maxDelayMs, this.retry.firstDelayMs * 2 ** (tries - 1));
      delivery.nextAttemptAt = new Date(Date.now() + delayMs).toISOString();
      this.schedule(delivery, delayMs);
    }
    this.store.save();
  }
}
