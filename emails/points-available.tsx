import { Heading, Text } from '@react-email/components';
import { pointsText } from '#core/points-display.ts';
import { CallToAction, MarketingLayout, campaignPreviewBase, hello, type CampaignEmailBase } from './marketing-layout';

export interface PointsAvailableProps extends CampaignEmailBase {
  points: number;
  /** What the points take off at checkout, formatted ("€2.50"). */
  worth: string;
  /** When they expire, formatted ("14 March 2027"). */
  expiresOn: string;
  /** The order that earned them; null for points the shop added. */
  orderNumber: string | null;
  pointsUrl: string;
}

export const pointsAvailableSubject = (p: Pick<PointsAvailableProps, 'points'>) => `${pointsText(p.points)} ready to spend at Atelier`;

export default function PointsAvailable(p: PointsAvailableProps) {
  return (
    <MarketingLayout
      preview={`${pointsText(p.points)}, worth ${p.worth}, for your next order.`}
      unsubscribeUrl={p.unsubscribeUrl}
      preferencesUrl={p.preferencesUrl}
    >
      <Heading as="h1" style={{ fontSize: 24 }}>
        Your points are ready
      </Heading>
      <Text>{hello(p.name)}</Text>
      <Text>
        {p.orderNumber ? `Your points for order ${p.orderNumber} are now yours to spend` : 'We added points to your account'}:{' '}
        {pointsText(p.points)}, worth {p.worth} off your next order at checkout. Use them before {p.expiresOn}, when they expire.
      </Text>
      <CallToAction href={p.pointsUrl}>See your points</CallToAction>
    </MarketingLayout>
  );
}

PointsAvailable.PreviewProps = {
  ...campaignPreviewBase,
  points: 250,
  worth: '€2.50',
  expiresOn: '14 March 2027',
  orderNumber: 'ATL-2026-7K3M9Q2B',
  pointsUrl: 'http://localhost:3000/account/points',
} satisfies PointsAvailableProps;
