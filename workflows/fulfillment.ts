import {
  condition,
  getExternalWorkflowHandle,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setCurrentDetails,
  setHandler,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import { DATABASE, EMAIL } from './activity-options';
import { LOCAL_TRY, localFirst } from './local-first';
import { shipmentProblem } from '#core/shipment.ts';
import type { FulfilmentPlan, PrintProviderActivities } from '#worker/activities/print-provider-types.ts';
import type { CheckoutActivities } from '#worker/activities/types.ts';
import {
  OrderStatusKey,
  cancelFulfillmentSignal,
  fulfillmentStatusQuery,
  markDeliveredSignal,
  markShippedUpdate,
  type FulfillmentState,
  type ShipmentInput,
} from './messages';
import { orderDeliveredSignal, orderPointsWorkflowId } from './points-messages';
import { printPart } from './print-part';

export interface FulfillmentInput {
  orderNumber: string;
  /** Days after shipping to assume delivery when nobody marks it (default 14). */
  deliveryDays?: number;
}

const db = proxyActivities<Pick<CheckoutActivities, 'recordShipment' | 'recordDelivery' | 'recordFulfillmentEvent'>>(DATABASE);
const email = proxyActivities<Pick<CheckoutActivities, 'notifyShopOfOrder' | 'sendOrderEmail'>>(EMAIL);
const printing = proxyActivities<Pick<PrintProviderActivities, 'planFulfilment'>>(DATABASE);
const planHere = proxyLocalActivities<Pick<PrintProviderActivities, 'planFulfilment'>>(DATABASE);
const emailHere = proxyLocalActivities<Pick<CheckoutActivities, 'notifyShopOfOrder'>>(LOCAL_TRY);

/**
 * fulfillment-<orderNumber>: a paid order with physical items, from "needs making" to delivered.
 * Started by checkout as a child that outlives it; the admin drives it with the markShipped Update.
 */
export async function fulfillment({ orderNumber, deliveryDays = 14 }: FulfillmentInput): Promise<{ outcome: FulfillmentState }> {
  let state: FulfillmentState = 'notifying_shop';
  let shipment: ShipmentInput | null = null;
  let shippedAt: string | null = null;
  let delivered: { by: string | null } | null = null;
  let cancelReason: string | null = null;

  const details = (text: string) => setCurrentDetails(`**${state.replace('_', ' ')}** — ${text}`);
  let plan: FulfilmentPlan | null = null;
  setHandler(fulfillmentStatusQuery, () => ({ orderNumber, state, shippedAt, cancelReason }));
  let printCancelReason: string | null = null;
  setHandler(cancelFulfillmentSignal, ({ reason }) => {
    if (!shipment) cancelReason = reason;
    printCancelReason ??= reason;
  });
  setHandler(markDeliveredSignal, ({ by }) => {
    if (shipment) delivered = { by };
  });
  setHandler(
    markShippedUpdate,
    async (input) => {
      shipment = {
        ...input,
        carrier: input.carrier.trim(),
        trackingNumber: input.trackingNumber.trim(),
        trackingUrl: input.trackingUrl?.trim() || null,
      };
      await condition(() => shippedAt !== null);
      return { shippedAt: shippedAt! };
    },
    {
      validator: (input) => {
        if (cancelReason) throw new Error(`This order’s fulfillment was cancelled: ${cancelReason}`);
        if (plan && !plan.byHand) throw new Error('The print provider ships this order: its tracking comes from the provider');
        if (shipment) throw new Error('This order is already marked shipped');
        // The admin's ship form checks the same schema first; this refuses whatever else reaches the Update.
        const problem = shipmentProblem(input);
        if (problem) throw new Error(problem);
      },
    },
  );

  // Lines the print provider makes go to it (workflows/print-part.ts); the rest ship by hand as before. Fulfillments
  // that were already running replay without asking.
  // Both first steps in the task that starts the fulfillment: the plan as a local step, the shop's email tried locally
  // first (docs/decisions/062-one-step-after-payment.md); fulfillments started before run them as they did.
  const inOneTask = patched('fulfillment-first-steps-local');
  plan = patched('print-provider') ? await (inOneTask ? planHere : printing).planFulfilment({ orderNumber }) : null;
  const prints = plan?.providerItems.length ? printPart({ orderNumber, plan, deliveryDays, cancelReason: () => printCancelReason }) : null;
  const byHand = !plan || plan.byHand;

  if (byHand) {
    details('telling the shop this order needs making');
    if (inOneTask)
      await localFirst(
        () => emailHere.notifyShopOfOrder({ orderNumber }),
        () => email.notifyShopOfOrder({ orderNumber }),
      );
    else await email.notifyShopOfOrder({ orderNumber });

    state = 'awaiting_shipment';
    details('waiting for an admin to mark it shipped');
    await condition(() => shipment !== null || cancelReason !== null);
    if (!shipment) {
      state = 'cancelled';
      details(`cancelled before shipping: ${cancelReason}`);
      await db.recordFulfillmentEvent({ orderNumber, type: 'fulfillment_cancelled', message: `Fulfillment cancelled: ${cancelReason}` });
      if (!prints || (await prints) === 'cancelled') return { outcome: state };
    } else {
      const s: ShipmentInput = shipment;
      const recorded = await db.recordShipment({
        orderNumber,
        shipment: { carrier: s.carrier, trackingNumber: s.trackingNumber, trackingUrl: s.trackingUrl },
        by: s.by,
      });
      shippedAt = recorded.shippedAt;
      state = 'shipped';
      upsertSearchAttributes([{ key: OrderStatusKey, value: 'shipped' }]);
      details(`shipped with ${s.carrier} (${s.trackingNumber}); emailing the customer`);
      await email.sendOrderEmail({ orderNumber, template: 'order-shipped' });
    }
  }

  let how: 'admin' | 'assumed' | 'provider';
  if (byHand && shipment) {
    details(`waiting for delivery (marked by an admin, or assumed after ${deliveryDays} days)`);
    const markedInTime = await condition(() => delivered !== null, `${deliveryDays} days`);
    how = markedInTime ? 'admin' : 'assumed';
    if (prints) await prints;
  } else {
    state = 'awaiting_shipment';
    details('the print provider makes and ships the prints');
    const outcome = await prints!;
    if (outcome === 'cancelled') {
      state = 'cancelled';
      details(`cancelled: ${printCancelReason ?? 'the print order was cancelled'}`);
      return { outcome: state };
    }
    how = outcome === 'delivered' ? 'provider' : 'assumed';
  }
  await db.recordDelivery({ orderNumber, how });
  // The order's points wait for delivery before their refund window starts (none for a guest: nothing to tell).
  if (patched('points-after-delivery')) {
    await getExternalWorkflowHandle(orderPointsWorkflowId(orderNumber))
      .signal(orderDeliveredSignal)
      .catch(() => undefined);
  }
  state = 'delivered';
  upsertSearchAttributes([{ key: OrderStatusKey, value: 'delivered' }]);
  // The order's timeline marks where the post-purchase campaign's review request becomes due (recordDelivery tells the campaign).
  await db.recordFulfillmentEvent({ orderNumber, type: 'review_due', message: 'Delivered: the review request is due' });
  details('delivered');
  return { outcome: state };
}
