// The frame of the membership emails (receipt, payment failed, ended): the shop's layout with a member's footer, a button.
import { Text } from '@react-email/components';
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

/** The email's one button: the same as the other emails'. */
export { CallToAction as MembershipButton } from './marketing-layout';

export const greeting = (name: string | null) => (name ? `Hello ${name},` : 'Hello,');
