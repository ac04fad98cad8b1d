import { Heading, Text } from '@react-email/components';
import { CallToAction, MarketingLayout, campaignPreviewBase, hello, type CampaignEmailBase } from './marketing-layout';

export const welcomeSubject = () => 'Welcome to Atelier';

export default function Welcome(p: CampaignEmailBase) {
  return (
    <MarketingLayout
      preview="Prints of the moments that matter, made with care."
      unsubscribeUrl={p.unsubscribeUrl}
      preferencesUrl={p.preferencesUrl}
    >
      <Heading as="h1" style={{ fontSize: 24 }}>
        Welcome to Atelier
      </Heading>
      <Text>{hello(p.name)}</Text>
      <Text>
        We make personalised prints of the nights and places that matter to you: a star map of the sky over your city on the night you
        choose, with your own words. Download the files, or let us print and ship a poster.
      </Text>
      <CallToAction href={p.shopUrl}>Browse the prints</CallToAction>
    </MarketingLayout>
  );
}

Welcome.PreviewProps = campaignPreviewBase satisfies CampaignEmailBase;
