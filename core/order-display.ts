// How an order reads to its customer: dates, item summaries, address lines, the timeline they may
// see, tracking, and how often a page showing it should look again. Pure: used by loaders and components.
import type { OrderStatus, ShippingAddress } from './order-status.ts';

/** Statuses after which nothing more happens to an order by itself: pages stop polling. */
export const FINAL_ORDER_STATUSES: readonly OrderStatus[] = ['cancelled', 'refunded', 'fulfilled'];

/** Orders that went ahead (paid, not cancelled or fully refunded): they can be refunded and their files made and served. */
export const LIVE_ORDER_STATUSES: readonly OrderStatus[] = ['paid', 'partially_refunded', 'fulfilled'];

export function isLiveOrderStatus(status: string): boolean {
  return (LIVE_ORDER_STATUSES as readonly string[]).includes(status);
}

export function isFinalOrderStatus(status: string): boolean {
  return (FINAL_ORDER_STATUSES as readonly string[]).includes(status);
}

/**
 * How often an open order page revalidates, or null when it need not: quickly while the payment is
 * being confirmed, more calmly while files are made or the parcel is on its way.
 */
export function pollIntervalMs(
  status: string,
  order?: { physical: boolean; files: { total: number; inProgress: boolean } },
): number | null {
  if (isFinalOrderStatus(status)) return null;
  if (status === 'pending') return 3_000;
  if (order?.files.inProgress) return 2_000;
  // A paid digital-only order whose files are all there (made, or failed and with the shop) waits for nothing more.
  if (order && !order.physical && order.files.total > 0) return null;
  return 10_000;
}

const DATE = new Intl.DateTimeFormat('en-IE', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const TIME = new Intl.DateTimeFormat('en-IE', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'UTC' });

/** "14 June 2025" — in UTC, so the server and the browser print the same text. */
export function formatOrderDate(at: string | Date): string {
  const d = typeof at === 'string' ? new Date(at) : at;
  return Number.isNaN(d.getTime()) ? '' : DATE.format(d);
}

/** "14 June 2025, 09:41 UTC". */
export function formatOrderDateTime(at: string | Date): string {
  const d = typeof at === 'string' ? new Date(at) : at;
  return Number.isNaN(d.getTime()) ? '' : `${DATE.format(d)}, ${TIME.format(d)} UTC`;
}

export interface SummaryItem {
  title: string;
  quantity: number;
}

export function countItems(items: readonly SummaryItem[]): number {
  return items.reduce((n, i) => n + i.quantity, 0);
}

/** "2 × Night Sky Poster, Canvas Tote and 2 more": the first `shown` lines, then how many others. */
export function summariseItems(items: readonly SummaryItem[], shown = 2): string {
  if (items.length === 0) return 'No items';
  const named = items.slice(0, Math.max(1, shown)).map((i) => (i.quantity > 1 ? `${i.quantity} × ${i.title}` : i.title));
  const rest = items.length - named.length;
  return rest > 0 ? `${named.join(', ')} and ${rest} more` : named.join(', ');
}

/** The address as the lines of an envelope, empty parts left out. */
export function addressLines(a: ShippingAddress | null | undefined): string[] {
  if (!a) return [];
  const clean = (s: string | null | undefined) => s?.trim() || null;
  const cityLine = [clean(a.postalCode), clean(a.city)].filter(Boolean).join(' ');
  return [clean(a.name), clean(a.line1), clean(a.line2), cityLine || null, clean(a.state), clean(a.country)].filter(
    (l): l is string => l != null,
  );
}

export interface TimelineEvent {
  id: number;
  type: string;
  message: string;
  at: string;
}

/**
 * The order events a customer sees, in their words. Anything not listed (admin notes, account
 * linking, provider details) stays internal: a new event type shows up here only once added.
 * `null` keeps the event's own message (written for the customer by whoever records it).
 */
const CUSTOMER_EVENTS: Record<string, string | null> = {
  created: 'Order placed',
  payment_failed: 'A payment attempt did not go through',
  paid: 'Payment received',
  reopened: 'Payment received after the order had been cancelled — your order is going ahead',
  cancelled: 'Order cancelled',
  files_ready: null,
  downloads_revoked: 'Downloads closed: the order was refunded',
  shipped: null,
  delivered: null,
  fulfilled: 'Order complete',
  refunded: null,
  partially_refunded: null,
};

export function customerTimeline(events: readonly TimelineEvent[]): TimelineEvent[] {
  return events.flatMap((e) => {
    if (!Object.hasOwn(CUSTOMER_EVENTS, e.type)) return [];
    return [{ ...e, message: CUSTOMER_EVENTS[e.type] ?? e.message }];
  });
}

export interface Tracking {
  carrier: string | null;
  number: string;
  url: string | null;
}

/**
 * Tracking details from an order record, when the record has them (`carrier`, `trackingNumber`,
 * `trackingUrl`); the link only when it is a plain http(s) URL.
 */
export function trackingOf(record: object): Tracking | null {
  const r = record as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : null);
  const number = text(r.trackingNumber);
  if (!number) return null;
  let url = text(r.trackingUrl);
  if (url) {
    try {
      const parsed = new URL(url);
      if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') url = null;
    } catch {
      url = null;
    }
  }
  return { carrier: text(r.carrier) ?? text(r.trackingCarrier), number, url };
}

/** A `?page=` value as a page number from 1; anything else is page 1. */
export function parsePage(value: string | null): number {
  const n = Number(value ?? '1');
  return Number.isInteger(n) && n >= 1 && n <= 100_000 ? n : 1;
}

export function pageCount(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / pageSize));
}
