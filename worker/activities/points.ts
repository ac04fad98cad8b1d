// Loyalty points: the ledger steps of the points workflows and the refund workflow, and the points emails.
import type { ServerDeps } from '#server/deps.server.ts';
import { earnOrderPoints, makeOrderPointsAvailable, reversePointsForRefund } from '#server/ledger/points-earning.server.ts';
import { sendPointsEmail } from '#server/ledger/points-emails.server.ts';
import { expirePointsLot, remindPointsLot } from '#server/ledger/points-lots.server.ts';
import { activitiesOf } from './adapt.ts';
import type { PointsActivities } from './points-types.ts';

export function createPointsActivities(deps: ServerDeps): PointsActivities {
  return activitiesOf(deps, {
    earnOrderPoints,
    makeOrderPointsAvailable,
    remindPointsLot,
    expirePointsLot,
    reversePointsForRefund,
    sendPointsEmail,
  });
}
