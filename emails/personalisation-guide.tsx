import { Heading, Text } from '@react-email/components';
import { CallToAction, MarketingLayout, campaignPreviewBase, hello, type CampaignEmailBase } from './marketing-layout';

export const personalisationGuideSubject = () => 'Five ideas for a print that tells your story';

export default function PersonalisationGuide(p: CampaignEmailBase) {
  return (
    <MarketingLayout
      preview="A date, a place and a few words: how to make a print your own."
      unsubscribeUrl={p.unsubscribeUrl}
      preferencesUrl={p.preferencesUrl}
    >
      <Heading as="h1" style={{ fontSize: 24 }}>
        Making a print your own
      </Heading>
      <Text>{hello(p.name)}</Text>
      <Text>
        The best prints start with a moment: the night you met, a first home, a birth. Choose the place and the date, write a short title (a
        name, a line from a song) and a subtitle, then pick the colour theme that suits the room it will hang in. The preview shows every
        change as you type.
      </Text>
      <CallToAction href={p.shopUrl}>Start personalising</CallToAction>
    </MarketingLayout>
  );
}

PersonalisationGuide.PreviewProps = campaignPreviewBase satisfies CampaignEmailBase;
