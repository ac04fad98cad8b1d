// The dashboard's "Memberships": members by status, monthly recurring revenue, churn and new members over the last
// 30 days, and the past-due members who need attention. Plain SQL, a report; the arithmetic is summariseMemberships.
import type { EntityManager } from '@mikro-orm/postgresql';
import { churnRate, monthlyRecurringRevenue, MEMBERSHIP_STATUSES, type MembershipStatus } from '#core/memberships.ts';

export const MEMBERSHIP_REPORT_DAYS = 30;
/** How many past-due members the dashboard lists. */
export const PAST_DUE_LIMIT = 50;

/** Members of one status on plans at one price: what MRR is summed from. */
export interface MemberGroup {
  status: MembershipStatus;
  price: number;
  currency: string;
  count: number;
}

export interface PastDueMember {
  membershipId: number;
  email: string;
  planName: string;
  pastDueSince: string | null;
}

export interface MembershipReport {
  /** Every status but `incomplete` (a checkout not paid yet), with zeros. */
  byStatus: Record<Exclude<MembershipStatus, 'incomplete'>, number>;
  /** Monthly recurring revenue per currency (active and past-due members at their plan's price), largest first. */
  mrr: Array<{ currency: string; amount: number }>;
  /** Members at the window's start. */
  membersAtStart: number;
  /** Of those, how many ended in the window. */
  endedInWindow: number;
  /** endedInWindow ÷ membersAtStart; null when there was nobody. */
  churn: number | null;
  /** Memberships that started in the window. */
  newInWindow: number;
  pastDue: PastDueMember[];
  days: number;
}

const REPORTED = MEMBERSHIP_STATUSES.filter((s): s is Exclude<MembershipStatus, 'incomplete'> => s !== 'incomplete');

/** The report's figures from the grouped counts: pure, so it is tested without a database. */
export function summariseMemberships(input: {
  groups: readonly MemberGroup[];
  membersAtStart: number;
  endedInWindow: number;
  newInWindow: number;
}): Pick<MembershipReport, 'byStatus' | 'mrr' | 'membersAtStart' | 'endedInWindow' | 'churn' | 'newInWindow'> {
  const byStatus = Object.fromEntries(REPORTED.map((s) => [s, 0])) as MembershipReport['byStatus'];
  for (const g of input.groups) if (g.status !== 'incomplete') byStatus[g.status] += g.count;
  const currencies = [...new Set(input.groups.map((g) => g.currency))];
  const mrr = currencies
    .map((currency) => ({
      currency,
      // Each group stands for `count` members paying `price`.
      amount: monthlyRecurringRevenue(
        input.groups.filter((g) => g.currency === currency).map((g) => ({ status: g.status, price: g.price * g.count })),
      ),
    }))
    .filter((m) => m.amount > 0)
    .sort((a, b) => b.amount - a.amount || a.currency.localeCompare(b.currency));
  return {
    byStatus,
    mrr,
    membersAtStart: input.membersAtStart,
    endedInWindow: input.endedInWindow,
    churn: churnRate(input.membersAtStart, input.endedInWindow),
    newInWindow: input.newInWindow,
  };
}

/** The report as of `now` (the window is the MEMBERSHIP_REPORT_DAYS before it). */
export async function membershipReport(em: EntityManager, now = new Date()): Promise<MembershipReport> {
  const start = new Date(now.getTime() - MEMBERSHIP_REPORT_DAYS * 86_400_000);
  const [groups, window, pastDue] = await Promise.all([
    em.execute<Array<{ status: MembershipStatus; price: number; currency: string; n: number }>>(
      `select m.status, p.price, p.currency, count(*)::int as n
         from memberships m join membership_plans p on p.id = m.plan_id
        where m.status <> 'incomplete' and m.end_reason is distinct from 'checkout_expired'
        group by m.status, p.price, p.currency`,
      [],
      'all',
    ),
    // A member at the start: started before it and not ended by it.
    em.execute<{ at_start: number; ended: number; joined: number }>(
      `select count(*) filter (where started_at < ? and (ended_at is null or ended_at >= ?))::int as at_start,
              count(*) filter (where started_at < ? and ended_at >= ? and ended_at < ?)::int as ended,
              count(*) filter (where started_at >= ? and started_at < ?)::int as joined
         from memberships where started_at is not null`,
      [start, start, start, start, now, start, now],
      'get',
    ),
    em.execute<Array<{ id: number; email: string; plan_name: string; past_due_since: Date | null }>>(
      `select m.id, u.email, p.name as plan_name, m.past_due_since
         from memberships m join users u on u.id = m.customer_id join membership_plans p on p.id = m.plan_id
        where m.status = 'past_due'
        order by m.past_due_since asc nulls last, m.id
        limit ?`,
      [PAST_DUE_LIMIT],
      'all',
    ),
  ]);
  return {
    ...summariseMemberships({
      groups: groups.map((g) => ({ status: g.status, price: g.price, currency: g.currency, count: g.n })),
      membersAtStart: window.at_start,
      endedInWindow: window.ended,
      newInWindow: window.joined,
    }),
    pastDue: pastDue.map((r) => ({
      membershipId: r.id,
      email: r.email,
      planName: r.plan_name,
      pastDueSince: r.past_due_since ? new Date(r.past_due_since).toISOString() : null,
    })),
    days: MEMBERSHIP_REPORT_DAYS,
  };
}
