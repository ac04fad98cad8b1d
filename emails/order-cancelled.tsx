import { Button, Heading, Section, Text } from '@react-email/components';
import { EmailLayout, brand } from './layout';

export interface OrderCancelledProps {
  orderNumber: string;
  reason: string;
  cartUrl: string;
}

export const orderCancelledSubject = (p: Pick<OrderCancelledProps, 'orderNumber'>) =>
  `Your Atelier order ${p.orderNumber} was not completed`;

export default function OrderCancelled(p: OrderCancelledProps) {
  return (
    <EmailLayout preview={`Order ${p.orderNumber} was not completed — nothing was charged.`}>
      <Heading as="h1" style={{ fontSize: 24 }}>
        Your order was not completed
      </Heading>
      <Text>
        Order <strong>{p.orderNumber}</strong> was cancelled because {p.reason}. Nothing was charged. Your cart is still saved if you would
        like to try again.
      </Text>
      <Section style={{ marginTop: 24 }}>
        <Button href={p.cartUrl} style={{ backgroundColor: brand.accent, color: '#fff', padding: '12px 20px', borderRadius: 6 }}>
          Back to your cart
        </Button>
      </Section>
    </EmailLayout>
  );
}

OrderCancelled.PreviewProps = {
  orderNumber: 'ATL-2026-7K3M9Q2B',
  reason: 'the payment was declined',
  cartUrl: 'http://localhost:3000/cart',
} satisfies OrderCancelledProps;
