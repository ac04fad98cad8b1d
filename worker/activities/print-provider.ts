// The fulfillment workflow's print provider steps (commerce queue).
import type { DbDeps } from '#server/deps.server.ts';
import { cancelPrintOrder, planFulfilment, refreshPrintOrder, submitPrintOrder } from '#server/print-provider/provider-orders.server.ts';
import { activitiesOf } from './adapt.ts';
import type { PrintProviderActivities } from './print-provider-types.ts';

export function createPrintProviderActivities(deps: DbDeps): PrintProviderActivities {
  return activitiesOf(deps, { planFulfilment, submitPrintOrder, refreshPrintOrder, cancelPrintOrder });
}
