// The checkout phase: carts, checkout starts (concurrent, then one at a time), then the started checkouts paid, by
// signed webhooks sent directly and on the local pay page.
import { createCarts, lookupVariantId } from '../lib/carts.ts';
import { runCheckouts } from '../lib/checkout-start.ts';
import { payOnLocalPage } from '../lib/pay-page.ts';
import { sendSignedWebhooks } from '../lib/signed-webhooks.ts';
import { ms, num, sleep } from '../lib/stats.ts';
import { benchDb, type PhaseContext } from './context.ts';

export async function runCheckoutPhase(ctx: PhaseContext): Promise<void> {
  const { stack, config, results, measure, log } = ctx;
  const CHECKOUT_WARMUP = config.checkoutConcurrency;
  /** Checkouts one at a time after the concurrent run: the latency without queueing (info). */
  const SEQUENTIAL_CHECKOUTS = config.quick ? 10 : 30;
  const db = await benchDb(ctx);
  const variantId = await lookupVariantId(db);
  const phaseDeadline = Date.now() + 150_000;

  const cartCount = CHECKOUT_WARMUP + config.checkouts + SEQUENTIAL_CHECKOUTS;
  log(`bench: creating ${cartCount} carts…`);
  const carts = await createCarts({ baseUrl: stack.baseUrl, variantId, count: cartCount, concurrency: 8, deadline: phaseDeadline });
  results.carts = { created: carts.cookies.length, seconds: carts.seconds, failures: carts.failures.list() };
  if (carts.cookies.length <= CHECKOUT_WARMUP)
    throw new Error(`only ${carts.cookies.length} carts could be created: ${JSON.stringify(carts.failures.list())}`);
  const sequentialCookies = carts.cookies.splice(Math.max(CHECKOUT_WARMUP + 1, carts.cookies.length - SEQUENTIAL_CHECKOUTS));

  log(
    `bench: ${CHECKOUT_WARMUP} warm-up checkouts, then ${carts.cookies.length - CHECKOUT_WARMUP} at ${config.checkoutConcurrency} concurrent…`,
  );
  const warm = await runCheckouts({
    baseUrl: stack.baseUrl,
    cookies: carts.cookies.slice(0, CHECKOUT_WARMUP),
    concurrency: config.checkoutConcurrency,
    deadline: phaseDeadline,
  });
  if (warm.failureCount > 0)
    results.notes.push(
      `Warm-up checkouts: ${warm.failureCount} failed (${warm.failures.map((f) => `${f.status}: ${f.example}`).join('; ')})`,
    );
  const checkout = await measure('checkout start', () =>
    runCheckouts({
      baseUrl: stack.baseUrl,
      cookies: carts.cookies.slice(CHECKOUT_WARMUP),
      concurrency: config.checkoutConcurrency,
      deadline: phaseDeadline,
    }),
  );
  results.checkout = { ...checkout, started: [] };
  log(
    `bench:   ${num(checkout.latency.n)} started, p50 ${ms(checkout.latency.p50)} ms, p95 ${ms(checkout.latency.p95)} ms, p99 ${ms(checkout.latency.p99)} ms, ${checkout.failureCount} failed`,
  );
  if (sequentialCookies.length > 0) {
    await sleep(1000);
    log(`bench: ${sequentialCookies.length} checkouts one at a time…`);
    const seq = await measure('checkout start, one at a time', () =>
      runCheckouts({ baseUrl: stack.baseUrl, cookies: sequentialCookies, concurrency: 1, deadline: phaseDeadline }),
    );
    results.checkoutSequential = { ...seq, started: [] };
    checkout.started.push(...seq.started);
    log(`bench:   p50 ${ms(seq.latency.p50)} ms, p95 ${ms(seq.latency.p95)} ms, ${seq.failureCount} failed`);
  }
  // Let the worker finish the tail of session creation before the payment phases.
  await sleep(1000);

  const toPay = checkout.started.slice(0, Math.min(config.pay, Math.floor(checkout.started.length / 3)));
  const toWebhook = checkout.started.slice(toPay.length);
  if (toWebhook.length > 0) {
    log(`bench: ${toWebhook.length} signed webhooks at ${config.webhookRate}/s…`);
    results.webhooks = await measure('webhooks', () =>
      sendSignedWebhooks({
        baseUrl: stack.baseUrl,
        db,
        databaseUrl: stack.databaseUrl,
        secret: stack.env.STRIPE_WEBHOOK_SECRET!,
        checkouts: toWebhook,
        ratePerSecond: config.webhookRate,
        maxInFlight: 64,
        paidTimeoutMs: 30_000,
      }),
    );
    const w = results.webhooks;
    log(
      `bench:   ack p50/p95/p99 ${ms(w.ack.p50)}/${ms(w.ack.p95)}/${ms(w.ack.p99)} ms; send → paid p50/p95/p99 ${ms(w.sendToPaid.p50)}/${ms(w.sendToPaid.p95)}/${ms(w.sendToPaid.p99)} ms; ${w.failureCount} failed, ${w.notPaid} not paid`,
    );
  }
  if (toPay.length > 0) {
    log(`bench: paying ${toPay.length} checkouts on the local payment page at ${config.payRate}/s…`);
    results.pay = await measure('local pay page', () =>
      payOnLocalPage({
        baseUrl: stack.baseUrl,
        db,
        checkouts: toPay,
        ratePerSecond: config.payRate,
        maxInFlight: 32,
        paidTimeoutMs: 30_000,
      }),
    );
    const p = results.pay;
    log(
      `bench:   pay POST p50/p95/p99 ${ms(p.payLatency.p50)}/${ms(p.payLatency.p95)}/${ms(p.payLatency.p99)} ms; click → paid p50/p95 ${ms(p.sendToPaid.p50)}/${ms(p.sendToPaid.p95)} ms; ${p.failureCount} failed, ${p.notPaid} not paid`,
    );
  }
}
