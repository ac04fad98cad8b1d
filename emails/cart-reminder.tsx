import { Heading, Text } from '@react-email/components';
import { CallToAction, CodeBox, MarketingLayout, campaignPreviewBase, hello, type CampaignEmailBase } from './marketing-layout';

export interface CartReminderProps extends CampaignEmailBase {
  cartUrl: string;
  items: Array<{ title: string; quantity: number }>;
  /** The second reminder carries a personal code. */
  code?: { code: string; percentOff: number; until: string } | null;
}

export const cartReminderSubject = (p: Pick<CartReminderProps, 'code'>) =>
  p.code ? `${p.code.percentOff}% off the prints in your cart` : 'Your prints are waiting in your cart';

export default function CartReminder(p: CartReminderProps) {
  return (
    <MarketingLayout preview="You left something in your cart." unsubscribeUrl={p.unsubscribeUrl} preferencesUrl={p.preferencesUrl}>
      <Heading as="h1" style={{ fontSize: 24 }}>
        {p.code ? 'Still yours — now with a little extra' : 'Your cart is saved'}
      </Heading>
      <Text>{hello(p.name)}</Text>
      <Text>You left these in your cart; we kept them for you:</Text>
      {p.items.map((i, n) => (
        <Text key={n} style={{ margin: '4px 0' }}>
          {i.quantity} × {i.title}
        </Text>
      ))}
      {p.code ? <CodeBox code={p.code.code} percentOff={p.code.percentOff} until={p.code.until} /> : null}
      <CallToAction href={p.cartUrl}>Back to your cart</CallToAction>
    </MarketingLayout>
  );
}

CartReminder.PreviewProps = {
  ...campaignPreviewBase,
  cartUrl: 'http://localhost:3000/cart',
  items: [
    { title: 'Night Sky Poster — A3 poster', quantity: 1 },
    { title: 'Solid Oak Frame — A3 frame', quantity: 1 },
  ],
  code: null,
} satisfies CartReminderProps;
