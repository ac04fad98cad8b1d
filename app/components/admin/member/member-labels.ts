// How the admin's members pages name a membership's end.
import type { MembershipEndReason } from '#core/memberships.ts';

export const END_REASON_LABELS: Record<MembershipEndReason, string> = {
  cancelled: 'cancelled by the member',
  unpaid: 'not paid within the grace period',
  admin: 'ended by an admin',
  checkout_expired: 'checkout expired',
};
