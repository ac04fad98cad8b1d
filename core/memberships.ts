// Memberships: plans sold as monthly subscriptions that add print credits every paid period
// (docs/decisions/061-memberships.md). Pure rules and names shared by the web, the worker and the workflow.
import { scaledMs } from './campaigns.ts';

export const PLAN_STATUSES = ['active', 'retired'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];

/** What happens to a plan's unused monthly credits when the membership ends. */
export const UNUSED_CREDITS_RULES = ['keep', 'expire'] as const;
export type UnusedCreditsRule = (typeof UNUSED_CREDITS_RULES)[number];

/**
 * A membership's life. `incomplete`: checkout started, not paid; `trialing`/`active`: credits every period;
 * `past_due`: a renewal failed, within the grace period; `paused`: periods skipped (no invoice, no credits);
 * `ended`: cancelled, or not paid within the grace period. A customer has at most one membership that is not ended.
 */
export const MEMBERSHIP_STATUSES = ['incomplete', 'trialing', 'active', 'past_due', 'paused', 'ended'] as const;
export type MembershipStatus = (typeof MEMBERSHIP_STATUSES)[number];

export const MEMBERSHIP_END_REASONS = ['cancelled', 'unpaid', 'admin', 'checkout_expired'] as const;
export type MembershipEndReason = (typeof MEMBERSHIP_END_REASONS)[number];

/** Stripe's subscription statuses, mapped to the shop's. */
export function statusFromStripe(stripeStatus: string, paused: boolean): MembershipStatus {
  switch (stripeStatus) {
    case 'trialing':
      return 'trialing';
    case 'active':
      return paused ? 'paused' : 'active';
    case 'past_due':
    case 'unpaid':
      return 'past_due';
    case 'canceled':
    case 'incomplete_expired':
      return 'ended';
    case 'paused':
      return 'paused';
    default:
      return 'incomplete';
  }
}

/** A membership period: a month, as Stripe bills it; the local stand-in uses 30 days, scaled by MEMBERSHIP_TIME_SCALE. */
export const STAND_IN_PERIOD_DAYS = 30;
export const periodMs = (timeScale: number) => scaledMs(STAND_IN_PERIOD_DAYS * 86_400, timeScale);

/** Monthly recurring revenue in minor units: what the members who pay (active, past due in grace) pay each month. */
export function monthlyRecurringRevenue(members: ReadonlyArray<{ status: MembershipStatus; price: number }>): number {
  return members.filter((m) => m.status === 'active' || m.status === 'past_due').reduce((s, m) => s + m.price, 0);
}

/** Churn over a window: members who ended in it ÷ members at its start (null when nobody was a member). */
export function churnRate(membersAtStart: number, endedInWindow: number): number | null {
  if (membersAtStart <= 0) return null;
  return endedInWindow / membersAtStart;
}

/**
 * The unused monthly credits at the end of a membership: what the membership granted and was not used since its
 * first grant, at most what is available. Credits used are counted against the monthly ones first (in the
 * customer's favour: bought credits are the last to go).
 */
export function unusedMonthlyCredits(input: { granted: number; usedSinceFirstGrant: number; available: number }): number {
  return Math.max(0, Math.min(input.available, input.granted - input.usedSinceFirstGrant));
}

/** The membership workflow of a customer: one per customer, a new run for each membership. */
export const membershipWorkflowId = (customerId: number) => `membership-${customerId}`;
/** The workflow that mirrors one version of a plan to Stripe's product and price. */
export const planSyncWorkflowId = (planId: number, version: number) => `membership-plan-${planId}-v${version}`;
/** Ledger keys: a period's credits once per invoice; an admin's extra credits once per form. */
export const membershipGrantKey = (invoiceId: string) => `credits:membership:${invoiceId}`;
export const membershipExpiryKey = (membershipId: number) => `credits:membership-expire:membership-${membershipId}`;
export const membershipAdminGrantKey = (membershipId: number, formKey: string) => `credits:membership-admin:${membershipId}:${formKey}`;

/** What a member (from /account/membership) or an admin asks of the membership. */
export type MembershipChange =
  | { action: 'pause'; periods: number }
  | { action: 'resume' }
  | { action: 'cancel'; when: 'period_end' | 'now'; by: 'customer' | 'admin'; reason: string | null }
  /** Undo a cancellation at the period's end. */
  | { action: 'keep' }
  | { action: 'change_plan'; planId: number };

export const MAX_PAUSE_PERIODS = 3;

/**
 * Why a change cannot be made to a membership in this state, in words for the member, or null when it can. The
 * workflow's Update validator and the activity that makes the change both ask it.
 */
export function changeRefusal(
  m: { status: MembershipStatus; cancelAtPeriodEnd: boolean; planId: number | null; subscriptionId: string | null } | null,
  change: MembershipChange,
): string | null {
  if (!m || m.status === 'ended' || m.status === 'incomplete' || !m.subscriptionId) return 'You have no membership to change.';
  switch (change.action) {
    case 'pause':
      if (!Number.isInteger(change.periods) || change.periods < 1 || change.periods > MAX_PAUSE_PERIODS)
        return `A pause is 1 to ${MAX_PAUSE_PERIODS} periods.`;
      if (m.status === 'past_due') return 'Your last payment failed: update your card before pausing.';
      if (m.status === 'paused') return 'Your membership is already paused.';
      if (m.cancelAtPeriodEnd) return 'Your membership ends at the end of this period; keep it first to pause it.';
      return null;
    case 'resume':
      return m.status === 'paused' ? null : 'Your membership is not paused.';
    case 'keep':
      return m.cancelAtPeriodEnd ? null : 'Your membership is not set to end.';
    case 'cancel':
      return change.when === 'period_end' && m.cancelAtPeriodEnd ? 'Your membership already ends at the end of this period.' : null;
    case 'change_plan':
      if (m.status === 'past_due') return 'Your last payment failed: update your card before changing plans.';
      return m.planId === change.planId ? 'You are already on this plan.' : null;
  }
}

/** When a past-due membership ends unless a payment arrives first: the grace period after the first failed renewal. */
export function graceEnd(pastDueSince: Date | null, graceDays: number, timeScale: number): Date | null {
  return pastDueSince ? new Date(pastDueSince.getTime() + scaledMs(graceDays * 86_400, timeScale)) : null;
}
