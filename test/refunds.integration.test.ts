// Refunds against stripe-mock and PostgreSQL, through the admin's form: partial then full, too much,
// two at once, a repeated webhook, a refund made in the Stripe Dashboard, its event before the payment's,
// refund before shipping.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type pg from 'pg';
import { ProcessGroup } from '../scripts/lib/process-group.ts';
import { startStack, type Stack } from '../scripts/lib/stack.ts';
import { database, personalisation, waitFor } from './http.ts';
import { Visitor, signIn, unique } from './sign-in.ts';
import { completedSession, sendWebhook, signedEvent } from './stripe-events.ts';

let stack: Stack;
let db: pg.Pool;
let admin: Visitor;

before(async () => {
  stack = await startStack({ name: 'refunds', payments: 'mock', group: new ProcessGroup() });
  db = database(stack.databaseUrl);
  admin = new Visitor(stack.baseUrl);
  await signIn(db, admin, 'admin@example.com', '/admin');
});
after(async () => {
  await db?.end();
  await stack?.stop();
});

const secret = () => stack.env.STRIPE_WEBHOOK_SECRET!;

/** A checkout of 2 × A3 poster (2 × 45.00 + 9.99 shipping = 99.99) by a new customer, and its completed session, not yet delivered. */
async function startedOrder(): Promise<{ orderNumber: string; email: string; session: ReturnType<typeof completedSession> }> {
  const email = `refund-${unique()}@example.com`;
  const v = new Visitor(stack.baseUrl);
  const { rows: variants } = await db.query<{ id: number }>("select id from product_variants where sku = 'NSP-PHY-A3'");
  assert.equal(
    (await v.postAs('/products/night-sky-poster?index', { variantId: variants[0]!.id, quantity: 2, ...personalisation })).status,
    303,
  );
  const before = await db.query<{ id: number | null }>('select max(id) as id from orders');
  assert.equal((await v.postAs('/checkout', {})).status, 303);
  const { rows } = await db.query<{ order_number: string; stripe_checkout_session_id: string }>(
    'select order_number, stripe_checkout_session_id from orders where id > $1',
    [before.rows[0]!.id ?? 0],
  );
  const { order_number: orderNumber, stripe_checkout_session_id: sessionId } = rows[0]!;
  return { orderNumber, email, session: completedSession(orderNumber, sessionId, 9000, email) };
}

async function deliverPayment(orderNumber: string, session: ReturnType<typeof completedSession>): Promise<void> {
  assert.equal((await sendWebhook(stack.baseUrl, signedEvent('checkout.session.completed', session, { secret: secret() }))).status, 200);
  await waitFor(
    'paid',
    async () =>
      (await db.query("select 1 from orders where order_number = $1 and status = 'paid' and customer_id is not null", [orderNumber]))
        .rows[0],
  );
}

/** A paid order of 2 × A3 poster (2 × 45.00 + 9.99 shipping = 99.99) by a new customer. */
async function paidOrder(): Promise<{ orderNumber: string; paymentIntent: string; email: string }> {
  const { orderNumber, email, session } = await startedOrder();
  await deliverPayment(orderNumber, session);
  return { orderNumber, paymentIntent: session.payment_intent, email };
}

const order = async (orderNumber: string) =>
  (
    await db.query<{ status: string; refunded: number; total: number; customer_id: number }>(
      'select status, refunded, total, customer_id from orders where order_number = $1',
      [orderNumber],
    )
  ).rows[0]!;

const items = async (orderNumber: string) =>
  (
    await db.query<{ id: number; refunded_quantity: number }>(
      'select i.id, i.refunded_quantity from order_items i join orders o on o.id = i.order_id where o.order_number = $1 order by i.id',
      [orderNumber],
    )
  ).rows;

const refundForm = (orderNumber: string, form: Record<string, string | number>) =>
  admin.postAs(`/admin/orders/${orderNumber}`, { intent: 'refund', ...form });

