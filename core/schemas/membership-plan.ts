// The admin's membership plan form (/admin/membership-plans): new and edit. The monthly price is typed as "9.00"
// and kept in minor units; whole numbers arrive as numbers (conform turns the typed text into one).
import { z } from 'zod';
import { PLAN_STATUSES, UNUSED_CREDITS_RULES } from '../memberships';
import { parseDecimal } from '../money';

export const PLAN_NAME_MAX = 80;
export const PLAN_DESCRIPTION_MAX = 500;
/** The highest monthly price a plan may have: 10,000.00. */
export const PLAN_PRICE_MAX = 1_000_000;
export const PLAN_CREDITS_MAX = 1000;
export const PLAN_TRIAL_DAYS_MAX = 90;

const PRICE = 'Enter the monthly price, like 9.00';
const CREDITS = `Credits per month: a whole number from 0 to ${PLAN_CREDITS_MAX.toLocaleString('en')}`;
const TRIAL = `Trial days: a whole number from 0 to ${PLAN_TRIAL_DAYS_MAX}`;

const whole = (message: string, max: number) => z.number({ error: message }).int(message).min(0, message).max(max, message);

export const membershipPlanSchema = z.object({
  name: z
    .string({ error: 'Enter the plan’s name' })
    .trim()
    .min(1, 'Enter the plan’s name')
    .max(PLAN_NAME_MAX, `At most ${PLAN_NAME_MAX} characters`),
  description: z
    .string()
    .trim()
    .max(PLAN_DESCRIPTION_MAX, `At most ${PLAN_DESCRIPTION_MAX} characters`)
    .optional()
    .transform((v) => v || null),
  price: z
    .string({ error: PRICE })
    .trim()
    .transform((v, ctx) => {
      const minor = parseDecimal(v);
      if (minor == null || minor <= 0) {
        ctx.addIssue({ code: 'custom', message: PRICE });
        return z.NEVER;
      }
      if (minor > PLAN_PRICE_MAX) {
        ctx.addIssue({ code: 'custom', message: 'At most 10000.00 a month' });
        return z.NEVER;
      }
      return minor;
    }),
  creditsPerPeriod: whole(CREDITS, PLAN_CREDITS_MAX),
  // Blank: no trial.
  trialDays: whole(TRIAL, PLAN_TRIAL_DAYS_MAX).default(0),
  unusedCredits: z.enum(UNUSED_CREDITS_RULES, { error: 'Choose what happens to unused credits' }),
  status: z.enum(PLAN_STATUSES, { error: 'Choose active or retired' }),
});

export type MembershipPlanInput = z.output<typeof membershipPlanSchema>;

/** The plan page's "Sync with Stripe" button: hands the current version to its workflow again. */
export const planSyncSchema = z.object({ intent: z.literal('sync', { error: 'Unknown action' }) });
