import { Button, Column, Heading, Link, Row, Section, Text } from '@react-email/components';
import { formatMoney } from '#core/money.ts';
import { EmailLayout, brand } from './layout';

export interface OrderEmailItem {
  title: string;
  variant: string;
  quantity: number;
  lineTotal: number;
  personalisation: string | null;
}

export interface OrderConfirmationProps {
  orderNumber: string;
  currency: string;
  items: OrderEmailItem[];
  subtotal: number;
  discount: number;
  shipping: number;
  tax: number;
  total: number;
  hasDigital: boolean;
  hasPhysical: boolean;
  orderUrl: string;
  /** Sign in (the address filled in) and land on the order in the customer area. */
  signInUrl?: string | null;
}

export const orderConfirmationSubject = (p: Pick<OrderConfirmationProps, 'orderNumber'>) =>
  `Your Atelier order ${p.orderNumber} is confirmed`;

function Line({ label, amount, currency, strong }: { label: string; amount: number; currency: string; strong?: boolean }) {
  return (
    <Row>
      <Column style={{ fontWeight: strong ? 700 : 400 }}>{label}</Column>
      <Column align="right" style={{ fontWeight: strong ? 700 : 400 }}>
        {formatMoney(amount, currency)}
      </Column>
    </Row>
  );
}

export default function OrderConfirmation(p: OrderConfirmationProps) {
  return (
    <EmailLayout preview={`Thank you! Order ${p.orderNumber} is paid.`}>
      <Heading as="h1" style={{ fontSize: 24 }}>
        Thank you for your order
      </Heading>
      <Text>
        We have received your payment for order <strong>{p.orderNumber}</strong>.
        {p.hasDigital ? ' Your print-ready files are being made; we will email you when they are ready.' : ''}
        {p.hasPhysical ? ' We will let you know as soon as your parcel ships.' : ''}
      </Text>
      <Section style={{ margin: '24px 0' }}>
        {p.items.map((item, i) => (
          <Row key={i} style={{ marginBottom: 12 }}>
            <Column>
              <Text style={{ margin: 0, fontWeight: 600 }}>
                {item.quantity} × {item.title}
              </Text>
              <Text style={{ margin: 0, color: brand.muted, fontSize: 13 }}>
                {item.variant}
                {item.personalisation ? ` — ${item.personalisation}` : ''}
              </Text>
            </Column>
            <Column align="right">{formatMoney(item.lineTotal, p.currency)}</Column>
          </Row>
        ))}
      </Section>
      <Section>
        <Line label="Subtotal" amount={p.subtotal} currency={p.currency} />
        {p.discount > 0 ? <Line label="Discount" amount={-p.discount} currency={p.currency} /> : null}
        {p.hasPhysical ? <Line label="Shipping" amount={p.shipping} currency={p.currency} /> : null}
        {p.tax > 0 ? <Line label="Tax" amount={p.tax} currency={p.currency} /> : null}
        <Line label="Total paid" amount={p.total} currency={p.currency} strong />
      </Section>
      <Section style={{ marginTop: 24 }}>
        <Button href={p.orderUrl} style={{ backgroundColor: brand.accent, color: '#fff', padding: '12px 20px', borderRadius: 6 }}>
          View your order
        </Button>
      </Section>
      {p.signInUrl ? (
        <Text style={{ color: brand.muted, fontSize: 14 }}>
          <Link href={p.signInUrl} style={{ color: brand.accent }}>
            Sign in to see your order
          </Link>{' '}
          at any time, with its files and tracking as they come. No password needed: we email you a link.
        </Text>
      ) : null}
    </EmailLayout>
  );
}

OrderConfirmation.PreviewProps = {
  orderNumber: 'ATL-2026-7K3M9Q2B',
  currency: 'eur',
  items: [
    {
      title: 'Night Sky Poster',
      variant: 'A3 poster',
      quantity: 1,
      lineTotal: 4500,
      personalisation: '“Where it all began”, Dublin, Ireland, 2019-06-14',
    },
    {
      title: 'Night Sky Print — Digital Download',
      variant: 'A4 digital files',
      quantity: 1,
      lineTotal: 1500,
      personalisation: '“Our first home”, Galway, Ireland, 2022-09-03',
    },
    { title: 'Solid Oak Frame', variant: 'A3 frame', quantity: 1, lineTotal: 4900, personalisation: null },
  ],
  subtotal: 10900,
  discount: 1090,
  shipping: 999,
  tax: 0,
  total: 10809,
  hasDigital: true,
  hasPhysical: true,
  orderUrl: 'http://localhost:3000/checkout/success?order=ATL-2026-7K3M9Q2B&access=tmu0hs.Sample_access_token_signed_with_the_secret1',
  signInUrl: 'http://localhost:3000/login?redirectTo=%2Faccount%2Forders%2FATL-2026-7K3M9Q2B&email=jane%40example.com',
} satisfies OrderConfirmationProps;
