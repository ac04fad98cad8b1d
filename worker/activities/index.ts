import type { EmailDeps } from './email';
import { createEmailActivities } from './email';
import { createOrderActivities } from './orders';
import { createPaymentActivities, type PaymentDeps } from './payments';
import { createRefundActivities } from './refunds';
import type { CheckoutActivities } from './types';

export type ActivityDeps = PaymentDeps & EmailDeps;

/** Every activity, built from its dependencies (so tests can pass their own). */
export function createActivities(deps: ActivityDeps): CheckoutActivities {
  return {
    ...createOrderActivities(deps),
    ...createPaymentActivities(deps),
    ...createEmailActivities(deps),
    ...createRefundActivities(deps),
  };
}
