// Checkouts end to end (start → pay page → paid) at --checkout-concurrency, then what each paid order cost.
import { createCarts, lookupVariantId } from '../lib/carts.ts';
import { cpuSnapshot } from '../lib/cpu.ts';
import { runEndToEnd } from '../lib/end-to-end.ts';
import { countOrderHistories, cpuMsPerOrder, waitUntilQuiet } from '../lib/order-cost.ts';
import { ms, sleep } from '../lib/stats.ts';
import { benchDb, type PhaseContext } from './context.ts';

export async function runEndToEndPhase(ctx: PhaseContext): Promise<void> {
  const { stack, config, results, measure, log, pgids } = ctx;
  const db = await benchDb(ctx);
  const variantId = await lookupVariantId(db);
  const deadline = Date.now() + 180_000;
  log(`bench: creating ${config.endToEndCheckouts} carts for the end-to-end batch…`);
  const carts = await createCarts({ baseUrl: stack.baseUrl, variantId, count: config.endToEndCheckouts, concurrency: 8, deadline });
  if (carts.failures.total > 0)
    results.notes.push(
      `End-to-end carts: ${carts.failures.total} could not be created (${carts.failures
        .list()
        .map((f) => f.example)
        .join('; ')})`,
    );
  await sleep(1000);
  log(`bench: ${carts.cookies.length} checkouts end to end (start → pay page → paid) at ${config.checkoutConcurrency} concurrent…`);
  const batchStart = new Date();
  // The worker's CPU is also split by thread (bench/lib/cpu.ts).
  const cpuNow = () => cpuSnapshot(pgids(), { threadsOf: 'worker' });
  const cpuBefore = cpuNow();
  results.endToEnd = await measure('checkouts end to end', () =>
    runEndToEnd({
      baseUrl: stack.baseUrl,
      db,
      cookies: carts.cookies,
      concurrency: config.checkoutConcurrency,
      deadline,
      paidTimeoutMs: 60_000,
    }),
  );
  const e = results.endToEnd;
  const wf = results.ceiling?.emptyWorkflow;
  log(
    `bench:   ${e.perSecond.toFixed(1)} orders/s${wf ? ` (${Math.round((100 * e.perSecond) / wf.perSecond)} % of ${wf.perSecond.toFixed(1)} empty wf/s)` : ''}; start → paid p50/p95/p99 ${ms(e.latency.p50)}/${ms(e.latency.p95)}/${ms(e.latency.p99)} ms; ${e.failureCount} failed, ${e.notPaid} not paid`,
  );
  log('bench: waiting for the shop to go quiet, then counting what the paid orders cost…');
  await waitUntilQuiet(pgids);
  const cpu = cpuMsPerOrder(cpuBefore, cpuNow(), e.paid);
  results.orderCost = {
    orders: e.paid,
    ...(await countOrderHistories({
      address: stack.temporal.address,
      namespace: stack.temporal.namespace,
      since: batchStart,
      orders: e.paid,
    })),
    cpuMsPerOrder: cpu.perOrder,
    seconds: cpu.seconds,
  };
  const oc = results.orderCost;
  log(
    `bench:   per paid order ${oc.perOrder.actions.toFixed(1)} actions, ${oc.perOrder.events.toFixed(1)} events, ${oc.perOrder.workflowTasks.toFixed(1)} workflow tasks, ${oc.perOrder.activityTasks.toFixed(1)} activity tasks; CPU ${Object.entries(
      oc.cpuMsPerOrder,
    )
      .map(([k, v]) => `${k} ${v.toFixed(0)}`)
      .join(', ')} ms`,
  );
}
