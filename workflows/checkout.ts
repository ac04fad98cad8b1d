import {
  ActivityFailure,
  allHandlersFinished,
  ApplicationFailure,
  condition,
  log,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setCurrentDetails,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { CampaignActivities } from '#worker/activities/campaign-types.ts';
import type { CreditsActivities } from '#worker/activities/points-types.ts';
import type { CheckoutActivities } from '#worker/activities/types.ts';
import { DATABASE, EMAIL, MARKETING, STRIPE } from './activity-options';
import { afterPayment } from './after-payment';
import { LOCAL_TRY, localFirst } from './local-first';
import { customerEmailAttributes } from './customer-email-search';
import {
  OrderStatusKey,
  checkoutStatusQuery,
  paymentEventSignal,
  startCheckoutUpdate,
  type CheckoutEnd,
  type CheckoutState,
  type PaymentEvent,
  type StartCheckoutResult,
} from './messages';

export interface CheckoutInput {
  orderNumber: string;
  cartId: number;
  customerId: number | null;
  email: string | null;
  /** Extra time after the session's own expiry before the workflow expires it itself. */
  expiryGraceSeconds?: number;
  /** How long to wait for a delayed (bank debit) payment to settle. */
  asyncPaymentWindowSeconds?: number;
}

export interface CheckoutResult {
  orderNumber: string;
  outcome: 'paid' | 'cancelled';
  reason: string | null;
}

type DatabaseSteps = Pick<
  CheckoutActivities,
  'createPendingOrder' | 'recordPaymentFailure' | 'verifyPaymentEvent' | 'markOrderPaid' | 'linkOrderToCustomer' | 'cancelOrder'
> &
  Pick<CreditsActivities, 'completeUnpaidOrder'>;
type CampaignSteps = Pick<CampaignActivities, 'enrolAfterPurchase'>;

// The shop's own short database steps run as local activities (docs/decisions/006-local-activities.md): recorded as
// markers, in the workflow task that needs them, instead of a round trip through the server each. Stripe and email
// stay ordinary activities: they can be away for hours, and Temporal reports the attempts of those, which /admin shows.
const database = proxyActivities<DatabaseSteps>(DATABASE);
const localDatabase = proxyLocalActivities<DatabaseSteps>(DATABASE);
const stripe = proxyActivities<Pick<CheckoutActivities, 'createCheckoutSession' | 'expireCheckoutSession'>>(STRIPE);
const stripeHere = proxyLocalActivities<Pick<CheckoutActivities, 'createCheckoutSession'>>(LOCAL_TRY);
const email = proxyActivities<Pick<CheckoutActivities, 'sendOrderEmail'>>(EMAIL);
const campaigns = proxyActivities<CampaignSteps>(MARKETING);
const localCampaigns = proxyLocalActivities<CampaignSteps>(MARKETING);

/**
 * checkout-<orderNumber>: the pending order, the Stripe Checkout Session, waiting for payment, and what
 * follows payment (or its absence). Idempotent end to end: every activity is keyed by the order number.
 */
export async function checkout(input: CheckoutInput): Promise<CheckoutResult> {
  const { orderNumber } = input;
  let state: CheckoutState = 'creating_order';
  let checkoutUrl: string | null = null;
  let reason: string | null = null;
  let endedBecause: CheckoutEnd | null = null;
  let failedAttempts = 0;
  let completedWithoutPayment = false;
  const inbox: PaymentEvent[] = [];

  setHandler(paymentEventSignal, (event) => {
    inbox.push(event);
  });
  setHandler(checkoutStatusQuery, () => ({ orderNumber, state, checkoutUrl, failedAttempts, reason }));
  setHandler(startCheckoutUpdate, async (): Promise<StartCheckoutResult> => {
    await condition(() => checkoutUrl !== null || state === 'cancelled' || state === 'paid');
    // Nothing to pay in money: the customer goes straight to the order's page.
    if (checkoutUrl && (completedWithoutPayment || (state !== 'cancelled' && state !== 'paid')))
      return { ok: true, orderNumber, checkoutUrl };
    return {
      ok: false,
      orderNumber,
      state,
      reason: reason ?? (state === 'paid' ? 'already paid' : 'checkout ended'),
      ...(endedBecause ? { endedBecause } : {}),
    };
  });

  const setState = (next: CheckoutState, details: string) => {
    state = next;
    setCurrentDetails(`**${orderNumber}** — ${details}`);
  };
  const setStatus = (status: string) => upsertSearchAttributes([{ key: OrderStatusKey, value: status }]);
  // The Update's answer goes out before the workflow closes: when the order cannot even be made, the (local) step fails in
  // the very task that accepted the Update, and closing at once would abort it ("update was aborted by closing workflow").
  const finish = async (result: CheckoutResult): Promise<CheckoutResult> => {
    await condition(allHandlersFinished);
    return result;
  };

  // Checkouts started before local activities replay with the scheduled ones.
  const local = patched('checkout-local-activities');
  const dbSteps = local ? localDatabase : database;
  const campaignSteps = local ? localCampaigns : campaigns;

  setState('creating_order', 'creating the pending order from the cart');
  let order;
  try {
    order = await dbSteps.createPendingOrder({
      orderNumber,
      cartId: input.cartId,
      customerId: input.customerId,
      email: input.email,
    });
  } catch (err) {
    // An empty or unpurchasable cart: nothing was created, so there is nothing to undo.
    // A scheduled activity's failure wraps the activity's own (ActivityFailure → ApplicationFailure); a local one may come unwrapped.
    const cause = err instanceof ActivityFailure ? err.cause : err;
    reason = cause instanceof ApplicationFailure ? cause.message : 'the order could not be created';
    endedBecause = 'not_started';
    setState('cancelled', `not started: ${reason}`);
    setStatus('cancelled');
    return finish({ orderNumber, outcome: 'cancelled', reason });
  }
  const orderEmail = customerEmailAttributes(order);
  if (orderEmail.length) upsertSearchAttributes(orderEmail);
  if (order.status === 'paid') {
    // A reset or a rerun of a checkout that already completed: never charge or confirm twice.
    setState('paid', 'already paid');
    return finish({ orderNumber, outcome: 'paid', reason: null });
  }

  // Nothing left to pay in money (files paid with print credits, the rest with points): no payment page.
  if (order.total === 0 && patched('complete-without-payment')) {
    setState('recording_payment', 'nothing to pay in money: completing without a payment page');
    const paid = await dbSteps.completeUnpaidOrder({ orderNumber });
    checkoutUrl = paid.statusUrl;
    completedWithoutPayment = true;
    setState('paid', 'completed without payment');
    await afterPayment({ orderNumber, paid, local, dbSteps, campaignSteps, setState: (details) => setState('paid', details) });
    setState('paid', 'completed without payment; confirmation sent');
    return finish({ orderNumber, outcome: 'paid', reason: null });
  }

  setState('creating_session', 'creating the Stripe Checkout Session');
  // Tried in this task first, so the customer's Update is answered without an activity round trip (docs/decisions/062-…).
  const session = patched('session-local-first')
    ? await localFirst(
        () => stripeHere.createCheckoutSession({ orderNumber }),
        () => stripe.createCheckoutSession({ orderNumber }),
      )
    : await stripe.createCheckoutSession({ orderNumber });
  checkoutUrl = session.url;
  setState('awaiting_payment', `waiting for payment (session ${session.id}, expires ${session.expiresAt})`);
  // OrderStatus "pending", set when the web app started the checkout, says as much; checkouts from before upsert it.
  if (!patched('status-pending-until-paid')) setStatus('awaiting_payment');

  const grace = (input.expiryGraceSeconds ?? 300) * 1000;
  let deadline = Date.parse(session.expiresAt) + grace;
  let outcome: 'paid' | 'failed' | 'expired' | null = null;
  let paidEventId: string | null = null;

  while (outcome === null) {
    const arrived = await condition(() => inbox.length > 0, Math.max(deadline - Date.now(), 1));
    if (!arrived) {
      // Our own timer fired: expire the session so it can no longer be paid, unless it was paid just now.
      const expired = await stripe.expireCheckoutSession({ orderNumber });
      if (expired.status === 'complete') {
        setState('awaiting_payment', 'session completed at expiry; waiting for its webhook');
        deadline = Date.now() + 24 * 3600 * 1000;
        if (await condition(() => inbox.length > 0, '24 hours')) continue;
        // Should never happen: the session is paid but Stripe sent nothing; fail loudly for ops.
        throw ApplicationFailure.nonRetryable(`session for ${orderNumber} completed but no webhook arrived`);
      }
      outcome = 'expired';
      endedBecause = 'expired';
      break;
    }
    const event = inbox.shift()!;
    // A session's event counts only when it is about the session created above, in the order's currency, and a payment
    // only for the amount due (docs/decisions/047-payments-checked-against-their-session.md): anything else goes to the
    // admin's attention list and the checkout waits on. Events handled before this check replay without it.
    if (event.type !== 'payment_intent.payment_failed' && patched('verify-paid-session')) {
      const check = await dbSteps.verifyPaymentEvent({ orderNumber, eventId: event.eventId, sessionId: session.id });
      if (!check.ok) {
        setState(state, `ignored an event that does not match the session (${check.reason}); waiting for a genuine payment or expiry`);
        continue;
      }
    }
    switch (event.type) {
      case 'checkout.session.completed':
        if (event.paymentStatus === 'paid' || event.paymentStatus === 'no_payment_required') {
          outcome = 'paid';
          paidEventId = event.eventId;
        } else {
          setState('awaiting_async_payment', 'checkout completed, waiting for the delayed payment to settle');
          setStatus('awaiting_async_payment');
          deadline = Date.now() + (input.asyncPaymentWindowSeconds ?? 14 * 24 * 3600) * 1000;
        }
        break;
      case 'checkout.session.async_payment_succeeded':
        outcome = 'paid';
        paidEventId = event.eventId;
        break;
      case 'checkout.session.async_payment_failed':
        outcome = 'failed';
        endedBecause = 'payment_failed';
        reason = 'the payment failed';
        break;
      case 'checkout.session.expired':
        outcome = 'expired';
        endedBecause = 'expired';
        break;
      case 'payment_intent.payment_failed':
        // Stripe Checkout lets the customer try again on the same session: record it and keep waiting.
        failedAttempts++;
        await dbSteps.recordPaymentFailure({ orderNumber, eventId: event.eventId });
        setState(state, `payment attempt ${failedAttempts} failed; waiting for another attempt or expiry`);
        break;
    }
  }

  if (outcome === 'paid' && paidEventId) {
    setState('recording_payment', 'recording the payment');
    const paid = await dbSteps.markOrderPaid({ orderNumber, eventId: paidEventId });
    await afterPayment({ orderNumber, paid, local, dbSteps, campaignSteps, setState: (details) => setState('paid', details) });
    setState('paid', `paid ${paid.totalFormatted}; confirmation sent`);
    log.info('order paid', { orderNumber, workflowId: workflowInfo().workflowId });
    return finish({ orderNumber, outcome: 'paid', reason: null });
  }

  reason ??= 'the checkout session expired before payment';
  setState('cancelled', `cancelling: ${reason}`);
  // Make sure nobody can pay for an order we are about to cancel (a no-op when Stripe expired it).
  await stripe.expireCheckoutSession({ orderNumber });
  const cancelled = await dbSteps.cancelOrder({ orderNumber, reason });
  setStatus('cancelled');
  if (cancelled.email) await email.sendOrderEmail({ orderNumber, template: 'order-cancelled' });
  setState('cancelled', `cancelled: ${reason}`);
  return finish({ orderNumber, outcome: 'cancelled', reason });
}
