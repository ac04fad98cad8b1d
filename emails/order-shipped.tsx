import { Button, Heading, Section, Text } from '@react-email/components';
import { EmailLayout, brand } from './layout';

export interface OrderShippedProps {
  orderNumber: string;
  carrier: string;
  trackingNumber: string;
  trackingUrl: string | null;
  orderUrl: string;
}

export const orderShippedSubject = (p: Pick<OrderShippedProps, 'orderNumber'>) => `Your Atelier order ${p.orderNumber} is on its way`;

export default function OrderShipped(p: OrderShippedProps) {
  return (
    <EmailLayout preview={`Order ${p.orderNumber} has shipped with ${p.carrier}.`}>
      <Heading as="h1" style={{ fontSize: 24 }}>
        Your order is on its way
      </Heading>
      <Text>
        Order <strong>{p.orderNumber}</strong> left the studio with {p.carrier}. Tracking number: <strong>{p.trackingNumber}</strong>.
      </Text>
      <Section style={{ marginTop: 24 }}>
        <Button
          href={p.trackingUrl ?? p.orderUrl}
          style={{ backgroundColor: brand.accent, color: '#fff', padding: '12px 20px', borderRadius: 6 }}
        >
          {p.trackingUrl ? 'Track your parcel' : 'See your order'}
        </Button>
      </Section>
    </EmailLayout>
  );
}

OrderShipped.PreviewProps = {
  orderNumber: 'ATL-2026-7K3M9Q2B',
  carrier: 'An Post',
  trackingNumber: 'CE123456789IE',
  trackingUrl: 'https://www.anpost.com/Post-Parcels/Track/History?item=CE123456789IE',
  orderUrl: 'http://localhost:3000/account/orders/ATL-2026-7K3M9Q2B',
} satisfies OrderShippedProps;
