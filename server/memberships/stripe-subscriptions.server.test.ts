// The Stripe subscription provider against stripe-mock (Stripe's OpenAPI spec checks every request's parameters),
// through a recorder that keeps what was sent; and its mapping of both API versions' shapes, from objects made here.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type Stripe from 'stripe';
import { ProcessGroup } from '../../scripts/lib/process-group.ts';
import { getFreePort } from '../../scripts/lib/net.ts';
import { startRecordedStripeMock, stripeAt, type StripeRecorder } from '../../test/stripe-recorder.ts';
import { addMonths, invoiceSnapshot, stripeSubscriptions, subscriptionSnapshot } from './stripe-subscriptions.server.ts';
import { SubscriptionRejectedError, type SubscriptionCheckoutInput, type SubscriptionProvider } from './subscription-provider.server.ts';

let group: ProcessGroup;
let recorder: StripeRecorder;
let provider: SubscriptionProvider;

before(async () => {
  group = new ProcessGroup();
  const started = await startRecordedStripeMock(group, 'stripe-mock-subscriptions');
  recorder = started.recorder;
  provider = stripeSubscriptions(started.stripe);
});
after(async () => {
  await recorder?.close();
  await group?.stopAll();
});

/** The calls made by `run`: method, path, Idempotency-Key, status; and their parameters. */
async function callsOf(run: () => Promise<unknown>) {
  const from = recorder.calls.length;
  await run();
  const calls = recorder.calls.slice(from);
  return {
    lines: calls.map((c) => [c.method, c.path, c.idempotencyKey, c.status]),
    params: calls.map((c) => Object.fromEntries(c.params)),
  };
}

const checkout: SubscriptionCheckoutInput = {
  membershipId: 42,
  customerId: 7,
  email: 'member@example.com',
  plan: { id: 3, name: 'Pro', stripePriceId: 'price_pro_1900', price: 1900, currency: 'eur', trialDays: 7 },
  customerRef: null,
  successUrl: 'http://shop.test/account/membership?joined=1',
  cancelUrl: 'http://shop.test/membership',
};

function assertSnapshotShape(s: Awaited<ReturnType<SubscriptionProvider['retrieveSubscription']>>) {
  assert.match(s.customerRef, /^cus_/);
  assert.equal(typeof s.status, 'string');
  assert.equal(typeof s.cancelAtPeriodEnd, 'boolean');
  for (const d of [s.currentPeriodStart, s.currentPeriodEnd, s.pausedUntil, s.endedAt]) assert.ok(d === null || d instanceof Date);
  assert.ok(s.currentPeriodEnd instanceof Date, 'the period from the subscription item');
  assert.match(s.priceId ?? '', /^price_/);
  assert.equal(typeof s.metadata, 'object');
  assert.ok(s.latestInvoiceId === null || typeof s.latestInvoiceId === 'string');
}

