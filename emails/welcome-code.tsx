import { Heading, Text } from '@react-email/components';
import { CallToAction, CodeBox, MarketingLayout, campaignPreviewBase, hello, type CampaignEmailBase } from './marketing-layout';

export interface WelcomeCodeProps extends CampaignEmailBase {
  code: string;
  percentOff: number;
  until: string;
}

export const welcomeCodeSubject = (p: Pick<WelcomeCodeProps, 'percentOff'>) => `${p.percentOff}% off your first Atelier print`;

export default function WelcomeCode(p: WelcomeCodeProps) {
  return (
    <MarketingLayout
      preview={`A ${p.percentOff}% code for your first print.`}
      unsubscribeUrl={p.unsubscribeUrl}
      preferencesUrl={p.preferencesUrl}
    >
      <Heading as="h1" style={{ fontSize: 24 }}>
        A little welcome gift
      </Heading>
      <Text>{hello(p.name)}</Text>
      <Text>Still thinking about your first print? Here is {p.percentOff}% off, just for you.</Text>
      <CodeBox code={p.code} percentOff={p.percentOff} until={p.until} />
      <CallToAction href={p.shopUrl}>Choose your print</CallToAction>
    </MarketingLayout>
  );
}

WelcomeCode.PreviewProps = {
  ...campaignPreviewBase,
  code: 'WELCOME-7QK4M2XD',
  percentOff: 10,
  until: '2027-01-14',
} satisfies WelcomeCodeProps;
