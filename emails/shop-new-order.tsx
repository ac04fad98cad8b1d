import { Button, Heading, Section, Text } from '@react-email/components';
import { EmailLayout, brand } from './layout';

export interface ShopNewOrderProps {
  orderNumber: string;
  items: Array<{ title: string; variant: string; quantity: number; personalisation: string | null }>;
  adminUrl: string;
}

export const shopNewOrderSubject = (p: Pick<ShopNewOrderProps, 'orderNumber'>) => `To make and ship: order ${p.orderNumber}`;

export default function ShopNewOrder(p: ShopNewOrderProps) {
  return (
    <EmailLayout preview={`Order ${p.orderNumber} needs making.`}>
      <Heading as="h1" style={{ fontSize: 24 }}>
        Order {p.orderNumber} needs making
      </Heading>
      {p.items.map((i, n) => (
        <Text key={n}>
          {i.quantity} × {i.title} — {i.variant}
          {i.personalisation ? ` (${i.personalisation})` : ''}
        </Text>
      ))}
      <Section style={{ marginTop: 24 }}>
        <Button href={p.adminUrl} style={{ backgroundColor: brand.accent, color: '#fff', padding: '12px 20px', borderRadius: 6 }}>
          Open the order
        </Button>
      </Section>
    </EmailLayout>
  );
}

ShopNewOrder.PreviewProps = {
  orderNumber: 'ATL-2026-7K3M9Q2B',
  items: [
    {
      title: 'Night Sky Poster',
      variant: 'A3 poster',
      quantity: 1,
      personalisation: '“Where it all began”, Dublin, Ireland, 2019-06-14, midnight',
    },
    { title: 'Solid Oak Frame', variant: 'A3 frame', quantity: 1, personalisation: null },
  ],
  adminUrl: 'http://localhost:3000/admin/orders/ATL-2026-7K3M9Q2B',
} satisfies ShopNewOrderProps;
