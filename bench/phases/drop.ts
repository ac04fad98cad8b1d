// The drop phase (bench/lib/drop.ts): many checkouts within seconds for few in stock, then the abandoned sessions' expiry.
import { benchDrop } from '../lib/drop.ts';
import { benchDb, type PhaseContext } from './context.ts';

export async function runDropPhase(ctx: PhaseContext): Promise<void> {
  const { stack, config, results, measure, log } = ctx;
  const db = await benchDb(ctx);
  results.drop = await benchDrop({
    stack,
    db,
    customers: config.dropCustomers,
    stock: config.dropStock,
    seconds: config.dropSeconds,
    // Its short sessions are for its own checkouts only: a later phase gets the worker as the stack started it.
    restoreWorker: ctx.runs('points') || ctx.runs('membership'),
    wrap: measure,
    log,
  });
  const failed = results.drop.checks.filter((c) => !c.ok).map((c) => `${c.name} — ${c.detail}`);
  if (failed.length > 0) results.notes.push(`Drop: ${failed.join('; ')}`);
}
