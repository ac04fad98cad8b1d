import { Heading, Text } from '@react-email/components';
import { EmailLayout } from './layout';

export interface OrderRefundedProps {
  orderNumber: string;
  amount: string;
  full: boolean;
  reason: string;
}

export const orderRefundedSubject = (p: Pick<OrderRefundedProps, 'orderNumber' | 'amount'>) =>
  `Refund of ${p.amount} for your Atelier order ${p.orderNumber}`;

export default function OrderRefunded(p: OrderRefundedProps) {
  return (
    <EmailLayout preview={`We refunded ${p.amount} for order ${p.orderNumber}.`}>
      <Heading as="h1" style={{ fontSize: 24 }}>
        We refunded {p.amount}
      </Heading>
      <Text>
        {p.full ? 'Order' : 'Part of order'} <strong>{p.orderNumber}</strong> was refunded: {p.reason}. The money goes back to the card you
        paid with; banks usually show it within 5–10 business days.
      </Text>
    </EmailLayout>
  );
}

OrderRefunded.PreviewProps = {
  orderNumber: 'ATL-2026-7K3M9Q2B',
  amount: '€45.00',
  full: false,
  reason: 'the poster arrived with a creased corner',
} satisfies OrderRefundedProps;
