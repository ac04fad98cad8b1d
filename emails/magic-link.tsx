import { Button, Heading, Section, Text } from '@react-email/components';
import { EmailLayout, brand } from './layout';

export interface MagicLinkProps {
  url: string;
  /** 'login' from the sign-in page; 'lookup' from the guest order lookup. */
  purpose: 'login' | 'lookup';
  orderNumber?: string | null;
  minutes: number;
}

export const magicLinkSubject = (p: Pick<MagicLinkProps, 'purpose' | 'orderNumber'>) =>
  p.purpose === 'lookup' && p.orderNumber ? `Your sign-in link to see order ${p.orderNumber}` : 'Your Atelier sign-in link';

export default function MagicLink(p: MagicLinkProps) {
  return (
    <EmailLayout preview="Your sign-in link for Atelier">
      <Heading as="h1" style={{ fontSize: 24 }}>
        {p.purpose === 'lookup' && p.orderNumber ? `See your order ${p.orderNumber}` : 'Sign in to Atelier'}
      </Heading>
      <Text>
        Use the button below to sign in{p.purpose === 'lookup' && p.orderNumber ? ` and see order ${p.orderNumber}` : ''}. The link works
        once and expires in {p.minutes} minutes.
      </Text>
      <Section style={{ marginTop: 24, marginBottom: 24 }}>
        <Button href={p.url} style={{ backgroundColor: brand.accent, color: '#fff', padding: '12px 20px', borderRadius: 6 }}>
          Sign in
        </Button>
      </Section>
      <Text style={{ color: brand.muted, fontSize: 13 }}>If the button does not work, copy this address into your browser: {p.url}</Text>
      <Text style={{ color: brand.muted, fontSize: 13 }}>If you did not ask to sign in, you can ignore this email.</Text>
    </EmailLayout>
  );
}

MagicLink.PreviewProps = {
  url: 'http://localhost:3000/auth/verify?token=hV3k9QpL2xWmT8aZrN4cYb7sE1uJdF6g',
  purpose: 'login',
  orderNumber: null,
  minutes: 10,
} satisfies MagicLinkProps;
