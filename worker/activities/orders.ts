// The checkout's and the fulfillment's database steps (idempotent by order number or event id).
import type { DbDeps } from '#server/deps.server.ts';
import { recordDelivery, recordFulfillmentEvent, recordShipment } from '#server/fulfillment/shipments.server.ts';
import { cancelOrder } from '#server/orders/cancel-order.server.ts';
import { createPendingOrder } from '#server/orders/create-pending-order.server.ts';
import { linkOrderToCustomer } from '#server/orders/link-order-to-customer.server.ts';
import { markOrderPaid } from '#server/orders/mark-order-paid.server.ts';
import { recordPaymentFailure } from '#server/orders/record-payment-failure.server.ts';
import { activitiesOf } from './adapt.ts';
import type { CheckoutActivities } from './types.ts';

type OrderActivityName =
  | 'createPendingOrder'
  | 'markOrderPaid'
  | 'cancelOrder'
  | 'recordPaymentFailure'
  | 'linkOrderToCustomer'
  | 'recordShipment'
  | 'recordDelivery'
  | 'recordFulfillmentEvent';

export function createOrderActivities(deps: DbDeps): Pick<CheckoutActivities, OrderActivityName> {
  return activitiesOf(deps, {
    createPendingOrder,
    markOrderPaid,
    cancelOrder,
    recordPaymentFailure,
    linkOrderToCustomer,
    recordShipment,
    recordDelivery,
    recordFulfillmentEvent,
  });
}
