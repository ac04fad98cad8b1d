// A membership's row kept in step with its subscription: what Stripe (or the stand-in) says now is written to the
// membership, each paid period's invoice grants its credits once (ledger key = invoice id), and an ended membership
// applies its plan's rule to the unused monthly credits. Used by the membership workflow's activities.
import type { EntityManager } from '@mikro-orm/postgresql';
import { scaledMs } from '#core/campaigns.ts';
import {
  graceEnd,
  membershipExpiryKey,
  membershipGrantKey,
  statusFromStripe,
  unusedMonthlyCredits,
  type MembershipEndReason,
} from '#core/memberships.ts';
import { Membership, MembershipInvoice, type MembershipInvoiceStatus } from '#db/entities/membership.ts';
import type { Env } from '#server/env.server.ts';
import { lockCustomerAccount, maybeOne, postTransfer, shopAccountId } from '#server/ledger/ledger.server.ts';
import type { MembershipView } from '#workflows/membership-messages.ts';
import type { InvoiceSnapshot, SubscriptionSnapshot } from './subscription-provider.server.ts';

export type MembershipEmail =
  | { template: 'membership-receipt'; membershipId: number; invoiceId: string }
  | { template: 'membership-payment-failed'; membershipId: number; invoiceId: string; attempt: number; graceEndsAt: string | null }
  | { template: 'membership-ended'; membershipId: number };

export interface MembershipStep {
  view: MembershipView;
  /** How often to ask the provider again while no word comes (ms). */
  checkEveryMs: number;
  /** Credits this step granted (0 when the period's were granted before). */
  granted: number;
  emails: MembershipEmail[];
}

type Settings = Pick<Env, 'MEMBERSHIP_GRACE_DAYS' | 'MEMBERSHIP_TIME_SCALE' | 'MEMBERSHIP_RENEWAL_CHECK_DAYS'>;

const scaledDaysMs = (days: number, env: Settings) => scaledMs(days * 86_400, env.MEMBERSHIP_TIME_SCALE);

const graceEndOf = (pastDueSince: Date | null, env: Settings) =>
  graceEnd(pastDueSince, env.MEMBERSHIP_GRACE_DAYS, env.MEMBERSHIP_TIME_SCALE);

/** How long after a period's end the workflow asks the provider itself, and how often again while it hears nothing. */
export const renewalCheckMs = (env: Settings) => scaledDaysMs(env.MEMBERSHIP_RENEWAL_CHECK_DAYS, env);

/** The view the workflow keeps and its query answers. */
export async function viewOf(em: EntityManager, customerId: number, m: Membership | null, env: Settings): Promise<MembershipView> {
  if (!m) {
    return {
      customerId,
      membershipId: null,
      subscriptionId: null,
      status: 'ended',
      planId: null,
      currentPeriodEnd: null,
      cancelAtPeriodEnd: false,
      pausedUntil: null,
      pastDueSince: null,
      graceEndsAt: null,
      renewalCheckAt: null,
      periodsGranted: 0,
      activity: 'no membership',
    };
  }
  const granted = await maybeOne<{ n: string }>(
    em,
    `select count(*) as n from membership_invoices where membership_id = ? and credits_granted > 0`,
    [m.id],
  );
  return {
    customerId,
    membershipId: m.id,
    subscriptionId: m.stripeSubscriptionId,
    status: m.status,
    planId: m.plan.id,
    currentPeriodEnd: m.currentPeriodEnd?.toISOString() ?? null,
    cancelAtPeriodEnd: m.cancelAtPeriodEnd,
    pausedUntil: m.pausedUntil?.toISOString() ?? null,
    pastDueSince: m.pastDueSince?.toISOString() ?? null,
    graceEndsAt: m.status === 'past_due' ? (graceEndOf(m.pastDueSince, env)?.toISOString() ?? null) : null,
    renewalCheckAt:
      m.currentPeriodEnd && m.status !== 'ended' && m.status !== 'incomplete'
        ? new Date(m.currentPeriodEnd.getTime() + renewalCheckMs(env)).toISOString()
        : null,
    periodsGranted: Number(granted?.n ?? 0),
    activity: describe(m, env),
  };
}

