// Drip campaigns and cart upkeep: run bookkeeping, conditions, campaign emails, enrolments.
import { enrolQuietly } from '#server/campaigns/campaigns.server.ts';
import { checkCampaignCondition, startCampaignRun, updateCampaignRun } from '#server/campaigns/campaign-runs.server.ts';
import { enrolAfterPurchase } from '#server/campaigns/enrol-after-purchase.server.ts';
import { findQuietCarts, markCartReminded, remindQuietCarts } from '#server/campaigns/quiet-carts.server.ts';
import { sendCampaignEmail } from '#server/campaigns/send-campaign-email.server.ts';
import type { ServerDeps } from '#server/deps.server.ts';
import { activitiesOf, asActivity } from './adapt.ts';
import type { CampaignActivities } from './campaign-types.ts';

export function createCampaignActivities(deps: ServerDeps): CampaignActivities {
  return {
    ...activitiesOf(deps, {
      startCampaignRun,
      updateCampaignRun,
      checkCampaignCondition,
      sendCampaignEmail,
      remindQuietCarts,
      findQuietCarts,
      markCartReminded,
      enrolAfterPurchase,
    }),
    enrolInCampaign: ({ campaign, customerId, context }) =>
      asActivity(() => enrolQuietly(deps.orm.em.fork(), { campaign, customerId, context })),
    // Idle carts stay active (idle is derived from last_activity_at): nothing to do for the cart-upkeep runs without patch
    // remind-quiet-carts-set that still call this (docs/decisions/013-cart-upkeep-schedule.md).
    markIdleCartsAbandoned: async () => ({ abandoned: 0 }),
  };
}
