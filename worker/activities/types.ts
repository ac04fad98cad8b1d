// Activity signatures as the workflows see them (workflows import this file as types only). The data
// they carry is defined by the server operations behind them.
import type { PendingOrderSummary } from '#server/orders/create-pending-order.server.ts';
import type { PaidOrderSummary } from '#server/orders/mark-order-paid.server.ts';
import type { SettledOrder, SettlePaidOrderInput } from '#server/orders/settle-paid-order.server.ts';
import type { ConfirmedOrder } from '#server/orders/confirm-paid-order.server.ts';
import type { CheckoutSessionInfo } from '#server/payments/create-checkout-session.server.ts';
import type { PaymentEventCheck } from '#server/payments/verify-payment-event.server.ts';
import type { OrderEmailTemplate } from '#server/emails/order-emails.server.ts';
import type { RefundState } from '#server/refunds/stripe-refunds.server.ts';
import type { RecordedRefund } from '#server/refunds/record-refund-result.server.ts';
import type { Shipment } from '#server/fulfillment/shipments.server.ts';
import type { PreparedRender, RenderItemRef } from '#server/rendering/prepare-downloads.server.ts';
import type { RenderedItem } from '#server/rendering/render-item.server.ts';

export type {
  CheckoutSessionInfo,
  OrderEmailTemplate,
  PaidOrderSummary,
  PaymentEventCheck,
  PendingOrderSummary,
  PreparedRender,
  RecordedRefund,
  RefundState,
  RenderedItem,
  RenderItemRef,
  Shipment,
};

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
  /** Whether a recorded Checkout Session event is about `sessionId` (the checkout's own), in its currency, for the amount due; a mismatch goes on the order's timeline. */
  verifyPaymentEvent(input: { orderNumber: string; eventId: string; sessionId: string }): Promise<PaymentEventCheck>;
  markOrderPaid(input: { orderNumber: string; eventId: string }): Promise<PaidOrderSummary>;
  cancelOrder(input: { orderNumber: string; reason: string }): Promise<{ cancelled: boolean; email: string | null }>;
  sendOrderEmail(input: {
    orderNumber: string;
    template: OrderEmailTemplate;
    resendKey?: string;
    refundId?: number;
    /** The provider's parcel (provider_orders row) for `order-shipped`. */
    printOrderId?: number;
  }): Promise<{ emailId: number; status: string }>;
  sendQueuedEmail(input: { emailId: number }): Promise<{ emailId: number; status: string }>;
  linkOrderToCustomer(input: { orderNumber: string }): Promise<{ customerId: number | null; created: boolean }>;
  notifyShopOfOrder(input: { orderNumber: string }): Promise<{ emailId: number; status: string }>;
  recordShipment(input: { orderNumber: string; shipment: Shipment; by: string | null }): Promise<{ shippedAt: string }>;
  recordDelivery(input: { orderNumber: string; how: 'admin' | 'assumed' | 'provider' }): Promise<void>;
  recordFulfillmentEvent(input: { orderNumber: string; type: string; message: string }): Promise<void>;
  createStripeRefund(input: { refundId: number }): Promise<RefundState>;
  fetchStripeRefund(input: { refundId: number }): Promise<RefundState>;
  recordRefundResult(input: {
    refundId: number;
    status: 'succeeded' | 'failed' | 'canceled';
    failureReason: string | null;
  }): Promise<RecordedRefund>;
  /** A fully refunded order's downloads stop working. */
  revokeDownloads(input: { orderNumber: string; refundId: number }): Promise<{ revoked: number }>;
  /** The VAT per line and on shipping, as the payment page (Stripe Tax or the local stand-in) worked it out, on the paid order. */
  recordOrderTaxes(input: { orderNumber: string }): Promise<{ tax: number; country: string | null }>;
  /** The paid order's invoice: numbered once from the gapless series, its PDF stored (again, if a crash came between). */
  issueInvoice(input: { orderNumber: string }): Promise<{ number: string; pdfKey: string }>;
  /** A succeeded refund's credit note, referring to the order's invoice; null for a refund that did not succeed. */
  issueCreditNote(input: { refundId: number }): Promise<{ number: string; pdfKey: string } | null>;
  /** Right after payment (a local step): the order joins its customer, bought credits are granted, its follow-on workflows start. */
  settlePaidOrder(input: SettlePaidOrderInput): Promise<SettledOrder>;
  /** Then: VAT per line, the invoice, the confirmation email and the campaigns, in that order. */
  confirmPaidOrder(input: { orderNumber: string }): Promise<ConfirmedOrder>;
}

// Rendering (render-<orderNumber> on the `rendering` queue) -------------------------------------------

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
  /** The print credits that paid for one item: spent once its file is made, given back when it failed for good. */
  settleItemCredits(input: { orderNumber: string; itemId: number; outcome: 'spend' | 'release' }): Promise<{ credits: number }>;
}
