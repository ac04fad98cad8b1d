// The checkout workflow on a real Temporal dev server with mocked activities.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ApplicationFailure } from '@temporalio/common';
import { WithStartWorkflowOperation } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createTestEnv, workflowBundle } from '../test/temporal-env.ts';
import type { CampaignActivities } from '#worker/activities/campaign-types.ts';
import type { PointsActivities } from '#worker/activities/points-types.ts';
import type { PrintProviderActivities } from '#worker/activities/print-provider-types.ts';
import type { CheckoutActivities } from '#worker/activities/types.ts';
import { startFollowOnWorkflows } from '#server/orders/settle-paid-order.server.ts';
import {
  CustomerEmailKey,
  checkoutStatusQuery,
  checkoutWorkflowId,
  fulfillmentStatusQuery,
  fulfillmentWorkflowId,
  paymentEventSignal,
  startCheckoutUpdate,
  type PaymentEvent,
} from './messages.ts';
import type { checkout } from './checkout.ts';
import { orderPointsWorkflowId } from './points-messages.ts';

let env: TestWorkflowEnvironment;
before(async () => {
  env = await createTestEnv();
});
after(async () => {
  await env?.teardown();
});

type Calls = Array<[keyof CheckoutActivities | keyof CampaignActivities | keyof PointsActivities | keyof PrintProviderActivities, unknown]>;

async function waitForState<T extends { state: string }>(read: () => Promise<T>, state: string): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const value = await read().catch(() => null);
    if (value?.state === state) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`never reached ${state}`);
}

type Activities = CheckoutActivities &
  Pick<CampaignActivities, 'enrolAfterPurchase'> &
  Pick<PointsActivities, 'earnOrderPoints'> &
  Pick<PrintProviderActivities, 'planFulfilment'>;

function mockActivities(calls: Calls, overrides: Partial<Activities> = {}, expiresInMs = 60_000): Activities {
  const record = <K extends keyof Activities>(name: K, input: unknown) => calls.push([name, input]);
  // The two steps after payment do what the server's do (server/orders/settle-paid-order, confirm-paid-order), through
  // the other mocks, so a test's override of one part shows in them.
  const all = (): Activities => ({ ...base, ...overrides });
  const base: Activities = {
    async enrolAfterPurchase(input) {
      record('enrolAfterPurchase', input);
      return { enrolled: ['welcome: started'] };
    },
    async createPendingOrder(input) {
      record('createPendingOrder', input);
      return { orderNumber: input.orderNumber, status: 'pending', total: 4500, currency: 'eur', email: input.email, itemCount: 1 };
    },
    async createCheckoutSession(input) {
      record('createCheckoutSession', input);
      return { id: 'cs_test_1', url: 'https://checkout.example/cs_test_1', expiresAt: new Date(Date.now() + expiresInMs).toISOString() };
    },
    async expireCheckoutSession(input) {
      record('expireCheckoutSession', input);
      return { status: 'expired' };
    },
    async recordPaymentFailure(input) {
      record('recordPaymentFailure', input);
    },
    async verifyPaymentEvent(input) {
      record('verifyPaymentEvent', input);
      return { ok: true };
    },
    async markOrderPaid(input) {
      record('markOrderPaid', input);
      return { orderNumber: input.orderNumber, email: 'jane@example.com', total: 4500, totalFormatted: '€45.00' };
    },
    async cancelOrder(input) {
      record('cancelOrder', input);
      return { cancelled: true, email: 'jane@example.com' };
    },
    async sendOrderEmail(input) {
      record('sendOrderEmail', input);
      return { emailId: 1, status: 'stored' };
    },
    async sendQueuedEmail(input) {
      record('sendQueuedEmail', input);
      return { emailId: input.emailId, status: 'stored' };
    },
    async linkOrderToCustomer(input) {
      record('linkOrderToCustomer', input);
      return { customerId: 7, created: true };
    },
    async planFulfilment(input) {
      record('planFulfilment', input);
      return { providerItems: [], byHand: true, pollSeconds: 60 };
    },
    async notifyShopOfOrder(input) {
      record('notifyShopOfOrder', input);
      return { emailId: 2, status: 'stored' };
    },
    async recordShipment(input) {
      record('recordShipment', input);
      return { shippedAt: new Date().toISOString() };
    },
    async recordDelivery(input) {
      record('recordDelivery', input);
    },
    async recordFulfillmentEvent(input) {
      record('recordFulfillmentEvent', input);
    },
    async createStripeRefund(input) {
      record('createStripeRefund', input);
      return { status: 'succeeded', stripeRefundId: 're_1', failureReason: null };
    },
    async fetchStripeRefund(input) {
      record('fetchStripeRefund', input);
      return { status: 'succeeded', stripeRefundId: 're_1', failureReason: null };
    },
    async recordRefundResult(input) {
      record('recordRefundResult', input);
      return { orderNumber: 'x', amountFormatted: '€1.00', full: false, status: input.status, hasEmail: true };
    },
    async revokeDownloads(input) {
      record('revokeDownloads', input);
      return { revoked: 0 };
    },
    async recordOrderTaxes(input) {
      record('recordOrderTaxes', input);
      return { tax: 0, country: 'IE' };
    },
    async issueInvoice(input) {
      record('issueInvoice', input);
      return { number: 'INV-2026-000001', pdfKey: 'invoices/2026/INV-2026-000001.pdf' };
    },
    async issueCreditNote(input) {
      record('issueCreditNote', input);
      return { number: 'CN-2026-000001', pdfKey: 'invoices/2026/CN-2026-000001.pdf' };
    },
    async settlePaidOrder(input) {
      record('settlePaidOrder', input);
      await all().linkOrderToCustomer({ orderNumber: input.orderNumber });
      return { customerId: 7, started: await startFollowOnWorkflows(env.client, input) };
    },
    async confirmPaidOrder(input) {
      record('confirmPaidOrder', input);
      await all().recordOrderTaxes(input);
      await all().issueInvoice(input);
      const sent = await all().sendOrderEmail({ ...input, template: 'order-confirmation' });
      const { enrolled } = await all().enrolAfterPurchase(input);
      return { failed: [], email: sent.status, enrolled };
    },
    async earnOrderPoints(input) {
      record('earnOrderPoints', input);
      const schedule = { pendingDays: 14, lifetimeDays: 365, reminderDays: 30, timeScale: 1 };
      return { orderNumber: input.orderNumber, points: 0, customerId: null, waitsForDelivery: false, delivered: false, schedule };
    },
  };
  return all();
}

