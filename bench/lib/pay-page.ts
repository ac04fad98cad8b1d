// Paying on the local payment page (it delivers the signed webhook synchronously).
import type pg from 'pg';
import type { StartedCheckout } from './checkout-start.ts';
import { errorText, Failures, type Failure } from './failures.ts';
import { paidFigures, PaidWatcher, type PaidFigures } from './paid-watcher.ts';
import { describe, PAYER, postForm } from './shop-forms.ts';
import { paced, summarize, type Summary } from './stats.ts';

async function orderNumbersOf(db: pg.Pool, sessionIds: string[]): Promise<Map<string, string>> {
  const { rows } = await db.query<{ session_id: string; order_number: string }>(
    'select session_id, order_number from local_checkout_sessions where session_id = any($1)',
    [sessionIds],
  );
  return new Map(rows.map((r) => [r.session_id, r.order_number]));
}

export interface PayRun extends PaidFigures {
  count: number;
  ratePerSecond: number;
  /** Latency of the pay POST, which includes the synchronous webhook delivery: an upper bound of webhook ack. */
  payLatency: Summary;
  failures: Failure[];
  failureCount: number;
}

export async function payOnLocalPage(opts: {
  baseUrl: string;
  db: pg.Pool;
  checkouts: StartedCheckout[];
  ratePerSecond: number;
  maxInFlight: number;
  paidTimeoutMs: number;
}): Promise<PayRun> {
  const orders = await orderNumbersOf(
    opts.db,
    opts.checkouts.map((c) => c.sessionId),
  );
  const watcher = new PaidWatcher(opts.db);
  watcher.start();
  const latencies: number[] = [];
  const failures = new Failures();
  await paced(opts.checkouts.length, opts.ratePerSecond, opts.maxInFlight, async (i) => {
    const c = opts.checkouts[i]!;
    const orderNumber = orders.get(c.sessionId);
    if (!orderNumber) {
      failures.add('no session', `no local checkout session ${c.sessionId}`);
      return;
    }
    const url = new URL(c.location, opts.baseUrl).href;
    const sentAt = Date.now();
    const t0 = performance.now();
    try {
      const res = await postForm(url, { intent: 'pay', email: `bench+${i}@example.com`, ...PAYER }, c.cookie);
      if (res.status !== 303) {
        failures.add(res.status, await describe(res));
        return;
      }
      await res.arrayBuffer();
      latencies.push(performance.now() - t0);
      watcher.track(orderNumber, sentAt);
    } catch (err) {
      failures.add('error', errorText(err));
    }
  });
  await watcher.finish(opts.paidTimeoutMs);
  return {
    count: opts.checkouts.length,
    ratePerSecond: opts.ratePerSecond,
    payLatency: summarize(latencies),
    failures: failures.list(),
    failureCount: failures.total,
    ...(await paidFigures(opts.db, watcher)),
  };
}
