// Signed webhooks sent directly (the shape app/utils/local-stripe.server.ts delivers), each followed until the order is paid.
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import Stripe from 'stripe';
import type { StartedCheckout } from './checkout-start.ts';
import { errorText, Failures, type Failure } from './failures.ts';
import { paidFigures, PaidWatcher, type PaidFigures } from './paid-watcher.ts';
import { PAYER } from './shop-forms.ts';
import { paced, summarize, type Summary } from './stats.ts';

interface SessionRow {
  session_id: string;
  order_number: string;
  currency: string;
  lines: { name: string; description: string; unitAmount: number; quantity: number }[];
  shipping_rates: { id: string; displayName: string; amount: number }[];
  collect_shipping: boolean;
  customer_email: string | null;
  success_url: string;
  cancel_url: string;
  expires_at: Date;
}

const rid = (prefix: string) => `${prefix}_bench_${randomBytes(12).toString('hex')}`;

/** A completed Checkout Session as local-stripe.server.ts's sessionObject() builds it. */
function completedSession(s: SessionRow, email: string, paymentIntentId: string) {
  const subtotal = s.lines.reduce((sum, l) => sum + l.unitAmount * l.quantity, 0);
  const rate = s.shipping_rates[0];
  const shipping = rate?.amount ?? 0;
  const address = s.collect_shipping
    ? { line1: PAYER.line1, line2: PAYER.line2, city: PAYER.city, postal_code: PAYER.postal_code, country: PAYER.country }
    : null;
  const shippingDetails = address ? { name: PAYER.name, address: { ...address, state: null } } : null;
  return {
    id: s.session_id,
    object: 'checkout.session',
    mode: 'payment',
    livemode: false,
    status: 'complete',
    payment_status: 'paid',
    client_reference_id: s.order_number,
    metadata: { orderNumber: s.order_number },
    currency: s.currency,
    amount_subtotal: subtotal,
    amount_total: subtotal + shipping,
    total_details: { amount_discount: 0, amount_shipping: shipping, amount_tax: 0 },
    shipping_cost: rate ? { amount_total: rate.amount, shipping_rate: { id: rate.id, display_name: rate.displayName } } : null,
    customer: null,
    customer_email: email,
    customer_details: { email, name: PAYER.name, address },
    collected_information: shippingDetails ? { shipping_details: shippingDetails } : null,
    shipping_details: shippingDetails,
    payment_intent: paymentIntentId,
    expires_at: Math.floor(new Date(s.expires_at).getTime() / 1000),
    success_url: s.success_url,
    cancel_url: s.cancel_url,
  };
}

export interface WebhookRun extends PaidFigures {
  count: number;
  ratePerSecond: number;
  /** Time until /webhooks/stripe answered 2xx. */
  ack: Summary;
  failures: Failure[];
  failureCount: number;
}

export async function sendSignedWebhooks(opts: {
  baseUrl: string;
  db: pg.Pool;
  secret: string;
  checkouts: StartedCheckout[];
  ratePerSecond: number;
  maxInFlight: number;
  paidTimeoutMs: number;
}): Promise<WebhookRun> {
  const stripe = new Stripe('sk_test_bench_signing_only');
  const { rows } = await opts.db.query<SessionRow>(
    `select session_id, order_number, currency, lines, shipping_rates, collect_shipping, customer_email, success_url, cancel_url, expires_at
       from local_checkout_sessions where session_id = any($1)`,
    [opts.checkouts.map((c) => c.sessionId)],
  );
  const sessions = new Map(rows.map((r) => [r.session_id, r]));
  const events = opts.checkouts.map((c, i) => {
    const s = sessions.get(c.sessionId);
    if (!s) return null;
    const paymentIntentId = rid('pi');
    const email = `bench+wh${i}@example.com`;
    return {
      session: s,
      paymentIntentId,
      email,
      payload: JSON.stringify({
        id: rid('evt'),
        object: 'event',
        api_version: '2025-01-27.acacia',
        created: Math.floor(Date.now() / 1000),
        livemode: false,
        pending_webhooks: 1,
        request: { id: null, idempotency_key: null },
        type: 'checkout.session.completed',
        data: { object: completedSession(s, email, paymentIntentId) },
      }),
    };
  });
  // As Stripe would have: the session is complete before its event is sent.
  await opts.db.query(
    `update local_checkout_sessions set status = 'complete', completed_at = now(), updated_at = now() where session_id = any($1) and status = 'open'`,
    [[...sessions.keys()]],
  );

  const url = `${opts.baseUrl}/webhooks/stripe`;
  const watcher = new PaidWatcher(opts.db);
  watcher.start();
  const latencies: number[] = [];
  const failures = new Failures();
  await paced(events.length, opts.ratePerSecond, opts.maxInFlight, async (i) => {
    const e = events[i];
    if (!e) {
      failures.add('no session', `no local checkout session ${opts.checkouts[i]!.sessionId}`);
      return;
    }
    const signature = stripe.webhooks.generateTestHeaderString({ payload: e.payload, secret: opts.secret });
    const sentAt = Date.now();
    const t0 = performance.now();
    try {
      const res = await fetch(url, {
        method: 'POST',
        body: e.payload,
        headers: { 'Content-Type': 'application/json', 'Stripe-Signature': signature },
      });
      const text = await res.text();
      const elapsed = performance.now() - t0;
      if (!res.ok) {
        failures.add(res.status, text);
        return;
      }
      latencies.push(elapsed);
      watcher.track(e.session.order_number, sentAt);
    } catch (err) {
      failures.add('error', errorText(err));
    }
  });
  await watcher.finish(opts.paidTimeoutMs);
  return {
    count: events.length,
    ratePerSecond: opts.ratePerSecond,
    ack: summarize(latencies),
    failures: failures.list(),
    failureCount: failures.total,
    ...(await paidFigures(opts.db, watcher)),
  };
}