describe('Stripe subscriptions (stripe-mock)', () => {
  test('checkout for a new Stripe customer: the customer once, then a subscription-mode session with the trial', async () => {
    let answer!: Awaited<ReturnType<SubscriptionProvider['createCheckout']>>;
    const { lines, params } = await callsOf(async () => (answer = await provider.createCheckout(checkout)));
    assert.deepEqual(lines, [
      ['POST', '/v1/customers', 'membership-customer:7', 200],
      ['POST', '/v1/checkout/sessions', 'membership-checkout:42:3', 200],
    ]);
    assert.deepEqual(params[0], { email: 'member@example.com', 'metadata[customerId]': '7' });
    assert.match(answer.customerRef ?? '', /^cus_/);
    assert.match(answer.sessionId, /^cs_/);
    assert.match(answer.url, /^https:\/\//);
    assert.deepEqual(params[1], {
      mode: 'subscription',
      customer: answer.customerRef,
      'line_items[0][price]': 'price_pro_1900',
      'line_items[0][quantity]': '1',
      'subscription_data[metadata][customerId]': '7',
      'subscription_data[metadata][planId]': '3',
      'subscription_data[metadata][membershipId]': '42',
      'subscription_data[trial_period_days]': '7',
      'metadata[customerId]': '7',
      'metadata[planId]': '3',
      'metadata[membershipId]': '42',
      client_reference_id: 'membership-42',
      success_url: checkout.successUrl,
      cancel_url: checkout.cancelUrl,
    });
  });

  test('checkout for a returning member reuses the customer; no trial is no trial parameter', async () => {
    const again = { ...checkout, membershipId: 43, customerRef: 'cus_returning', plan: { ...checkout.plan, trialDays: 0 } };
    let answer!: Awaited<ReturnType<SubscriptionProvider['createCheckout']>>;
    const { lines, params } = await callsOf(async () => (answer = await provider.createCheckout(again)));
    assert.deepEqual(lines, [['POST', '/v1/checkout/sessions', 'membership-checkout:43:3', 200]]);
    assert.equal(params[0]!.customer, 'cus_returning');
    assert.equal(params[0]!['subscription_data[trial_period_days]'], undefined);
    assert.equal(answer.customerRef, 'cus_returning');
  });

  test('retrieving a subscription and an invoice maps them to the snapshots', async () => {
    const sub = await provider.retrieveSubscription('sub_member42');
    assert.equal(sub.subscriptionId, 'sub_member42');
    assertSnapshotShape(sub);
    const invoice = await provider.retrieveInvoice('in_period1');
    assert.equal(invoice.invoiceId, 'in_period1');
    assert.equal(typeof invoice.status, 'string');
    for (const n of [invoice.amountDue, invoice.amountPaid, invoice.attemptCount]) assert.ok(Number.isInteger(n));
    assert.match(invoice.currency, /^[a-z]{3}$/);
    assert.equal(typeof invoice.subscriptionId, 'string', 'from parent.subscription_details');
    for (const d of [invoice.periodStart, invoice.periodEnd, invoice.paidAt, invoice.nextPaymentAttempt])
      assert.ok(d === null || d instanceof Date);
    assert.ok(invoice.periodStart instanceof Date && invoice.periodEnd instanceof Date);
  });

  test('pause: collection voided until the current period’s end plus the periods paused; resume unsets it', async () => {
    const current = await provider.retrieveSubscription('sub_member42');
    const { lines, params } = await callsOf(() => provider.pause('sub_member42', 2, 'membership-42:pause:1'));
    assert.deepEqual(lines, [
      ['GET', '/v1/subscriptions/sub_member42', null, 200],
      ['POST', '/v1/subscriptions/sub_member42', 'membership-42:pause:1', 200],
    ]);
    assert.deepEqual(params[1], {
      'pause_collection[behavior]': 'void',
      'pause_collection[resumes_at]': String(addMonths(current.currentPeriodEnd!, 2).getTime() / 1000),
    });
    const resumed = await callsOf(() => provider.resume('sub_member42', 'membership-42:resume:1'));
    assert.deepEqual(resumed.lines, [['POST', '/v1/subscriptions/sub_member42', 'membership-42:resume:1', 200]]);
    assert.deepEqual(resumed.params[0], { pause_collection: '' });
  });

  test('cancel at the period’s end (and undo), cancel now', async () => {
    const atEnd = await callsOf(async () => assertSnapshotShape(await provider.setCancelAtPeriodEnd('sub_member42', true, 'k-cancel')));
    assert.deepEqual(atEnd.lines, [['POST', '/v1/subscriptions/sub_member42', 'k-cancel', 200]]);
    assert.deepEqual(atEnd.params[0], { cancel_at_period_end: 'true' });
    const keep = await callsOf(() => provider.setCancelAtPeriodEnd('sub_member42', false, 'k-keep'));
    assert.deepEqual(keep.params[0], { cancel_at_period_end: 'false' });
    const now = await callsOf(async () => assertSnapshotShape(await provider.cancelNow('sub_member42', 'k-now')));
    assert.deepEqual(now.lines, [['DELETE', '/v1/subscriptions/sub_member42', 'k-now', 200]]);
  });

  test('changing the price replaces the first item’s price, with prorations', async () => {
    const item = (await stripeAt(recorder.port).subscriptions.retrieve('sub_member42')).items.data[0]!;
    const { lines, params } = await callsOf(() => provider.changePrice('sub_member42', 'price_starter_900', 'k-change'));
    assert.deepEqual(lines.at(-1), ['POST', '/v1/subscriptions/sub_member42', 'k-change', 200]);
    assert.deepEqual(params.at(-1), {
      'items[0][id]': item.id,
      'items[0][price]': 'price_starter_900',
      proration_behavior: 'create_prorations',
    });
  });

  test('the card is updated in the customer portal', async () => {
    let url = '';
    const { lines, params } = await callsOf(async () => {
      url = await provider.cardUpdateUrl({
        customerRef: 'cus_member',
        subscriptionId: 'sub_member42',
        returnUrl: 'http://shop.test/account',
      });
    });
    assert.deepEqual(lines, [['POST', '/v1/billing_portal/sessions', lines[0]![2], 200]]);
    assert.deepEqual(params[0], { customer: 'cus_member', return_url: 'http://shop.test/account' });
    assert.match(url, /^https:\/\//);
  });

  test('a request Stripe refuses is a SubscriptionRejectedError; Stripe out of reach is not', async () => {
    const fractionalTrial = { ...checkout, customerRef: 'cus_returning', plan: { ...checkout.plan, trialDays: 2.5 } };
    await assert.rejects(provider.createCheckout(fractionalTrial), (err) => err instanceof SubscriptionRejectedError);
    const away = stripeSubscriptions(stripeAt(await getFreePort()));
    await assert.rejects(away.retrieveSubscription('sub_member42'), (err: Error) => !(err instanceof SubscriptionRejectedError));
  });
});

describe('the snapshots, from either API version’s shape', () => {
  const at = (iso: string) => Date.parse(iso) / 1000;

  test('the period from the subscription item, or from the subscription itself (older versions)', () => {
    const base = {
      id: 'sub_1',
      customer: { id: 'cus_1' },
      status: 'active',
      pause_collection: { behavior: 'void', resumes_at: at('2027-03-01T00:00:00Z') },
      cancel_at_period_end: false,
      cancel_at: null,
      ended_at: null,
      metadata: { membershipId: '9' },
      latest_invoice: { id: 'in_9' },
    };
    const item = { id: 'si_1', price: { id: 'price_1' } };
    const newer = subscriptionSnapshot({
      ...base,
      items: { data: [{ ...item, current_period_start: at('2027-01-01T00:00:00Z'), current_period_end: at('2027-02-01T00:00:00Z') }] },
    } as unknown as Stripe.Subscription);
    const older = subscriptionSnapshot({
      ...base,
      current_period_start: at('2027-01-01T00:00:00Z'),
      current_period_end: at('2027-02-01T00:00:00Z'),
      items: { data: [item] },
    } as unknown as Stripe.Subscription);
    for (const s of [newer, older]) {
      assert.deepEqual(s, {
        subscriptionId: 'sub_1',
        customerRef: 'cus_1',
        status: 'active',
        pausedUntil: new Date('2027-03-01T00:00:00Z'),
        cancelAtPeriodEnd: false,
        currentPeriodStart: new Date('2027-01-01T00:00:00Z'),
        currentPeriodEnd: new Date('2027-02-01T00:00:00Z'),
        endedAt: null,
        priceId: 'price_1',
        metadata: { membershipId: '9' },
        latestInvoiceId: 'in_9',
      });
    }
    const endsAtPeriodEnd = subscriptionSnapshot({
      ...base,
      cancel_at: at('2027-02-01T00:00:00Z'),
      items: { data: [{ ...item, current_period_start: at('2027-01-01T00:00:00Z'), current_period_end: at('2027-02-01T00:00:00Z') }] },
    } as unknown as Stripe.Subscription);
    assert.equal(endsAtPeriodEnd.cancelAtPeriodEnd, true, 'cancel_at at the period’s end');
  });

  test('the invoice’s subscription under parent.subscription_details, or on the invoice (older versions); the billed period from its line', () => {
    const base = {
      id: 'in_1',
      status: 'paid',
      amount_due: 1900,
      amount_paid: 1900,
      currency: 'eur',
      attempt_count: 1,
      hosted_invoice_url: 'https://invoice.stripe.com/i/1',
      period_start: at('2027-01-01T00:00:00Z'),
      period_end: at('2027-01-01T00:00:00Z'),
      status_transitions: { paid_at: at('2027-02-01T00:05:00Z') },
      next_payment_attempt: null,
      lines: {
        data: [
          {
            period: { start: at('2027-02-01T00:00:00Z'), end: at('2027-03-01T00:00:00Z') },
            parent: { type: 'subscription_item_details' },
          },
        ],
      },
    };
    const newer = invoiceSnapshot({
      ...base,
      parent: { type: 'subscription_details', subscription_details: { subscription: 'sub_1', metadata: {} } },
    } as unknown as Stripe.Invoice);
    const older = invoiceSnapshot({ ...base, parent: null, subscription: 'sub_1' } as unknown as Stripe.Invoice);
    for (const i of [newer, older]) {
      assert.deepEqual(i, {
        invoiceId: 'in_1',
        subscriptionId: 'sub_1',
        status: 'paid',
        amountDue: 1900,
        amountPaid: 1900,
        currency: 'eur',
        periodStart: new Date('2027-02-01T00:00:00Z'),
        periodEnd: new Date('2027-03-01T00:00:00Z'),
        attemptCount: 1,
        hostedInvoiceUrl: 'https://invoice.stripe.com/i/1',
        paidAt: new Date('2027-02-01T00:05:00Z'),
        nextPaymentAttempt: null,
      });
    }
    const noLines = invoiceSnapshot({ ...base, lines: { data: [] }, parent: null } as unknown as Stripe.Invoice);
    assert.deepEqual(
      [noLines.periodStart, noLines.periodEnd, noLines.subscriptionId],
      [new Date('2027-01-01T00:00:00Z'), new Date('2027-01-01T00:00:00Z'), null],
    );
  });

  test('months later, on the same day or the month’s last', () => {
    assert.equal(addMonths(new Date('2027-01-31T10:00:00Z'), 1).toISOString(), '2027-02-28T10:00:00.000Z');
    assert.equal(addMonths(new Date('2028-01-31T10:00:00Z'), 1).toISOString(), '2028-02-29T10:00:00.000Z');
    assert.equal(addMonths(new Date('2027-11-15T00:00:00Z'), 3).toISOString(), '2028-02-15T00:00:00.000Z');
    assert.equal(addMonths(new Date('2027-05-01T08:30:00Z'), 0).toISOString(), '2027-05-01T08:30:00.000Z');
  });
});
