// Signed webhooks sent directly, each followed until the order is paid. Each session is completed and its event built
// by the local payment page's own code (completeLocalSession: the promotion code redeemed, the VAT for the payer's
// country fixed), so the shop checks the same amounts it checks after a payment on that page.
import type pg from 'pg';
import Stripe from 'stripe';
import { initOrm } from '#db/orm.ts';
import { completeLocalSession, type LocalPayer } from '#server/payments/local-stripe.server.ts';
import type { StartedCheckout } from './checkout-start.ts';
import { errorText, Failures, type Failure } from './failures.ts';
import { paidFigures, PaidWatcher, type PaidFigures } from './paid-watcher.ts';
import { PAYER } from './shop-forms.ts';
import { paced, summarize, type Summary } from './stats.ts';

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
  databaseUrl: string;
  secret: string;
  checkouts: StartedCheckout[];
  ratePerSecond: number;
  maxInFlight: number;
  paidTimeoutMs: number;
}): Promise<WebhookRun> {
  const stripe = new Stripe('sk_test_bench_signing_only');
  const address = { line1: PAYER.line1, line2: PAYER.line2, city: PAYER.city, postal_code: PAYER.postal_code, country: PAYER.country };
  // As on the payment page: a shipping address only where the session collects one.
  const { rows } = await opts.db.query<{ session_id: string; collect_shipping: boolean }>(
    'select session_id, collect_shipping from local_checkout_sessions where session_id = any($1)',
    [opts.checkouts.map((c) => c.sessionId)],
  );
  const collectsShipping = new Map(rows.map((r) => [r.session_id, r.collect_shipping]));
  // As Stripe would have: the session is complete before its event is sent.
  const orm = await initOrm({ url: opts.databaseUrl, poolMax: 4 });
  const events: Array<{ orderNumber: string; payload: string } | { refused: string }> = [];
  try {
    for (const [i, c] of opts.checkouts.entries()) {
      const payer: LocalPayer = {
        email: `bench+wh${i}@example.com`,
        name: PAYER.name,
        address: collectsShipping.get(c.sessionId) ? address : null,
        country: PAYER.country,
      };
      const done = await completeLocalSession(orm.em.fork(), c.sessionId, payer).catch((err: unknown) => ({
        ok: false as const,
        message: errorText(err),
      }));
      events.push(done.ok ? { orderNumber: done.orderNumber, payload: JSON.stringify(done.event) } : { refused: done.message });
    }
  } finally {
    await orm.close();
  }

  const url = `${opts.baseUrl}/webhooks/stripe`;
  const watcher = new PaidWatcher(opts.db);
  watcher.start();
  const latencies: number[] = [];
  const failures = new Failures();
  await paced(events.length, opts.ratePerSecond, opts.maxInFlight, async (i) => {
    const e = events[i]!;
    if ('refused' in e) {
      failures.add('not completed', `${opts.checkouts[i]!.sessionId}: ${e.refused}`);
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
      watcher.track(e.orderNumber, sentAt);
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