function describe(m: Membership, env: Settings): string {
  const plan = `plan ${m.plan.id}`;
  switch (m.status) {
    case 'incomplete':
      return `waiting for the checkout of membership ${m.id} (${plan})`;
    case 'trialing':
    case 'active':
      return m.cancelAtPeriodEnd
        ? `${m.status}, ${plan}; ends at the period's end ${m.currentPeriodEnd?.toISOString() ?? '?'}`
        : `${m.status}, ${plan}; waiting for the renewal at ${m.currentPeriodEnd?.toISOString() ?? '?'}`;
    case 'paused':
      return `paused, ${plan}; billing resumes ${m.pausedUntil?.toISOString() ?? '?'}`;
    case 'past_due':
      return `past due since ${m.pastDueSince?.toISOString() ?? '?'}; ends ${graceEndOf(m.pastDueSince, env)?.toISOString() ?? '?'} unless paid`;
    default:
      return `ended (${m.endReason ?? '?'})`;
  }
}

/** Writes what the provider says about the subscription onto the membership (the caller holds its row lock). */
export function applySnapshot(m: Membership, s: SubscriptionSnapshot, now: Date): void {
  const status = statusFromStripe(s.status, s.pausedUntil != null);
  m.stripeSubscriptionId ??= s.subscriptionId;
  m.stripeCustomerId = s.customerRef;
  m.currentPeriodStart = s.currentPeriodStart;
  m.currentPeriodEnd = s.currentPeriodEnd;
  m.cancelAtPeriodEnd = s.cancelAtPeriodEnd;
  m.pausedUntil = s.pausedUntil;
  if (status === 'ended' || m.status === 'ended') return;
  if (status === 'past_due') m.pastDueSince ??= now;
  else m.pastDueSince = null;
  if ((status === 'trialing' || status === 'active' || status === 'paused') && !m.startedAt) m.startedAt = now;
  m.status = status;
}

const invoiceStatus = (i: InvoiceSnapshot): MembershipInvoiceStatus =>
  i.status === 'paid' ? 'paid' : i.status === 'void' ? 'void' : i.attemptCount > 0 || i.status === 'uncollectible' ? 'failed' : 'open';

/** Records the invoice and, when it is paid, grants the period's credits once. Answers the credits granted now. */
export async function recordInvoice(tx: EntityManager, m: Membership, i: InvoiceSnapshot, eventCreated: Date | null): Promise<number> {
  let row = await tx.findOne(MembershipInvoice, { stripeInvoiceId: i.invoiceId });
  if (!row) {
    row = new MembershipInvoice({
      membership: m,
      stripeInvoiceId: i.invoiceId,
      status: invoiceStatus(i),
      amount: i.amountDue,
      currency: i.currency,
    });
    tx.persist(row);
  }
  row.status = invoiceStatus(i);
  row.amount = i.amountDue;
  row.periodStart = i.periodStart;
  row.periodEnd = i.periodEnd;
  row.attemptCount = i.attemptCount;
  row.hostedInvoiceUrl = i.hostedInvoiceUrl;
  row.paidAt = i.paidAt;
  if (i.status !== 'paid') {
    await tx.flush();
    return 0;
  }
  row.eventCreatedAt ??= eventCreated;
  const credits = m.plan.creditsPerPeriod;
  let granted = 0;
  if (credits > 0) {
    const account = await lockCustomerAccount(tx, 'credits', m.customer.id);
    const period =
      i.periodStart && i.periodEnd ? ` (${i.periodStart.toISOString().slice(0, 10)} to ${i.periodEnd.toISOString().slice(0, 10)})` : '';
    const posted = await postTransfer(tx, {
      kind: 'credits',
      type: 'grant',
      idempotencyKey: membershipGrantKey(i.invoiceId),
      reason: `Membership ${m.plan.name}: this period's credits${period}`,
      legs: [
        { accountId: account.id, bucket: 'available', amount: credits, customer: true },
        { accountId: await shopAccountId(tx, 'credits', 'granted'), bucket: 'available', amount: -credits, customer: false },
      ],
    });
    if (posted.created) {
      granted = credits;
      row.creditsGranted = credits;
      row.grantedAt = new Date();
    }
  }
  await tx.flush();
  return granted;
}

