// The membership phase (bench/lib/membership.ts): members renewing within a minute, invoice.paid → credits granted.
import { integrityHolds } from '../lib/membership-checks.ts';
import { benchMemberships } from '../lib/membership.ts';
import { ms } from '../lib/stats.ts';
import { benchDb, type PhaseContext } from './context.ts';

export async function runMembershipPhase(ctx: PhaseContext): Promise<void> {
  const { stack, config, results, measure, log } = ctx;
  const db = await benchDb(ctx);
  results.membership = await benchMemberships({
    stack,
    db,
    members: config.members,
    periodSeconds: config.membershipPeriodSeconds,
    spreadSeconds: config.membershipSpreadSeconds,
    wrap: measure,
    log,
  });
  const m = results.membership;
  log(
    `bench:   ${m.renewals} renewals, ${m.granted} granted at ${m.grantsPerSecond.toFixed(1)}/s; event → granted p50/p95/max ${ms(m.eventToGranted.p50)}/${ms(m.eventToGranted.p95)}/${ms(m.eventToGranted.max)} ms; ledger ${integrityHolds(m.integrity) ? 'holds' : 'does NOT hold'}`,
  );
  if (m.seeding.firstGranted < m.seeding.subscribed)
    results.notes.push(
      `Membership: only ${m.seeding.firstGranted} of ${m.seeding.subscribed} first periods were granted before the renewals`,
    );
  if (!integrityHolds(m.integrity)) results.notes.push(`Membership ledger: ${JSON.stringify(m.integrity)}`);
}
