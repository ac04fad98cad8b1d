import type { ServerDeps } from '#server/deps.server.ts';
import type { AccountActivities } from './account-types.ts';
import { createAccountActivities } from './accounts.ts';
import type { CampaignActivities } from './campaign-types.ts';
import { createCampaignActivities } from './campaigns.ts';
import { createEmailActivities } from './email.ts';
import { createMembershipActivities } from './memberships.ts';
import type { MembershipActivities } from './membership-types.ts';
import { createInvoiceActivities } from './invoices.ts';
import type { MembershipPlanActivities } from './membership-plan-types.ts';
import { createMembershipPlanActivities } from './membership-plans.ts';
import { createOrderActivities } from './orders.ts';
import { createPaymentActivities } from './payments.ts';
import { createPrintProviderActivities } from './print-provider.ts';
import type { PrintProviderActivities } from './print-provider-types.ts';
import { createPointsActivities } from './points.ts';
import type { CreditsActivities, PointsActivities } from './points-types.ts';
import type { PromotionActivities } from './promotion-types.ts';
import { createPromotionActivities } from './promotions.ts';
import { createRefundActivities } from './refunds.ts';
import type { CheckoutActivities } from './types.ts';

/** The `commerce` queue's activities, built from the worker's clients (tests pass their own). */
export function createActivities(
  deps: ServerDeps,
): CheckoutActivities &
  PromotionActivities &
  CampaignActivities &
  AccountActivities &
  PointsActivities &
  CreditsActivities &
  PrintProviderActivities &
  MembershipPlanActivities &
  MembershipActivities {
  return {
    ...createOrderActivities(deps),
    ...createPaymentActivities(deps),
    ...createEmailActivities(deps),
    ...createRefundActivities(deps),
    ...createInvoiceActivities(deps),
    ...createPromotionActivities(deps),
    ...createCampaignActivities(deps),
    ...createAccountActivities(deps),
    ...createPointsActivities(deps),
    ...createPrintProviderActivities(deps),
    ...createMembershipActivities(deps),
    ...createMembershipPlanActivities(deps),
  };
}

/** The `rendering` queue's activities (render-<orderNumber> calls only these); never on the commerce queue. */
export { createRenderActivities } from './render.ts';