describe('refunds', () => {
  test('a line-item refund, then the rest by amount: partially refunded, then refunded, stats reversed, customer emailed each time', async () => {
    const { orderNumber, email } = await paidOrder();
    const [item] = await items(orderNumber);
    const first = await refundForm(orderNumber, { kind: 'items', [`qty-${item!.id}`]: 1, reason: 'one arrived creased' });
    assert.equal(first.status, 200, await first.text());
    await waitFor('partially refunded', async () => (await order(orderNumber)).status === 'partially_refunded');
    assert.equal((await order(orderNumber)).refunded, 4500);
    assert.equal((await items(orderNumber))[0]!.refunded_quantity, 1);

    const second = await refundForm(orderNumber, { kind: 'amount', amount: '54.99', reason: 'order cancelled by the customer' });
    assert.equal(second.status, 200, await second.text());
    await waitFor('refunded', async () => (await order(orderNumber)).status === 'refunded');
    const o = await order(orderNumber);
    assert.equal(o.refunded, o.total);
    const user = (
      await db.query<{ total_spent: string; order_count: number }>('select total_spent, order_count from users where email = $1', [email])
    ).rows[0]!;
    assert.equal(Number(user.total_spent), 0);
    assert.equal(user.order_count, 0);
    await waitFor(
      'two refund emails',
      async () =>
        (await db.query("select count(*)::int as n from emails where order_number = $1 and template = 'order-refunded'", [orderNumber]))
          .rows[0]!.n === 2,
    );
    // Nothing left to refund.
    const more = await refundForm(orderNumber, { kind: 'amount', amount: '0.01', reason: 'again' });
    assert.equal(more.status, 400);
  });

  test('more than was paid is refused with the amount that can be refunded, and the input is kept', async () => {
    const { orderNumber } = await paidOrder();
    const res = await refundForm(orderNumber, { kind: 'amount', amount: '100.00', reason: 'too generous' });
    assert.equal(res.status, 400);
    const html = await res.text();
    assert.match(html, /at most €99\.99 can be refunded/);
    assert.ok(html.includes('value="100.00"'), 'the typed amount is kept');
    const [item] = await items(orderNumber);
    const tooMany = await refundForm(orderNumber, { kind: 'items', [`qty-${item!.id}`]: 3, reason: 'x' });
    assert.equal(tooMany.status, 400);
    assert.match(await tooMany.text(), /At most 2 of Night Sky Poster can be refunded/);
    const noReason = await refundForm(orderNumber, { kind: 'amount', amount: '1.00', reason: ' ' });
    assert.equal(noReason.status, 400);
    assert.equal(
      (
        await db.query('select count(*)::int as n from refunds r join orders o on o.id = r.order_id where o.order_number = $1', [
          orderNumber,
        ])
      ).rows[0]!.n,
      0,
    );
  });

  test('two admins refunding the full amount at once: exactly one refund is made', async () => {
    const { orderNumber } = await paidOrder();
    const answers = await Promise.all([
      refundForm(orderNumber, { kind: 'amount', amount: '99.99', reason: 'first admin' }),
      refundForm(orderNumber, { kind: 'amount', amount: '99.99', reason: 'second admin' }),
    ]);
    assert.deepEqual(answers.map((r) => r.status).sort(), [200, 400]);
    const { rows } = await db.query<{ n: number; sum: string }>(
      'select count(*)::int as n, sum(amount) as sum from refunds r join orders o on o.id = r.order_id where o.order_number = $1',
      [orderNumber],
    );
    assert.equal(rows[0]!.n, 1);
    assert.equal(Number(rows[0]!.sum), 9999);
    await waitFor('refunded', async () => (await order(orderNumber)).status === 'refunded');
  });

  test('a refund webhook delivered twice changes nothing the second time', async () => {
    const { orderNumber } = await paidOrder();
    assert.equal((await refundForm(orderNumber, { kind: 'amount', amount: '10.00', reason: 'goodwill' })).status, 200);
    await waitFor('refunded', async () => (await order(orderNumber)).refunded === 1000);
    const { rows } = await db.query<{ stripe_refund_id: string; id: number }>(
      'select r.stripe_refund_id, r.id from refunds r join orders o on o.id = r.order_id where o.order_number = $1',
      [orderNumber],
    );
    const event = signedEvent(
      'charge.refund.updated',
      { id: rows[0]!.stripe_refund_id, object: 'refund', status: 'succeeded', amount: 1000, metadata: { refundId: String(rows[0]!.id) } },
      { secret: secret() },
    );
    assert.equal((await sendWebhook(stack.baseUrl, event)).status, 200);
    assert.equal((await sendWebhook(stack.baseUrl, event)).status, 200);
    await new Promise((r) => setTimeout(r, 500));
    assert.equal((await order(orderNumber)).refunded, 1000);
    const events = await db.query(
      "select count(*)::int as n from order_events e join orders o on o.id = e.order_id where o.order_number = $1 and e.type = 'refunded'",
      [orderNumber],
    );
    assert.equal(events.rows[0]!.n, 1);
  });

  test('a refund made in the Stripe Dashboard is reconciled through the same workflow', async () => {
    const { orderNumber, paymentIntent } = await paidOrder();
    const refundId = `re_dashboard_${unique()}`;
    const charge = {
      id: `ch_${unique()}`,
      object: 'charge',
      payment_intent: paymentIntent,
      refunds: {
        data: [{ id: refundId, object: 'refund', amount: 2500, currency: 'eur', status: 'succeeded', payment_intent: paymentIntent }],
      },
    };
    const event = signedEvent('charge.refunded', charge, { secret: secret() });
    assert.equal((await sendWebhook(stack.baseUrl, event)).status, 200);
    assert.equal((await sendWebhook(stack.baseUrl, event)).status, 200, 'again: the same refund, once');
    await waitFor('reconciled', async () => (await order(orderNumber)).refunded === 2500);
    const { rows } = await db.query<{ source: string; status: string }>('select source, status from refunds where stripe_refund_id = $1', [
      refundId,
    ]);
    assert.deepEqual(rows, [{ source: 'stripe_dashboard', status: 'succeeded' }]);
    assert.equal((await order(orderNumber)).status, 'partially_refunded');
  });

  test('a refund event that arrives before the payment it refunds is answered 503 until the payment is recorded, then reconciled once', async () => {
    const { orderNumber, session } = await startedOrder();
    const paymentIntent = session.payment_intent;
    const refundId = `re_early_${unique()}`;
    const charge = {
      id: `ch_${unique()}`,
      object: 'charge',
      payment_intent: paymentIntent,
      refunds: {
        data: [{ id: refundId, object: 'refund', amount: 2500, currency: 'eur', status: 'succeeded', payment_intent: paymentIntent }],
      },
    };
    const early = signedEvent('charge.refunded', charge, { secret: secret() });
    // No order records that payment yet: 503, so Stripe delivers the event again; the event is kept, not processed.
    assert.equal((await sendWebhook(stack.baseUrl, early)).status, 503);
    const kept = await db.query<{ processed_at: Date | null; attempts: number; last_error: string }>(
      'select processed_at, attempts, last_error from webhook_events where event_id = $1',
      [early.event.id],
    );
    assert.equal(kept.rows[0]!.processed_at, null);
    assert.equal(kept.rows[0]!.attempts, 1);
    assert.match(kept.rows[0]!.last_error, /no order records its payment yet/);
    assert.equal(await db.query('select 1 from refunds where stripe_refund_id = $1', [refundId]).then((r) => r.rowCount), 0);

    // The payment's own event arrives; Stripe's next delivery of the refund event is reconciled.
    await deliverPayment(orderNumber, session);
    assert.equal((await sendWebhook(stack.baseUrl, early)).status, 200);
    assert.equal((await sendWebhook(stack.baseUrl, early)).status, 200, 'again: a duplicate, nothing more');
    await waitFor('reconciled', async () => (await order(orderNumber)).refunded === 2500);
    const { rows } = await db.query<{ source: string; status: string }>('select source, status from refunds where stripe_refund_id = $1', [
      refundId,
    ]);
    assert.deepEqual(rows, [{ source: 'stripe_dashboard', status: 'succeeded' }]);
  });

  test('a refund event for a payment no order records, older than a day, is recorded and left (200): it is not ours', async () => {
    const paymentIntent = `pi_elsewhere_${unique()}`;
    const refund = {
      id: `re_elsewhere_${unique()}`,
      object: 'refund',
      amount: 700,
      currency: 'eur',
      status: 'succeeded',
      payment_intent: paymentIntent,
    };
    const old = signedEvent('refund.updated', refund, { secret: secret(), created: Math.floor(Date.now() / 1000) - 25 * 3600 });
    const answer = await sendWebhook(stack.baseUrl, old);
    assert.equal(answer.status, 200);
    assert.match(JSON.stringify(await answer.json()), /no matching order/);
    const young = signedEvent('refund.updated', { ...refund, id: `re_elsewhere_${unique()}` }, { secret: secret() });
    assert.equal((await sendWebhook(stack.baseUrl, young)).status, 503, 'within the day it is still waited for');
  });

  test('a full refund before shipping cancels the fulfillment: marking it shipped is then refused', async () => {
    const { orderNumber } = await paidOrder();
    assert.equal((await refundForm(orderNumber, { kind: 'amount', amount: '99.99', reason: 'out of stock' })).status, 200);
    await waitFor('refunded', async () => (await order(orderNumber)).status === 'refunded');
    await waitFor(
      'fulfillment cancelled',
      async () =>
        (
          await db.query(
            "select 1 from order_events e join orders o on o.id = e.order_id where o.order_number = $1 and e.type = 'fulfillment_cancelled'",
            [orderNumber],
          )
        ).rows[0],
    );
    const ship = await admin.postAs(`/admin/orders/${orderNumber}`, {
      intent: 'ship',
      carrier: 'An Post',
      trackingNumber: 'RR1',
      trackingUrl: '',
    });
    assert.equal(ship.status, 400);
  });
});
