import { proxyActivities, setCurrentDetails } from '@temporalio/workflow';
import { STRIPE, withMaximumAttempts } from './activity-options';
import type { MembershipPlanActivities, PlanSyncResult } from '#worker/activities/membership-plan-types.ts';

const stripe = proxyActivities<MembershipPlanActivities>(withMaximumAttempts(STRIPE, 20));

/**
 * membership-plan-<id>-v<version>: makes Stripe's product and monthly price match one version of the shop's plan
 * (the product created once, a new price when the amount changed, the former one archived).
 */
export async function syncMembershipPlan({ planId, name }: { planId: number; name: string }): Promise<PlanSyncResult> {
  setCurrentDetails(`**${name}** — creating or updating the Stripe product and monthly price`);
  const result = await stripe.syncMembershipPlan({ planId });
  setCurrentDetails(
    `**${result.name}** — on Stripe as ${result.stripeProductId} at ${result.stripePriceId}, ${result.activeOnStripe ? 'active' : 'inactive'}`,
  );
  return result;
}
