// The frame of the membership emails (receipt, payment failed, ended): the shop's layout with a member's footer, a button.
import { Button, Section, Text } from '@react-email/components';
import type { ReactNode } from 'react';
import { EmailLayout, brand } from './layout';

/** The membership emails' frame: the shop's, with a footer saying why a member gets them. */
export function MembershipLayout({ preview, children }: { preview: string; children: ReactNode }) {
  return (
    <EmailLayout
      preview={preview}
      footer={
        <Text style={{ fontSize: 12, color: brand.muted }}>
          Atelier — personalised prints made with care. You are receiving this email because of your Atelier membership.
        </Text>
      }
    >
      {children}
    </EmailLayout>
  );
}

/** The email's one button. */
export function MembershipButton({ href, children }: { href: string; children: ReactNode }) {
  return (
    <Section style={{ marginTop: 24 }}>
      <Button href={href} style={{ backgroundColor: brand.accent, color: '#fff', padding: '12px 20px', borderRadius: 6 }}>
        {children}
      </Button>
    </Section>
  );
}

export const greeting = (name: string | null) => (name ? `Hello ${name},` : 'Hello,');
