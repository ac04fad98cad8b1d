// Activity signatures of membership plans, as the workflows see them (imported as types only).
import type { PlanSyncResult } from '#server/memberships/sync-plan.server.ts';

export type { PlanSyncResult };

export interface MembershipPlanActivities {
  syncMembershipPlan(input: { planId: number }): Promise<PlanSyncResult>;
}
