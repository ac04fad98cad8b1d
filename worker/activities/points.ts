// Loyalty points and print credits: the ledger steps of the points, checkout and refund workflows, and the points emails.
import type { ServerDeps } from '#server/deps.server.ts';
import { grantPurchasedCredits } from '#server/ledger/credits.server.ts';
import { completeUnpaidOrder } from '#server/orders/complete-unpaid-order.server.ts';
import { earnOrderPoints, makeOrderPointsAvailable, reversePointsForRefund } from '#server/ledger/points-earning.server.ts';
import { sendPointsEmail } from '#server/ledger/points-emails.server.ts';
import { expirePointsLot, remindPointsLot } from '#server/ledger/points-lots.server.ts';
import { activitiesOf } from './adapt.ts';
import type { CreditsActivities, PointsActivities } from './points-types.ts';

export function createPointsActivities(deps: ServerDeps): PointsActivities & CreditsActivities {
  return activitiesOf(deps, {
    completeUnpaidOrder,
    grantPurchasedCredits,
    earnOrderPoints,
    makeOrderPointsAvailable,
    remindPointsLot,
    expirePointsLot,
    reversePointsForRefund,
    sendPointsEmail,
  });
}
