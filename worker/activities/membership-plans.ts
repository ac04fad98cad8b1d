// Membership plans mirrored to a Stripe product and monthly price (or the stand-in's ids).
import type { ServerDeps } from '#server/deps.server.ts';
import { syncMembershipPlan } from '#server/memberships/sync-plan.server.ts';
import { activitiesOf } from './adapt.ts';
import type { MembershipPlanActivities } from './membership-plan-types.ts';

export function createMembershipPlanActivities(deps: ServerDeps): MembershipPlanActivities {
  return activitiesOf(deps, { syncMembershipPlan });
}
