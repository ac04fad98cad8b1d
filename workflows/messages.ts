// Names shared by the web app, the workers and the workflows: task queues, ids, signals, queries, updates.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import type { Shipment } from '#core/schemas/shipment.ts';

export const TASK_QUEUES = { commerce: 'commerce', rendering: 'rendering' } as const;
export type TaskQueue = (typeof TASK_QUEUES)[keyof typeof TASK_QUEUES];

export const checkoutWorkflowId = (orderNumber: string) => `checkout-${orderNumber}`;
export const fulfillmentWorkflowId = (orderNumber: string) => `fulfillment-${orderNumber}`;
export const refundWorkflowId = (refundId: number) => `refund-${refundId}`;
export const emailWorkflowId = (emailId: number) => `email-${emailId}`;
export const resendWorkflowId = (template: string, orderNumber: string, key: string) => `resend-${template}-${orderNumber}-${key}`;

export const OrderNumberKey = defineSearchAttributeKey('OrderNumber', SearchAttributeType.KEYWORD);
export const CustomerEmailKey = defineSearchAttributeKey('CustomerEmail', SearchAttributeType.KEYWORD);
export const OrderStatusKey = defineSearchAttributeKey('OrderStatus', SearchAttributeType.KEYWORD);

/** The Stripe events the checkout workflow acts on. */
export const CHECKOUT_EVENT_TYPES = [
  'checkout.session.completed',
  'checkout.session.async_payment_succeeded',
  'checkout.session.async_payment_failed',
  'checkout.session.expired',
  'payment_intent.payment_failed',
] as const;
export type CheckoutEventType = (typeof CHECKOUT_EVENT_TYPES)[number];

/** A webhook handed to the workflow: ids only; the payload stays in the webhook_events table. */
export interface PaymentEvent {
  eventId: string;
  type: CheckoutEventType;
  sessionId: string | null;
  paymentStatus: string | null;
}

export type CheckoutState =
  'creating_order' | 'creating_session' | 'awaiting_payment' | 'awaiting_async_payment' | 'recording_payment' | 'paid' | 'cancelled';

export interface CheckoutStatus {
  orderNumber: string;
  state: CheckoutState;
  checkoutUrl: string | null;
  failedAttempts: number;
  reason: string | null;
}

/**
 * Why a checkout ended unpaid. `not_started`: no order could be made from the cart (empty, something no
 * longer sold), so trying again fails the same way. `expired` and `payment_failed`: the cart may check
 * out again under a new order number.
 */
export type CheckoutEnd = 'not_started' | 'expired' | 'payment_failed';

export type StartCheckoutResult =
  | { ok: true; orderNumber: string; checkoutUrl: string }
  /** `endedBecause` is absent from checkouts that were already running when it was added. */
  | { ok: false; orderNumber: string; reason: string; state: CheckoutState; endedBecause?: CheckoutEnd };

export const paymentEventSignal = defineSignal<[PaymentEvent]>('paymentEvent');
export const checkoutStatusQuery = defineQuery<CheckoutStatus>('checkoutStatus');
/** The checkout action waits on this Update for the Checkout URL. */
export const startCheckoutUpdate = defineUpdate<StartCheckoutResult>('startCheckout');

// Fulfillment ---------------------------------------------------------------------------------------

/** A parcel as core/schemas/shipment.ts checks it, and who marked it (admin email) for the timeline. */
export type ShipmentInput = Shipment & { by: string | null };

export type FulfillmentState = 'notifying_shop' | 'awaiting_shipment' | 'shipped' | 'delivered' | 'cancelled';

export interface FulfillmentStatus {
  orderNumber: string;
  state: FulfillmentState;
  shippedAt: string | null;
  cancelReason: string | null;
}

/** The admin's "mark shipped": refused by its validator for a cancelled or already shipped order. */
export const markShippedUpdate = defineUpdate<{ shippedAt: string }, [ShipmentInput]>('markShipped');
export const markDeliveredSignal = defineSignal<[{ by: string | null }]>('markDelivered');
/** A full refund before shipping (the refund workflow) or an admin cancels the fulfillment. */
export const cancelFulfillmentSignal = defineSignal<[{ reason: string }]>('cancelFulfillment');
export const fulfillmentStatusQuery = defineQuery<FulfillmentStatus>('fulfillmentStatus');

// Refunds -------------------------------------------------------------------------------------------

export type RefundOutcome = 'pending' | 'succeeded' | 'failed' | 'canceled';

export interface RefundUpdate {
  status: RefundOutcome;
  failureReason: string | null;
}

/** Stripe's word on the refund (charge.refund.updated / charge.refunded webhooks). */
export const refundUpdateSignal = defineSignal<[RefundUpdate]>('refundUpdate');

/** promo-code-<id>-v<version>: one sync of a promo code's version to Stripe (coupon + promotion code). */
export const promoCodeWorkflowId = (promoCodeId: number, version: number) => `promo-code-${promoCodeId}-v${version}`;
