import { Heading, Text } from '@react-email/components';
import { MembershipButton, MembershipLayout, greeting } from './membership-layout';

export interface MembershipPaymentFailedProps {
  name: string | null;
  planName: string;
  /** What we tried to take, formatted ("€12.00"). */
  amount: string;
  /** When the membership ends unless a payment arrives first, formatted; null when not known. */
  graceEndsOn: string | null;
  /** The membership page, where the "Update your card" button is. */
  membershipUrl: string;
}

export const membershipPaymentFailedSubject = () => 'Your Atelier membership payment did not go through';

export default function MembershipPaymentFailed(p: MembershipPaymentFailedProps) {
  return (
    <MembershipLayout preview={`We could not take ${p.amount} for your membership. Update your card to keep it.`}>
      <Heading as="h1" style={{ fontSize: 24 }}>
        Your payment did not go through
      </Heading>
      <Text>{greeting(p.name)}</Text>
      <Text>
        We could not take {p.amount} for your <strong>{p.planName}</strong> membership. We will try again over the next few days; nothing
        else changes meanwhile.
      </Text>
      <Text>
        If your card has expired or changed, update it from your membership page so the next try works.
        {p.graceEndsOn ? ` If the payment has not been made by ${p.graceEndsOn}, your membership ends on that day.` : ''}
      </Text>
      <MembershipButton href={p.membershipUrl}>Update your card</MembershipButton>
    </MembershipLayout>
  );
}

MembershipPaymentFailed.PreviewProps = {
  name: 'Aoife',
  planName: 'Studio',
  amount: '€12.00',
  graceEndsOn: '17 December 2026',
  membershipUrl: 'http://localhost:3000/account/membership',
} satisfies MembershipPaymentFailedProps;
