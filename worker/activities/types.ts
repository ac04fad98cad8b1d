// Activity signatures as the workflows see them (workflows import this file as types only).
import type { OrderStatus } from '#db/entities/order.ts';

export interface PendingOrderSummary {
  orderNumber: string;
  status: OrderStatus;
  total: number;
  currency: string;
  email: string | null;
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
  total: number;
  totalFormatted: string;
}

export type OrderEmailTemplate = 'order-confirmation' | 'order-cancelled' | 'order-shipped' | 'order-refunded';

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
}
