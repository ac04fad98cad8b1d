import { Heading, Text } from '@react-email/components';
import { creditsText } from '#core/credits-display.ts';
import { MembershipButton, MembershipLayout, greeting } from './membership-layout';

export interface MembershipReceiptProps {
  name: string | null;
  planName: string;
  /** The period paid for, formatted ("3 December 2026"); null when the invoice names none. */
  periodStart: string | null;
  periodEnd: string | null;
  /** What was paid, formatted ("€12.00"). */
  amount: string;
  /** The print credits the period added. */
  credits: number;
  membershipUrl: string;
}

export const membershipReceiptSubject = (p: Pick<MembershipReceiptProps, 'planName'>) => `Your Atelier membership receipt (${p.planName})`;

export default function MembershipReceipt(p: MembershipReceiptProps) {
  const period = p.periodStart && p.periodEnd ? ` for ${p.periodStart} to ${p.periodEnd}` : '';
  return (
    <MembershipLayout preview={`${p.amount} paid, ${creditsText(p.credits)} added to your account.`}>
      <Heading as="h1" style={{ fontSize: 24 }}>
        Thank you for your payment
      </Heading>
      <Text>{greeting(p.name)}</Text>
      <Text>
        We received {p.amount} for your <strong>{p.planName}</strong> membership{period}.
        {p.credits > 0
          ? ` ${creditsText(p.credits)} ${p.credits === 1 ? 'is' : 'are'} now in your account, ready for your next personalised print or file.`
          : ''}
      </Text>
      <Text>Your invoices, your credits and what you can change — pause, plan, cancel — are on your membership page.</Text>
      <MembershipButton href={p.membershipUrl}>Your membership</MembershipButton>
    </MembershipLayout>
  );
}

MembershipReceipt.PreviewProps = {
  name: 'Aoife',
  planName: 'Studio',
  periodStart: '3 December 2026',
  periodEnd: '3 January 2027',
  amount: '€12.00',
  credits: 20,
  membershipUrl: 'http://localhost:3000/account/membership',
} satisfies MembershipReceiptProps;
