// The admin's members pages: the list's filters (/admin/members, in the query string) and the forms of one
// membership's page (/admin/members/:id): cancel now, cancel at the period's end, grant extra credits.
import { z } from 'zod';
import type { MembershipStatus } from '../memberships.ts';

/** The list's status filter: every member, or those in one state (a checkout never paid is no member). */
export const MEMBER_STATUS_FILTERS = ['all', 'trialing', 'active', 'past_due', 'paused', 'ended'] as const;
export type MemberStatusFilter = (typeof MEMBER_STATUS_FILTERS)[number];

export interface MemberFilters {
  status: MemberStatusFilter;
  /** A plan's id, or null for every plan. */
  planId: number | null;
  page: number;
}

const MAX_PAGE = 100_000;

/** The list's filters from its query string; anything unrecognised falls back to "all" and page 1. */
export function parseMemberFilters(params: URLSearchParams): MemberFilters {
  const status = params.get('status');
  const plan = Number(params.get('plan') ?? '');
  const page = Number(params.get('page') ?? '1');
  return {
    status: (MEMBER_STATUS_FILTERS as readonly string[]).includes(status ?? '') ? (status as MemberStatusFilter) : 'all',
    planId: Number.isInteger(plan) && plan > 0 && plan < 2 ** 31 ? plan : null,
    page: Number.isInteger(page) && page >= 1 && page <= MAX_PAGE ? page : 1,
  };
}

/** The same filters as a query string (for links that keep them); defaults are left out. */
export function memberFiltersToSearch(f: MemberFilters, overrides: Partial<MemberFilters> = {}): string {
  const v = { ...f, ...overrides };
  const params = new URLSearchParams();
  if (v.status !== 'all') params.set('status', v.status);
  if (v.planId !== null) params.set('plan', String(v.planId));
  if (v.page !== 1) params.set('page', String(v.page));
  const s = params.toString();
  return s ? `?${s}` : '';
}

/** The statuses "all" lists: every state but a checkout in progress. */
export const LISTED_STATUSES: readonly MembershipStatus[] = ['trialing', 'active', 'past_due', 'paused', 'ended'];

/** The intents of the forms of /admin/members/:id: each form's button sends one (name="intent"). */
export const MEMBER_INTENTS = {
  cancelNow: 'cancel-now',
  cancelAtPeriodEnd: 'cancel-at-period-end',
  grantCredits: 'grant-credits',
} as const;

export const CANCEL_REASON_MIN = 3;
export const REASON_MAX = 500;
export const EXTRA_CREDITS_MAX = 1000;

const CANCEL_REASON = `Say why the membership ends (at least ${CANCEL_REASON_MIN} characters)`;
const GRANT_REASON = `Say why (at least ${CANCEL_REASON_MIN} characters); the customer sees it with the credits`;
const TOO_LONG = `The reason can be at most ${REASON_MAX} characters`;
const CREDITS = `Enter a whole number of credits from 1 to ${EXTRA_CREDITS_MAX}`;
const OUT_OF_DATE = 'The form is out of date; reload the page';

/** End the membership now: no more periods, no refund of this one. The reason is kept with the change. */
export const adminCancelNowSchema = z.object({
  reason: z.string({ error: CANCEL_REASON }).trim().min(CANCEL_REASON_MIN, CANCEL_REASON).max(REASON_MAX, TOO_LONG),
});

/** End the membership when the period it is in ends; a reason is optional. */
export const adminCancelAtPeriodEndSchema = z.object({
  reason: z
    .string()
    .trim()
    .max(REASON_MAX, TOO_LONG)
    .optional()
    .transform((r) => r || null),
});

/** Extra credits for a member, with the reason the customer is shown, once per form key (a double submit grants once). */
export const grantExtraCreditsSchema = z.object({
  credits: z.number({ error: CREDITS }).int(CREDITS).min(1, CREDITS).max(EXTRA_CREDITS_MAX, CREDITS),
  reason: z.string({ error: GRANT_REASON }).trim().min(CANCEL_REASON_MIN, GRANT_REASON).max(REASON_MAX, TOO_LONG),
  formKey: z.string({ error: OUT_OF_DATE }).regex(/^[A-Za-z0-9_-]{16,64}$/, OUT_OF_DATE),
});

export type GrantExtraCreditsForm = z.output<typeof grantExtraCreditsSchema>;
