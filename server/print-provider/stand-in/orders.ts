// The stand-in's state: Gelato-shaped orders, and beside each what the dev page shows (the print files it
// fetched, the webhooks it sent) and when it takes its next step. Kept in one JSON file, rewritten after each
// change through a rename, so a restart (or a crash half-way through a write) keeps every order.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ProviderAddress } from '#core/print-provider.ts';

/** Gelato's `fulfillmentStatus` words the stand-in uses. */
export const GELATO_STATUSES = ['created', 'passed', 'in_production', 'shipped', 'delivered', 'canceled', 'failed'] as const;
export type GelatoStatus = (typeof GELATO_STATUSES)[number];

export interface GelatoFile {
  type: string;
  url: string;
}

export interface GelatoEvent {
  type: string;
  message: string;
  createdAt: string;
}

export interface GelatoItem {
  id: string;
  itemReferenceId: string;
  productUid: string;
  files: GelatoFile[];
  quantity: number;
  fulfillmentStatus: GelatoStatus;
  /** Why an item failed (`{ type: 'failed', message }`), as the order's failureReason says too. */
  eventLog: GelatoEvent[];
}

/** Gelato's shippingAddress, which the shop's ProviderAddress copies field for field, with the id Gelato gives it. */
export interface GelatoAddress extends ProviderAddress {
  id: string;
}

/** Amounts in major units with two decimals, as Gelato's receipts have them. */
export interface GelatoReceipt {
  id: string;
  orderId: string;
  transactionType: 'purchase_order' | 'cancellation_fee';
  currency: string;
  productsPrice: number;
  shippingPrice: number;
  totalVat: number;
  total: number;
  totalInclVat: number;
}

export interface GelatoPackage {
  id: string;
  orderItemIds: string[];
  trackingCode: string;
  trackingUrl: string;
}

export interface GelatoShipment {
  id: string;
  shipmentMethodName: string;
  shipmentMethodUid: string;
  packages: GelatoPackage[];
}

export interface GelatoOrder {
  id: string;
  orderType: string;
  orderReferenceId: string;
  customerReferenceId: string;
  fulfillmentStatus: GelatoStatus;
  financialStatus: 'pending' | 'paid' | 'canceled';
  currency: string;
  channel: 'api';
  storeId: null;
  createdAt: string;
  updatedAt: string;
  orderedAt: string;
  items: GelatoItem[];
  shippingAddress: GelatoAddress;
  shipment: GelatoShipment | null;
  receipts: GelatoReceipt[];
  /** Why the order failed (the stand-in's addition; the items' eventLog says it the way Gelato does). */
  failureReason: string | null;
}

/** Gelato's `order_status_updated` webhook body. */
export interface GelatoWebhookEvent {
  id: string;
  event: 'order_status_updated';
  orderId: string;
  storeId: null;
  orderReferenceId: string;
  fulfillmentStatus: string;
  items: Array<{
    itemReferenceId: string;
    fulfillmentStatus: string;
    fulfillments: Array<{ trackingCode: string; trackingUrl: string; shipmentMethodName: string; shipmentMethodUid: string }>;
  }>;
}

/** The stand-in downloading one print file, as Gelato does after accepting an order. */
export interface FileFetch {
  itemReferenceId: string;
  url: string;
  state: 'pending' | 'ok' | 'failed';
  status: number | null;
  bytes: number | null;
  error: string | null;
  at: string | null;
}

export interface WebhookAttempt {
  at: string;
  /** The HTTP status answered; null when the shop could not be reached. */
  status: number | null;
  error: string | null;
}

export interface WebhookDelivery {
  deliveryId: string;
  eventId: string;
  /** `status`: the order changed; `duplicate`: an event sent again; `old-status`: an older status, out of order. */
  kind: 'status' | 'duplicate' | 'old-status';
  fulfillmentStatus: string;
  payload: GelatoWebhookEvent;
  state: 'pending' | 'delivered' | 'failed';
  attempts: WebhookAttempt[];
  nextAttemptAt: string | null;
  createdAt: string;
}

export interface StandInRecord {
  order: GelatoOrder;
  /** Every status the order had, oldest first. */
  history: Array<{ status: GelatoStatus; at: string }>;
  /** When the schedule moves it on (null: at an end, or no schedule). */
  nextStepAt: string | null;
  fileFetches: FileFetch[];
  deliveries: WebhookDelivery[];
}

export interface StandInState {
  orders: StandInRecord[];
  /** Charged when an order is cancelled, minor units (0: none). */
  cancellationFee: number;
  /** Until when every `/v4/…` call answers 503 (null: no outage). */
  outageUntil: string | null;
}

const emptyState = (): StandInState => ({ orders: [], cancellationFee: 0, outageUntil: null });

export class OrderStore {
  state: StandInState;

  constructor(readonly file: string) {
    this.state = OrderStore.read(file);
  }

  private static read(file: string): StandInState {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return emptyState();
      throw error;
    }
    const parsed = JSON.parse(text) as Partial<StandInState>;
    return { ...emptyState(), ...parsed, orders: parsed.orders ?? [] };
  }

  /** Writes the whole state to a temporary file, then renames it over the old one. */
  save(): void {
    mkdirSync(path.dirname(this.file), { recursive: true });
    const temporary = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(this.state, null, 1));
    renameSync(temporary, this.file);
  }

  /** Newest first. */
  all(): StandInRecord[] {
    return [...this.state.orders].sort((a, b) => b.order.createdAt.localeCompare(a.order.createdAt));
  }

  get(id: string): StandInRecord | undefined {
    return this.state.orders.find((r) => r.order.id === id);
  }

  byReference(references: readonly string[]): StandInRecord[] {
    return this.all().filter((r) => references.includes(r.order.orderReferenceId));
  }

  add(record: StandInRecord): void {
    this.state.orders.push(record);
    this.save();
  }

  outage(now: number): boolean {
    return this.state.outageUntil !== null && Date.parse(this.state.outageUntil) > now;
  }
}