/** Ends the membership (once) and applies the plan's rule to its unused monthly credits. */
export async function endMembership(tx: EntityManager, m: Membership, reason: MembershipEndReason, at: Date): Promise<boolean> {
  if (m.status === 'ended') return false;
  m.status = 'ended';
  m.endedAt = at;
  m.endReason = reason;
  m.pastDueSince = null;
  if (m.plan.unusedCredits === 'expire') m.creditsExpired = await expireUnusedCredits(tx, m);
  await tx.flush();
  return true;
}

async function expireUnusedCredits(tx: EntityManager, m: Membership): Promise<number> {
  const grants = await maybeOne<{ granted: string | null; first: Date | null }>(
    tx,
    `select sum(credits_granted) as granted, min(granted_at) as first from membership_invoices where membership_id = ? and credits_granted > 0`,
    [m.id],
  );
  const granted = Number(grants?.granted ?? 0);
  if (granted <= 0 || !grants?.first) return 0;
  const account = await lockCustomerAccount(tx, 'credits', m.customer.id);
  // Credits taken out of "available" by orders (held, less what came back) since the first monthly grant.
  const used = await maybeOne<{ used: string | null }>(
    tx,
    `select -sum(e.amount) as used from ledger_entries e join ledger_transfers t on t.id = e.transfer_id
     where e.account_id = ? and e.bucket = 'available' and t.type in ('reserve', 'release') and t.created_at >= ?`,
    [account.id, grants.first],
  );
  const expire = unusedMonthlyCredits({ granted, usedSinceFirstGrant: Math.max(0, Number(used?.used ?? 0)), available: account.available });
  if (expire <= 0) return 0;
  await postTransfer(tx, {
    kind: 'credits',
    type: 'expire',
    idempotencyKey: membershipExpiryKey(m.id),
    reason: `Membership ${m.plan.name} ended: its unused monthly credits expire`,
    legs: [
      { accountId: account.id, bucket: 'available', amount: -expire, customer: true },
      { accountId: await shopAccountId(tx, 'credits', 'expired'), bucket: 'available', amount: expire, customer: false },
    ],
  });
  return expire;
}

/** The membership a subscription (or its checkout) belongs to, locked for the transaction. */
export async function lockMembership(
  tx: EntityManager,
  where: { membershipId?: number | null; subscriptionId?: string | null; checkoutSessionId?: string | null; customerId: number },
): Promise<Membership | null> {
  const ids = await tx.execute<Array<{ id: number }>>(
    `select id from memberships where customer_id = ? and (id = ? or (stripe_subscription_id is not null and stripe_subscription_id = ?)
       or (checkout_session_id is not null and checkout_session_id = ?)) order by id desc limit 1 for update`,
    [where.customerId, where.membershipId ?? -1, where.subscriptionId ?? null, where.checkoutSessionId ?? null],
    'all',
  );
  if (!ids[0]) return null;
  return tx.findOneOrFail(Membership, { id: ids[0].id }, { populate: ['plan', 'customer'], refresh: true });
}

/** The customer's membership that has not ended (or their latest), unlocked. */
export async function currentMembership(em: EntityManager, customerId: number): Promise<Membership | null> {
  return em.findOne(Membership, { customer: customerId }, { populate: ['plan', 'customer'], orderBy: { id: 'desc' } });
}

export { graceEndOf };
