// The stock-contention phase (bench/lib/contention.ts): checkouts all reserving one tracked variant, beside one variant per lane.
import { benchContention } from '../lib/contention.ts';
import { ms, sleep } from '../lib/stats.ts';
import { benchDb, type PhaseContext } from './context.ts';

export async function runContentionPhase(ctx: PhaseContext): Promise<void> {
  const { stack, config, results, measure, log } = ctx;
  const db = await benchDb(ctx);
  await sleep(1000);
  results.contention = await measure('stock contention (carts, both sides)', () =>
    benchContention({
      baseUrl: stack.baseUrl,
      db,
      lanes: config.checkoutConcurrency,
      checkouts: config.contentionCheckouts,
      rounds: config.contentionRounds,
      deadline: Date.now() + 300_000,
      log,
    }),
  );
  const { contended: c, uncontended: u, ratio, hot } = results.contention;
  log(
    `bench:   same variant ${c.perSecond.toFixed(1)} /s, p95 ${ms(c.latency.p95)} ms, ${c.failureCount} failed; one variant per lane ${u.perSecond.toFixed(1)} /s, p95 ${ms(u.latency.p95)} ms, ${u.failureCount} failed; ratio ${(ratio * 100).toFixed(0)} %`,
  );
  if (!hot.logMatches)
    results.notes.push(`Contention: the hot variant's levels (${hot.onHand} / ${hot.reserved}) are not the sums of its movements`);
  if (results.contention.cartFailures.length > 0)
    results.notes.push(
      `Contention carts: ${results.contention.cartFailures.map((f) => `${f.count} × ${f.status}: ${f.example}`).join('; ')}`,
    );
}
