// Activity signatures as the workflows see them (workflows import this file as types only).
import type { OrderStatus } from '#db/entities/order.ts';

export interface PendingOrderSummary {
  orderNumber: string;
  status: OrderStatus;
  total: number;
  currency: string;
  email: string | null;
  /** The CustomerEmail search attribute's value (CUSTOMER_EMAIL_SEARCH: the email, its keyed hash, or null for none). Absent in older histories. */
  emailSearch?: string | null;
  itemCount: number;
}

export interface CheckoutSessionInfo {
  id: string;
  url: string;
  expiresAt: string;
}

export interface PaidOrderSummary {
  orderNumber: string;
  /** Physical items to make and ship (starts fulfillment). Absent in histories recorded before it existed. */
  hasPhysical?: boolean;
  hasDigital?: boolean;
  email: string | null;
  /** The CustomerEmail search attribute's value (CUSTOMER_EMAIL_SEARCH: the email, its keyed hash, or null for none). Absent in older histories. */
  emailSearch?: string | null;
  total: number;
  totalFormatted: string;
}

export type OrderEmailTemplate = 'order-confirmation' | 'order-cancelled' | 'order-shipped' | 'order-refunded' | 'files-ready';

export interface RefundState {
  status: 'pending' | 'succeeded' | 'failed' | 'canceled';
  stripeRefundId: string | null;
  failureReason: string | null;
}

export interface RecordedRefund {
  orderNumber: string;
  amountFormatted: string;
  /** Everything paid is now refunded. */
  full: boolean;
  status: 'succeeded' | 'failed' | 'canceled';
  hasEmail: boolean;
  /** The order's status after this refund (for the OrderStatus search attribute); absent in older histories. */
  orderStatus?: OrderStatus;
  email?: string | null;
}

export interface Shipment {
  carrier: string;
  trackingNumber: string;
  trackingUrl: string | null;
}

export interface CheckoutActivities {
  createPendingOrder(input: {
    orderNumber: string;
    cartId: number;
    customerId: number | null;
    email: string | null;
  }): Promise<PendingOrderSummary>;
  createCheckoutSession(input: { orderNumber: string }): Promise<CheckoutSessionInfo>;
  expireCheckoutSession(input: { orderNumber: string }): Promise<{ status: 'expired' | 'complete' | 'none' }>;
  recordPaymentFailure(input: { orderNumber: string; eventId: string }): Promise<void>;
  markOrderPaid(input: { orderNumber: string; eventId: string }): Promise<PaidOrderSummary>;
  cancelOrder(input: { orderNumber: string; reason: string }): Promise<{ cancelled: boolean; email: string | null }>;
  sendOrderEmail(input: { orderNumber: string; template: OrderEmailTemplate; resendKey?: string; refundId?: number }): Promise<{ emailId: number; status: string }>;
  sendQueuedEmail(input: { emailId: number }): Promise<{ emailId: number; status: string }>;
  linkOrderToCustomer(input: { orderNumber: string }): Promise<{ customerId: number | null; created: boolean }>;
  notifyShopOfOrder(input: { orderNumber: string }): Promise<{ emailId: number; status: string }>;
  recordShipment(input: { orderNumber: string; shipment: Shipment; by: string | null }): Promise<{ shippedAt: string }>;
  recordDelivery(input: { orderNumber: string; how: 'admin' | 'assumed' }): Promise<void>;
  recordFulfillmentEvent(input: { orderNumber: string; type: string; message: string }): Promise<void>;
  createStripeRefund(input: { refundId: number }): Promise<RefundState>;
  fetchStripeRefund(input: { refundId: number }): Promise<RefundState>;
  recordRefundResult(input: { refundId: number; status: 'succeeded' | 'failed' | 'canceled'; failureReason: string | null }): Promise<RecordedRefund>;
  /** A fully refunded order's downloads stop working. */
  revokeDownloads(input: { orderNumber: string; refundId: number }): Promise<{ revoked: number }>;
}

// Rendering (render-<orderNumber> on the `rendering` queue) -------------------------------------------

export interface RenderItemRef {
  itemId: number;
  /** "Night sky poster — A3 digital files", for summaries. */
  label: string;
}

export interface PreparedRender {
  orderNumber: string;
  email: string | null;
  /** The CustomerEmail search attribute's value (CUSTOMER_EMAIL_SEARCH: the email, its keyed hash, or null for none). Absent in older histories. */
  emailSearch?: string | null;
  /** Items to render now (their download rows exist and are pending). */
  items: RenderItemRef[];
  /** Digital items whose files were already made (a rerun skips them). */
  alreadyReady: number;
  /** The order was refunded or cancelled: nothing is rendered. */
  closed: boolean;
}

export interface RenderedItem {
  itemId: number;
  files: Array<{ kind: 'png' | 'pdf'; size: number; checksum: string }>;
}

export interface RenderActivities {
  /** Creates the order's download rows (pending); with itemIds, resets those items' files for a re-render. */
  prepareDownloads(input: { orderNumber: string; itemIds?: number[] }): Promise<PreparedRender>;
  /** Renders one item's PNG and PDF, stores them and marks its download rows ready; heartbeats progress. */
  renderItem(input: { orderNumber: string; itemId: number }): Promise<RenderedItem>;
  /** After the last retry: the item's unfinished files are marked failed (with the reason) on the order. */
  markRenderFailed(input: { orderNumber: string; itemId: number; error: string }): Promise<void>;
  /** Emails the shop's admins (ADMIN_EMAIL and admin accounts) that an item failed; once per key. */
  notifyAdminsOfRenderFailure(input: { orderNumber: string; itemId: number; error: string; key: string }): Promise<{ emailIds: number[] }>;
  /** "Your files are ready" (linking to the order page), once per order; records it on the timeline. */
  sendFilesReadyEmail(input: { orderNumber: string }): Promise<{ emailId: number | null; status: string }>;
}
