import { Heading, Link, Text } from '@react-email/components';
import { EmailLayout, brand } from './layout';

export interface OrderRefundedProps {
  orderNumber: string;
  amount: string;
  full: boolean;
  reason: string;
  /** The credit note issued for this refund, when it was issued before this email. */
  creditNote?: string | null;
  /** The order in the customer area, where the credit note can be downloaded. */
  orderUrl?: string | null;
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
      {p.creditNote ? (
        <Text>
          Our credit note <strong>{p.creditNote}</strong> records this refund against your invoice
          {p.orderUrl ? (
            <>
              ; you can download it from{' '}
              <Link href={p.orderUrl} style={{ color: brand.accent }}>
                your order
              </Link>
            </>
          ) : null}
          .
        </Text>
      ) : null}
    </EmailLayout>
  );
}

OrderRefunded.PreviewProps = {
  orderNumber: 'ATL-2026-7K3M9Q2B',
  amount: '€45.00',
  full: false,
  reason: 'the poster arrived with a creased corner',
  creditNote: 'CN-2026-000007',
  orderUrl: 'http://localhost:3000/account/orders/ATL-2026-7K3M9Q2B',
} satisfies OrderRefundedProps;