let seq = 0;
async function run<T>(activities: Activities, fn: (orderNumber: string) => Promise<T>): Promise<T> {
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue: `test-${++seq}`,
    workflowBundle: await workflowBundle(),
    activities,
  });
  return worker.runUntil(fn(`ATL-2026-TEST${String(seq).padStart(4, '0')}`));
}

function start(orderNumber: string, extra: { expiryGraceSeconds?: number } = {}) {
  return env.client.workflow.start<typeof checkout>('checkout', {
    workflowId: checkoutWorkflowId(orderNumber),
    taskQueue: `test-${seq}`,
    args: [{ orderNumber, cartId: 1, customerId: null, email: null, expiryGraceSeconds: extra.expiryGraceSeconds ?? 0 }],
  });
}

const paid = (eventId = 'evt_1'): PaymentEvent => ({
  eventId,
  type: 'checkout.session.completed',
  sessionId: 'cs_test_1',
  paymentStatus: 'paid',
});

describe('checkout workflow', () => {
  test('steps after payment that cannot succeed (VAT, invoice) never hold up the order: the confirmation step reports them', async () => {
    const calls: Calls = [];
    const activities = mockActivities(calls, {
      async confirmPaidOrder(input) {
        calls.push(['confirmPaidOrder', input]);
        return { failed: ['Recording the VAT per line', 'Issuing the invoice'], email: 'stored', enrolled: [] };
      },
    });
    const result = await run(activities, async (orderNumber) => {
      const handle = await start(orderNumber);
      await handle.executeUpdate(startCheckoutUpdate);
      await handle.signal(paymentEventSignal, paid());
      return handle.result();
    });
    assert.equal(result.outcome, 'paid');
    assert.equal(calls.filter(([n]) => n === 'confirmPaidOrder').length, 1);
  });

  test('an email provider that fails the local try hands the confirmation to the ordinary activity, which sends it', async () => {
    const calls: Calls = [];
    let tries = 0;
    const activities = mockActivities(calls, {
      async sendOrderEmail(input) {
        calls.push(['sendOrderEmail', input]);
        // The local try's two attempts fail (the provider is away); the scheduled activity's first attempt succeeds.
        if (++tries <= 2) throw new Error('email provider unavailable');
        return { emailId: 1, status: 'sent' };
      },
    });
    const result = await run(activities, async (orderNumber) => {
      const handle = await start(orderNumber);
      await handle.executeUpdate(startCheckoutUpdate);
      await handle.signal(paymentEventSignal, paid());
      return handle.result();
    });
    assert.equal(result.outcome, 'paid');
    assert.equal(calls.filter(([n]) => n === 'confirmPaidOrder').length, 3, 'two local attempts, then the scheduled one');
    assert.equal(calls.filter(([n]) => n === 'sendOrderEmail').length, 3);
  });

  test('answers the Update with the Checkout URL, then records the payment and sends the confirmation', async () => {
    const calls: Calls = [];
    const result = await run(mockActivities(calls), async (orderNumber) => {
      const handle = await start(orderNumber);
      const answer = await handle.executeUpdate(startCheckoutUpdate);
      assert.deepEqual(answer, { ok: true, orderNumber, checkoutUrl: 'https://checkout.example/cs_test_1' });
      // A second Update (double submit) gets the same URL.
      assert.deepEqual(await handle.executeUpdate(startCheckoutUpdate), answer);
      assert.equal((await handle.query(checkoutStatusQuery)).state, 'awaiting_payment');
      await handle.signal(paymentEventSignal, paid());
      return handle.result();
    });
    assert.equal(result.outcome, 'paid');
    // The order's points run in a workflow of their own (points-<orderNumber>), started by the step after payment.
    const points = await env.client.workflow.getHandle(orderPointsWorkflowId(result.orderNumber)).describe();
    assert.equal(points.type, 'orderPoints');
    assert.deepEqual(
      calls.map(([n]) => n).filter((n) => n !== 'earnOrderPoints'),
      [
        'createPendingOrder',
        'createCheckoutSession',
        'verifyPaymentEvent',
        'markOrderPaid',
        'settlePaidOrder',
        'linkOrderToCustomer',
        'confirmPaidOrder',
        'recordOrderTaxes',
        'issueInvoice',
        'sendOrderEmail',
        'enrolAfterPurchase',
      ],
    );
    assert.deepEqual(calls.find(([n]) => n === 'linkOrderToCustomer')![1], { orderNumber: result.orderNumber });
    assert.deepEqual(calls.find(([n]) => n === 'issueInvoice')![1], { orderNumber: result.orderNumber });
    assert.deepEqual(calls.find(([n]) => n === 'sendOrderEmail')![1], { orderNumber: result.orderNumber, template: 'order-confirmation' });
  });

  test('a payment event that does not match the session is ignored: the checkout waits on and a genuine payment completes it', async () => {
    const calls: Calls = [];
    const activities = mockActivities(calls, {
      async verifyPaymentEvent(input) {
        calls.push(['verifyPaymentEvent', input]);
        return input.eventId.startsWith('evt_forged') ? { ok: false, reason: 'amount_total 1 is not the 5499 due' } : { ok: true };
      },
    });
    const result = await run(activities, async (orderNumber) => {
      const handle = await start(orderNumber);
      await handle.executeUpdate(startCheckoutUpdate);
      await handle.signal(paymentEventSignal, paid('evt_forged'));
      // A forged expiry of another session must not end the checkout either.
      await handle.signal(paymentEventSignal, {
        eventId: 'evt_forged_expiry',
        type: 'checkout.session.expired',
        sessionId: 'cs_other',
        paymentStatus: 'unpaid',
      });
      for (let i = 0; i < 100 && calls.filter(([n]) => n === 'verifyPaymentEvent').length < 2; i++)
        await new Promise((r) => setTimeout(r, 50));
      const status = await handle.query(checkoutStatusQuery);
      assert.equal(status.state, 'awaiting_payment', 'still waiting for a genuine payment');
      assert.ok(!calls.some(([n]) => n === 'markOrderPaid' || n === 'cancelOrder'), 'neither paid nor cancelled by the forged events');
      await handle.signal(paymentEventSignal, paid('evt_genuine'));
      return handle.result();
    });
    assert.equal(result.outcome, 'paid');
    assert.deepEqual(
      calls.filter(([n]) => n === 'verifyPaymentEvent').map(([, input]) => input),
      ['evt_forged', 'evt_forged_expiry', 'evt_genuine'].map((eventId) => ({
        orderNumber: result.orderNumber,
        eventId,
        sessionId: 'cs_test_1',
      })),
      'each session event is checked against the session the workflow created',
    );
    assert.deepEqual(
      calls.filter(([n]) => n === 'markOrderPaid').map(([, input]) => input),
      [{ orderNumber: result.orderNumber, eventId: 'evt_genuine' }],
    );
  });

  test('a declined card is recorded and the customer can still pay on the same session', async () => {
    const calls: Calls = [];
    const result = await run(mockActivities(calls), async (orderNumber) => {
      const handle = await start(orderNumber);
      await handle.executeUpdate(startCheckoutUpdate);
      await handle.signal(paymentEventSignal, {
        eventId: 'evt_f',
        type: 'payment_intent.payment_failed',
        sessionId: null,
        paymentStatus: null,
      });
      await handle.signal(paymentEventSignal, paid('evt_2'));
      return handle.result();
    });
    assert.equal(result.outcome, 'paid');
    assert.ok(calls.some(([n]) => n === 'recordPaymentFailure'));
    assert.deepEqual(calls.find(([n]) => n === 'markOrderPaid')![1], { orderNumber: result.orderNumber, eventId: 'evt_2' });
  });

  test('a delayed payment waits for async_payment_succeeded', async () => {
    const calls: Calls = [];
    const result = await run(mockActivities(calls), async (orderNumber) => {
      const handle = await start(orderNumber);
      await handle.executeUpdate(startCheckoutUpdate);
      await handle.signal(paymentEventSignal, {
        eventId: 'evt_c',
        type: 'checkout.session.completed',
        sessionId: 'cs_test_1',
        paymentStatus: 'unpaid',
      });
      // A query may be answered before the signal's workflow task runs: wait for the state rather than read it once.
      await waitForState(() => handle.query(checkoutStatusQuery), 'awaiting_async_payment');
      await handle.signal(paymentEventSignal, {
        eventId: 'evt_s',
        type: 'checkout.session.async_payment_succeeded',
        sessionId: 'cs_test_1',
        paymentStatus: 'paid',
      });
      return handle.result();
    });
    assert.equal(result.outcome, 'paid');
    assert.deepEqual(calls.find(([n]) => n === 'markOrderPaid')![1], { orderNumber: result.orderNumber, eventId: 'evt_s' });
  });

  test('an expired session cancels the order and tells the customer', async () => {
    const calls: Calls = [];
    const result = await run(mockActivities(calls), async (orderNumber) => {
      const handle = await start(orderNumber);
      await handle.executeUpdate(startCheckoutUpdate);
      await handle.signal(paymentEventSignal, {
        eventId: 'evt_e',
        type: 'checkout.session.expired',
        sessionId: 'cs_test_1',
        paymentStatus: 'unpaid',
      });
      return handle.result();
    });
    assert.equal(result.outcome, 'cancelled');
    const names = calls.map(([n]) => n);
    assert.deepEqual(names.slice(-3), ['expireCheckoutSession', 'cancelOrder', 'sendOrderEmail']);
    assert.deepEqual(calls.at(-1)![1], { orderNumber: result.orderNumber, template: 'order-cancelled' });
  });

  test('its own timer expires the session when Stripe says nothing', async () => {
    const calls: Calls = [];
    const result = await run(mockActivities(calls, {}, 1500), async (orderNumber) => (await start(orderNumber)).result());
    assert.equal(result.outcome, 'cancelled');
    assert.ok(calls.some(([n]) => n === 'cancelOrder'));
  });

  test('a session paid at the moment of expiry is not cancelled', async () => {
    const calls: Calls = [];
    const activities = mockActivities(
      calls,
      {
        async expireCheckoutSession(input) {
          calls.push(['expireCheckoutSession', input]);
          return { status: 'complete' };
        },
      },
      1000,
    );
    const result = await run(activities, async (orderNumber) => {
      const handle = await start(orderNumber);
      await handle.executeUpdate(startCheckoutUpdate);
      // Wait until the timer has fired and the workflow learnt the session was completed.
      for (let i = 0; i < 100 && !calls.some(([n]) => n === 'expireCheckoutSession'); i++) await new Promise((r) => setTimeout(r, 50));
      await handle.signal(paymentEventSignal, paid('evt_late'));
      return handle.result();
    });
    assert.equal(result.outcome, 'paid');
    assert.ok(!calls.some(([n]) => n === 'cancelOrder'));
  });

  test('an empty cart ends the checkout at once and the Update says why', async () => {
    const calls: Calls = [];
    const activities = mockActivities(calls, {
      async createPendingOrder() {
        throw ApplicationFailure.nonRetryable('the cart is empty', 'EmptyCart');
      },
    });
    const answer = await run(activities, async (orderNumber) => {
      // As the web app does it: the Update rides with the start, so it is answered even when the order fails in the first task.
      const startWorkflowOperation = new WithStartWorkflowOperation<typeof checkout>('checkout', {
        workflowId: checkoutWorkflowId(orderNumber),
        taskQueue: `test-${seq}`,
        args: [{ orderNumber, cartId: 1, customerId: null, email: null }],
        workflowIdConflictPolicy: 'USE_EXISTING',
      });
      const a = await env.client.workflow.executeUpdateWithStart(startCheckoutUpdate, { startWorkflowOperation });
      assert.equal((await (await startWorkflowOperation.workflowHandle()).result()).outcome, 'cancelled');
      return a;
    });
    assert.equal(answer.ok, false);
    assert.ok(!answer.ok && /empty/.test(answer.reason));
    assert.ok(!calls.some(([n]) => n === 'createCheckoutSession'));
  });

  test('CustomerEmail holds what the activities computed (a keyed hash, never the email), the child too; nothing when they computed none', async () => {
    /** Pays an order whose activities answer `emailSearch`: CustomerEmail of the checkout (pending, then paid) and of its fulfillment child. */
    const customerEmailOf = (emailSearch: string | null) => {
      const activities = mockActivities([], {
        async createPendingOrder(input) {
          return {
            orderNumber: input.orderNumber,
            status: 'pending',
            total: 4500,
            currency: 'eur',
            email: 'jane@example.com',
            emailSearch,
            itemCount: 1,
          };
        },
        async markOrderPaid(input) {
          return {
            orderNumber: input.orderNumber,
            email: 'jane@example.com',
            emailSearch,
            total: 4500,
            totalFormatted: '€45.00',
            hasPhysical: true,
          };
        },
      });
      return run(activities, async (orderNumber) => {
        const handle = await start(orderNumber);
        await handle.executeUpdate(startCheckoutUpdate);
        const pending = (await handle.describe()).typedSearchAttributes.get(CustomerEmailKey);
        await handle.signal(paymentEventSignal, paid());
        assert.equal((await handle.result()).outcome, 'paid');
        const child = env.client.workflow.getHandle(fulfillmentWorkflowId(orderNumber));
        const fulfillment = (await child.describe()).typedSearchAttributes.get(CustomerEmailKey);
        await child.terminate('test over');
        return { pending, paid: (await handle.describe()).typedSearchAttributes.get(CustomerEmailKey), fulfillment };
      });
    };
    const hash = 'h:0123456789abcdef0123456789abcdef';
    assert.deepEqual(await customerEmailOf(hash), { pending: hash, paid: hash, fulfillment: hash });
    // CUSTOMER_EMAIL_SEARCH=off: the activities give null, and no CustomerEmail is set anywhere.
    assert.deepEqual(await customerEmailOf(null), { pending: undefined, paid: undefined, fulfillment: undefined });
  });

  test('a paid order with physical items starts its fulfillment, which outlives the checkout', async () => {
    const calls: Calls = [];
    const activities = mockActivities(calls, {
      async markOrderPaid(input) {
        calls.push(['markOrderPaid', input]);
        return {
          orderNumber: input.orderNumber,
          email: 'jane@example.com',
          total: 4500,
          totalFormatted: '€45.00',
          hasPhysical: true,
          hasDigital: false,
        };
      },
    });
    await run(activities, async (orderNumber) => {
      const handle = await start(orderNumber);
      await handle.executeUpdate(startCheckoutUpdate);
      await handle.signal(paymentEventSignal, paid());
      assert.equal((await handle.result()).outcome, 'paid');
      const child = env.client.workflow.getHandle(fulfillmentWorkflowId(orderNumber));
      const status = await waitForState(() => child.query(fulfillmentStatusQuery), 'awaiting_shipment');
      assert.equal(status.orderNumber, orderNumber);
      assert.equal((await child.describe()).status.name, 'RUNNING', 'the child runs on after its parent completed');
      await child.terminate('test over');
    });
    assert.ok(calls.some(([n]) => n === 'notifyShopOfOrder'));
  });
});
