import { Heading, Text } from '@react-email/components';
import { creditsText } from '#core/credits-display.ts';
import type { MembershipEndReason } from '#core/memberships.ts';
import { MembershipButton, MembershipLayout, greeting } from './membership-layout';

export interface MembershipEndedProps {
  name: string | null;
  planName: string;
  /** Formatted ("3 January 2027"). */
  endedOn: string;
  reason: MembershipEndReason | null;
  /** The unused monthly credits taken away at the end (the plan's rule); 0 when none. */
  creditsRemoved: number;
  /** /membership: the plans, to join again. */
  joinUrl: string;
}

const WHY: Record<MembershipEndReason, string> = {
  cancelled: 'as it was cancelled',
  unpaid: 'because its payment could not be taken within the grace period',
  admin: 'as the shop ended it',
  checkout_expired: 'because its checkout was not completed',
};

export const membershipEndedSubject = () => 'Your Atelier membership has ended';

export default function MembershipEnded(p: MembershipEndedProps) {
  return (
    <MembershipLayout preview={`Your ${p.planName} membership ended on ${p.endedOn}.`}>
      <Heading as="h1" style={{ fontSize: 24 }}>
        Your membership has ended
      </Heading>
      <Text>{greeting(p.name)}</Text>
      <Text>
        Your <strong>{p.planName}</strong> membership ended on {p.endedOn}
        {p.reason ? ` ${WHY[p.reason]}` : ''}. No further payments will be taken.
      </Text>
      <Text>
        {p.creditsRemoved > 0
          ? `The monthly credits you had not used (${creditsText(p.creditsRemoved)}) were removed, as your plan says. Credits you bought stay yours.`
          : 'The print credits in your account stay yours.'}
      </Text>
      <Text>Thank you for being a member. You are welcome back any time: choose a plan and join again.</Text>
      <MembershipButton href={p.joinUrl}>See the membership plans</MembershipButton>
    </MembershipLayout>
  );
}

MembershipEnded.PreviewProps = {
  name: 'Aoife',
  planName: 'Studio',
  endedOn: '3 January 2027',
  reason: 'cancelled',
  creditsRemoved: 8,
  joinUrl: 'http://localhost:3000/membership',
} satisfies MembershipEndedProps;
