import type { CampaignActivities } from './campaign-types';
import { createCampaignActivities } from './campaigns';
import type { EmailDeps } from './email';
import { createEmailActivities } from './email';
import { createOrderActivities } from './orders';
import { createPaymentActivities, type PaymentDeps } from './payments';
import { createPromotionActivities } from './promotions';
import type { PromotionActivities } from './promotion-types';
import { createRefundActivities } from './refunds';
import type { CheckoutActivities } from './types';

export type ActivityDeps = PaymentDeps & EmailDeps;

/** Every activity, built from its dependencies (so tests can pass their own). */
export function createActivities(deps: ActivityDeps): CheckoutActivities & PromotionActivities & CampaignActivities {
  return {
    ...createOrderActivities(deps),
    ...createPaymentActivities(deps),
    ...createEmailActivities(deps),
    ...createRefundActivities(deps),
    ...createPromotionActivities(deps),
    ...createCampaignActivities(deps),
  };
}

/** The `rendering` queue's activities (render-<orderNumber> calls only these); never on the commerce queue. */
export { createRenderActivities } from './render';
