import { Body, Container, Head, Hr, Html, Preview, Section, Text } from '@react-email/components';
import type { ReactNode } from 'react';

export const brand = { ink: '#1f2430', muted: '#5b6170', accent: '#7a3e2a', paper: '#faf7f2' };

/** The shop's email frame; `footer` replaces the order-email footer (marketing email puts its unsubscribe link there). */
export function EmailLayout({ preview, children, footer }: { preview: string; children: ReactNode; footer?: ReactNode }) {
  return (
    <Html lang="en">
      <Head />
      <Preview>{preview}</Preview>
      <Body style={{ backgroundColor: brand.paper, color: brand.ink, fontFamily: 'Helvetica, Arial, sans-serif' }}>
        <Container style={{ maxWidth: 560, padding: '32px 24px', backgroundColor: '#ffffff' }}>
          <Text style={{ fontSize: 22, fontWeight: 700, letterSpacing: 1, margin: '0 0 24px' }}>Atelier</Text>
          {children}
          <Hr style={{ margin: '32px 0 16px', borderColor: '#e6e1d8' }} />
          <Section>
            {footer ?? (
              <Text style={{ fontSize: 12, color: brand.muted }}>
                Atelier — personalised prints made with care. You are receiving this email because of an order at our shop.
              </Text>
            )}
          </Section>
        </Container>
      </Body>
    </Html>
  );
}
