import { Heading, Text } from '@react-email/components';
import { CallToAction, MarketingLayout, campaignPreviewBase, hello, type CampaignEmailBase } from './marketing-layout';

export interface ReviewRequestProps extends CampaignEmailBase {
  orderNumber: string;
  orderUrl: string;
}

export const reviewRequestSubject = (p: Pick<ReviewRequestProps, 'orderNumber'>) => `How do you like your prints? (order ${p.orderNumber})`;

export default function ReviewRequest(p: ReviewRequestProps) {
  return (
    <MarketingLayout preview="Two minutes to tell us how it went." unsubscribeUrl={p.unsubscribeUrl} preferencesUrl={p.preferencesUrl}>
      <Heading as="h1" style={{ fontSize: 24 }}>
        How did we do?
      </Heading>
      <Text>{hello(p.name)}</Text>
      <Text>
        Your order {p.orderNumber} should be with you by now. We would love to hear how the prints look on your wall — just reply to this
        email with a few words (and a photo, if you like).
      </Text>
      <CallToAction href={p.orderUrl}>See your order</CallToAction>
    </MarketingLayout>
  );
}

ReviewRequest.PreviewProps = {
  ...campaignPreviewBase,
  orderNumber: 'ATL-2026-7K3M9Q2B',
  orderUrl: 'http://localhost:3000/account/orders/ATL-2026-7K3M9Q2B',
} satisfies ReviewRequestProps;
