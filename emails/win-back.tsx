import { Heading, Text } from '@react-email/components';
import { CallToAction, CodeBox, MarketingLayout, campaignPreviewBase, hello, type CampaignEmailBase } from './marketing-layout';

export interface WinBackProps extends CampaignEmailBase {
  code: string;
  percentOff: number;
  until: string;
}

export const winBackSubject = (p: Pick<WinBackProps, 'percentOff'>) => `We miss you — ${p.percentOff}% off your next print`;

export default function WinBack(p: WinBackProps) {
  return (
    <MarketingLayout
      preview="New themes, and a code for your next print."
      unsubscribeUrl={p.unsubscribeUrl}
      preferencesUrl={p.preferencesUrl}
    >
      <Heading as="h1" style={{ fontSize: 24 }}>
        It has been a while
      </Heading>
      <Text>{hello(p.name)}</Text>
      <Text>A new moment worth keeping? Here is {p.percentOff}% off your next print.</Text>
      <CodeBox code={p.code} percentOff={p.percentOff} until={p.until} />
      <CallToAction href={p.shopUrl}>See what is new</CallToAction>
    </MarketingLayout>
  );
}

WinBack.PreviewProps = {
  ...campaignPreviewBase,
  code: 'MISSYOU-3HT9WB6R',
  percentOff: 15,
  until: '2027-01-14',
} satisfies WinBackProps;
