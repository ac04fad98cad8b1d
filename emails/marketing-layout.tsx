import { Button, Link, Section, Text } from '@react-email/components';
import type { ReactNode } from 'react';
import { EmailLayout, brand } from './layout';

/** Campaign emails: the shop's layout with a one-click unsubscribe link (the List-Unsubscribe headers carry the same URL). */
export function MarketingLayout({
  preview,
  unsubscribeUrl,
  preferencesUrl,
  children,
}: {
  preview: string;
  unsubscribeUrl: string;
  preferencesUrl: string;
  children: ReactNode;
}) {
  const footer = (
    <Text style={{ fontSize: 12, color: brand.muted }}>
      You receive tips and reminders from Atelier because you have an account with us.{' '}
      <Link href={unsubscribeUrl} style={{ color: brand.muted }}>
        Unsubscribe
      </Link>{' '}
      in one click, or{' '}
      <Link href={preferencesUrl} style={{ color: brand.muted }}>
        choose which emails you get
      </Link>
      .
    </Text>
  );
  return (
    <EmailLayout preview={preview} footer={footer}>
      {children}
    </EmailLayout>
  );
}

export function CallToAction({ href, children }: { href: string; children: ReactNode }) {
  return (
    <Section style={{ marginTop: 24 }}>
      <Button href={href} style={{ backgroundColor: brand.accent, color: '#fff', padding: '12px 20px', borderRadius: 6 }}>
        {children}
      </Button>
    </Section>
  );
}

/** A personal code, large enough to copy. */
export function CodeBox({ code, percentOff, until }: { code: string; percentOff: number; until: string }) {
  return (
    <Section style={{ margin: '16px 0', padding: 16, border: `1px dashed ${brand.accent}`, textAlign: 'center' }}>
      <Text style={{ fontSize: 22, fontWeight: 700, letterSpacing: 2, margin: 0 }}>{code}</Text>
      <Text style={{ fontSize: 13, color: brand.muted, margin: '8px 0 0' }}>
        {percentOff}% off your order — enter it at checkout. Valid once, until {until}.
      </Text>
    </Section>
  );
}

export interface CampaignEmailBase {
  name: string | null;
  shopUrl: string;
  unsubscribeUrl: string;
  preferencesUrl: string;
}

export const hello = (name: string | null) => (name ? `Hello ${name},` : 'Hello,');

/** The campaign emails' PreviewProps start from this: a signed-in customer of a local shop. */
export const campaignPreviewBase = {
  name: 'Jane',
  shopUrl: 'http://localhost:3000/',
  unsubscribeUrl: 'http://localhost:3000/unsubscribe?token=42.q7TgX2cK9vLr0bWmE4yNsA1pHdZ8uJfo',
  preferencesUrl: 'http://localhost:3000/account/emails',
} satisfies CampaignEmailBase;
