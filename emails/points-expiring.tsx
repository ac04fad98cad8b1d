import { Heading, Link, Text } from '@react-email/components';
import { pointsText } from '#core/points-display.ts';
import { brand } from './layout';
import { CallToAction, MarketingLayout, campaignPreviewBase, hello, type CampaignEmailBase } from './marketing-layout';

export interface PointsExpiringProps extends CampaignEmailBase {
  /** What is left of the points that expire. */
  points: number;
  /** What they take off at checkout, formatted ("€2.50"). */
  worth: string;
  /** When they expire, formatted ("14 March 2027"). */
  expiresOn: string;
  pointsUrl: string;
}

export const pointsExpiringSubject = (p: Pick<PointsExpiringProps, 'points' | 'expiresOn'>) =>
  `Use your ${pointsText(p.points)} before ${p.expiresOn}`;

export default function PointsExpiring(p: PointsExpiringProps) {
  return (
    <MarketingLayout
      preview={`${pointsText(p.points)}, worth ${p.worth}, expire on ${p.expiresOn}.`}
      unsubscribeUrl={p.unsubscribeUrl}
      preferencesUrl={p.preferencesUrl}
    >
      <Heading as="h1" style={{ fontSize: 24 }}>
        Your points expire soon
      </Heading>
      <Text>{hello(p.name)}</Text>
      <Text>
        Points in your account expire on {p.expiresOn}: {pointsText(p.points)}, worth {p.worth} off an order at checkout until then — a good
        moment for that print you have had your eye on.
      </Text>
      <CallToAction href={p.shopUrl}>Choose a print</CallToAction>
      <Text>
        <Link href={p.pointsUrl} style={{ color: brand.accent }}>
          See all your points and when they expire
        </Link>
      </Text>
    </MarketingLayout>
  );
}

PointsExpiring.PreviewProps = {
  ...campaignPreviewBase,
  points: 180,
  worth: '€1.80',
  expiresOn: '14 March 2027',
  pointsUrl: 'http://localhost:3000/account/points',
} satisfies PointsExpiringProps;
