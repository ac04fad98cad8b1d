import { Button, Heading, Section, Text } from '@react-email/components';
import { EmailLayout, brand } from './layout';

export interface FilesReadyProps {
  orderNumber: string;
  items: Array<{ title: string; variant: string; design: string | null }>;
  /** The order page, where the download links are minted (the email never carries a file link). */
  orderUrl: string;
}

export const filesReadySubject = (p: Pick<FilesReadyProps, 'orderNumber'>) => `Your print-ready files for order ${p.orderNumber} are ready`;

export default function FilesReady(p: FilesReadyProps) {
  return (
    <EmailLayout preview={`The files of order ${p.orderNumber} are ready to download.`}>
      <Heading as="h1" style={{ fontSize: 24 }}>
        Your files are ready
      </Heading>
      <Text>
        The print-ready files of order <strong>{p.orderNumber}</strong> are made: a 300 dpi PNG and a PDF of each design, ready for any
        print shop.
      </Text>
      {p.items.map((i, n) => (
        <Text key={n} style={{ margin: '4px 0' }}>
          {i.title} — {i.variant}
          {i.design ? ` (${i.design})` : ''}
        </Text>
      ))}
      <Section style={{ marginTop: 24 }}>
        <Button href={p.orderUrl} style={{ backgroundColor: brand.accent, color: '#fff', padding: '12px 20px', borderRadius: 6 }}>
          Download your files
        </Button>
      </Section>
      <Text style={{ fontSize: 13, color: brand.muted }}>
        Sign in with this email address to see your order. Download links on the order page work for 48 hours, and the page makes new ones
        whenever you come back.
      </Text>
    </EmailLayout>
  );
}

FilesReady.PreviewProps = {
  orderNumber: 'ATL-2026-7K3M9Q2B',
  items: [
    { title: 'Night Sky Print — Digital Download', variant: 'A3 digital files', design: '“Where it all began”, Dublin, Ireland' },
    { title: 'Night Sky Bundle — Poster + Files', variant: 'A3 poster + files', design: '“Our first home”, Galway, Ireland' },
  ],
  orderUrl: 'http://localhost:3000/account/orders/ATL-2026-7K3M9Q2B',
} satisfies FilesReadyProps;
