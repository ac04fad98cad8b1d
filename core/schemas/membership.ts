// The membership forms: joining a plan (/membership) and each change a member makes (/account/membership), one schema
// per form, and which of those forms a membership in a given state offers.
import { z } from 'zod';
import type { MembershipStatus } from '../memberships';

/** The most periods a member can skip at once. */
export const PAUSE_PERIODS_MAX = 3;

const planIdField = (message: string) => z.coerce.number({ error: message }).int(message).positive(message);

/** "Join" on /membership: the plan, in a hidden field. */
export const joinMembershipSchema = z.object({
  planId: planIdField('That plan is not available; choose another'),
});

/** The forms of /account/membership, told apart by the `intent` their button sends. */
export const membershipIntents = {
  pause: 'pause',
  resume: 'resume',
  cancelAtPeriodEnd: 'cancel-at-period-end',
  cancelNow: 'cancel-now',
  keep: 'keep',
  changePlan: 'change-plan',
} as const;
export type MembershipIntent = (typeof membershipIntents)[keyof typeof membershipIntents];

const pausePeriodsMessage = `Choose 1 to ${PAUSE_PERIODS_MAX} months`;

/** Skip the next 1–3 periods: no payment and no credits until billing resumes. */
export const pauseMembershipSchema = z.object({
  periods: z.coerce
    .number({ error: pausePeriodsMessage })
    .int(pausePeriodsMessage)
    .min(1, pausePeriodsMessage)
    .max(PAUSE_PERIODS_MAX, pausePeriodsMessage),
});

/** Resume billing now. */
export const resumeMembershipSchema = z.object({});

/** Cancel at the period's end: the member keeps the membership and its credits until then. */
export const cancelAtPeriodEndSchema = z.object({});

/** Undo a cancellation at the period's end. */
export const keepMembershipSchema = z.object({});

/** End the membership now: a checkbox that must be ticked (conform sends "on"; an unticked box sends nothing). */
export const cancelNowSchema = z.object({
  confirm: z.literal('on', { error: 'Tick the box to confirm that your membership ends now' }),
});

/** Move to another active plan. */
export const changePlanSchema = z.object({
  planId: planIdField('Choose a plan'),
});

/**
 * The forms a membership offers in its state, in the order the page shows them: a paused one can only resume or
 * end; one cancelled at the period's end can be kept or ended now; one whose payment failed can only end now (and
 * have its card updated, a form of its own: `canUpdateCard`).
 */
export function membershipForms(m: { status: MembershipStatus; cancelAtPeriodEnd: boolean }): MembershipIntent[] {
  const i = membershipIntents;
  switch (m.status) {
    case 'trialing':
    case 'active':
      if (m.cancelAtPeriodEnd) return [i.keep, i.cancelNow];
      return m.status === 'active'
        ? [i.pause, i.changePlan, i.cancelAtPeriodEnd, i.cancelNow]
        : [i.changePlan, i.cancelAtPeriodEnd, i.cancelNow];
    case 'paused':
      return [i.resume, i.cancelNow];
    case 'past_due':
      return [i.cancelNow];
    case 'incomplete':
    case 'ended':
      return [];
  }
}

/** Whether the member can change the card the membership is paid with (a membership that still bills). */
export const canUpdateCard = (status: MembershipStatus) =>
  status === 'trialing' || status === 'active' || status === 'past_due' || status === 'paused';

/** A membership that counts as being a member (joining again is refused): not ended, and past its checkout. */
export const isMember = (status: MembershipStatus) => status !== 'ended' && status !== 'incomplete';
