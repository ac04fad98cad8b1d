// The membership activities as the membership workflow sees them (imported as types only).
import type { MembershipStep } from '#server/memberships/membership-state.server.ts';
import type { MembershipChange, MembershipEvent } from '#workflows/membership-messages.ts';

export type { MembershipStep };

export type MembershipEmailTemplate = 'membership-receipt' | 'membership-payment-failed' | 'membership-ended';

export interface MembershipActivities {
  applyMembershipEvent(input: { customerId: number; event: MembershipEvent }): Promise<MembershipStep>;
  refreshMembership(input: { customerId: number }): Promise<MembershipStep>;
  endUnpaidMembership(input: { customerId: number }): Promise<MembershipStep>;
  changeMembershipStep(input: { customerId: number; change: MembershipChange }): Promise<MembershipStep>;
  sendMembershipEmail(input: {
    template: MembershipEmailTemplate;
    membershipId: number;
    invoiceId: string | null;
    attempt: number | null;
    graceEndsAt: string | null;
  }): Promise<{ sent: boolean; reason?: string }>;
}
