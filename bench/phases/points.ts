// The points phase (bench/lib/points.ts): webhook-to-paid with loyalty points off and on.
import { benchPoints } from '../lib/points.ts';
import { ms } from '../lib/stats.ts';
import { benchDb, type PhaseContext } from './context.ts';

export async function runPointsPhase(ctx: PhaseContext): Promise<void> {
  const { stack, config, results, measure, log } = ctx;
  const db = await benchDb(ctx);
  results.points = await benchPoints({
    stack,
    db,
    ordersPerSide: config.pointsOrders,
    rounds: config.pointsRounds,
    ratePerSecond: config.pointsRate,
    warmup: config.quick ? 4 : 8,
    wrap: measure,
    log,
  });
  const { off, on, ratio } = results.points;
  const side = (s: typeof off) =>
    `p50/p95 ${ms(s.webhookToPaid.p50)}/${ms(s.webhookToPaid.p95)} ms (${s.webhookToPaid.n} paid, ${s.failureCount} failed, ${s.notPaid} not paid)`;
  log(
    `bench:   webhook → paid, points off ${side(off)}; points on ${side(on)}; on/off p95 ${(ratio * 100).toFixed(0)} %; shop CPU per order ${ms(off.cpuMsPerOrder.total)} → ${ms(on.cpuMsPerOrder.total)} ms`,
  );
}
