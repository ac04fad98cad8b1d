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

/** The VAT recorded when the order was paid (core/order-tax-display.ts), absent for an order without it. */
export interface OrderEmailVat {
  /** "VAT (Germany)", "incl. VAT (Ireland)". */
  label: string;
  net: number;
  tax: number;
  /** One row per rate, when several apply. */
  rates: Array<{ label: string; tax: number }>;
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
  vat?: OrderEmailVat | null;
  /** The order's invoice, when it was issued before this email: its number and a signed link to its PDF. */
  invoice?: { number: string; url: string } | null;
  hasDigital: boolean;
  hasPhysical: boolean;
  orderUrl: string;
  /** Sign in (the address filled in) and land on the order in the customer area. */
  signInUrl?: string | null;
}

export const orderConfirmationSubject = (p: Pick<OrderConfirmationProps, 'orderNumber'>) =>
  `Your Atelier order ${p.orderNumber} is confirmed`;

function Line({
  label,
  amount,
  currency,
  strong,
  muted,
}: {
  label: string;
  amount: number;
  currency: string;
  strong?: boolean;
  muted?: boolean;
}) {
  const style = { fontWeight: strong ? 700 : 400, ...(muted ? { color: brand.muted, fontSize: 13 } : {}) };
  return (
    <Row>
      <Column style={style}>{label}</Column>
      <Column align="right" style={style}>
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
        {p.vat ? (
          <>
            <Line label="Net" amount={p.vat.net} currency={p.currency} />
            <Line label={p.vat.label} amount={p.vat.tax} currency={p.currency} />
            {p.vat.rates.map((r) => (
              <Line key={r.label} label={r.label} amount={r.tax} currency={p.currency} muted />
            ))}
          </>
        ) : p.tax > 0 ? (
          <Line label="Tax" amount={p.tax} currency={p.currency} />
        ) : null}
        <Line label="Total paid" amount={p.total} currency={p.currency} strong />
      </Section>
      {p.invoice ? (
        <Text>
          <Link href={p.invoice.url} style={{ color: brand.accent }}>
            Download your invoice ({p.invoice.number})
          </Link>{' '}
          (PDF).
        </Text>
      ) : null}
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
  // Ireland, prices including VAT: the poster (printed matter) at 0 %, the files and the frame at 23 %, shipping at 23 %.
  subtotal: 10900,
  discount: 1090,
  shipping: 999,
  tax: 1264,
  total: 10809,
  vat: {
    label: 'incl. VAT (Ireland)',
    net: 9545,
    tax: 1264,
    rates: [
      { label: 'incl. VAT at 23 %', tax: 1264 },
      { label: 'incl. VAT at 0 %', tax: 0 },
    ],
  },
  invoice: {
    number: 'INV-2026-000123',
    url: 'http://localhost:3000/invoices/INV-2026-000123.pdf?access=tmu0hs.Sample_access_token_signed_with_the_secret1',
  },
  hasDigital: true,
  hasPhysical: true,
  orderUrl: 'http://localhost:3000/checkout/success?order=ATL-2026-7K3M9Q2B&access=tmu0hs.Sample_access_token_signed_with_the_secret1',
  signInUrl: 'http://localhost:3000/login?redirectTo=%2Faccount%2Forders%2FATL-2026-7K3M9Q2B&email=jane%40example.com',
} satisfies OrderConfirmationProps;
