// Memberships: the steps of membership-<customerId> and its emails.
import type { ServerDeps } from '#server/deps.server.ts';
import { sendMembershipEmail } from '#server/memberships/membership-emails.server.ts';
import {
  applyMembershipEvent,
  changeMembershipStep,
  endUnpaidMembership,
  refreshMembership,
} from '#server/memberships/membership-steps.server.ts';
import { activitiesOf } from './adapt.ts';
import type { MembershipActivities } from './membership-types.ts';

export function createMembershipActivities(deps: ServerDeps): MembershipActivities {
  return activitiesOf(deps, { applyMembershipEvent, refreshMembership, endUnpaidMembership, changeMembershipStep, sendMembershipEmail });
}
