import { Button, Heading, Section, Text } from '@react-email/components';
import { EmailLayout, brand } from './layout';

export interface RenderFailedProps {
  orderNumber: string;
  item: string;
  error: string;
  adminUrl: string;
  workflowUrl: string;
}

export const renderFailedSubject = (p: Pick<RenderFailedProps, 'orderNumber'>) => `Render failed: order ${p.orderNumber}`;

export default function RenderFailed(p: RenderFailedProps) {
  return (
    <EmailLayout preview={`A file of order ${p.orderNumber} could not be made.`}>
      <Heading as="h1" style={{ fontSize: 24 }}>
        A file of order {p.orderNumber} could not be made
      </Heading>
      <Text>
        Item: <strong>{p.item}</strong>
      </Text>
      <Text>Last error: {p.error}</Text>
      <Text>
        The customer has not been told. Fix the cause, then use “Re-render” on the order page (or reset the workflow in Temporal).
      </Text>
      <Section style={{ marginTop: 24 }}>
        <Button href={p.adminUrl} style={{ backgroundColor: brand.accent, color: '#fff', padding: '12px 20px', borderRadius: 6 }}>
          Open the order
        </Button>
      </Section>
      <Text style={{ fontSize: 13, color: brand.muted }}>
        The render workflow: <a href={p.workflowUrl}>{p.workflowUrl}</a>
      </Text>
    </EmailLayout>
  );
}

RenderFailed.PreviewProps = {
  orderNumber: 'ATL-2026-7K3M9Q2B',
  item: 'Night Sky Print — Digital Download (A3 digital files)',
  error: 'InvalidDesignError: the date 2019-02-30 is not a day of the calendar',
  adminUrl: 'http://localhost:3000/admin/orders/ATL-2026-7K3M9Q2B',
  workflowUrl: 'http://localhost:8233/namespaces/default/workflows/render-ATL-2026-7K3M9Q2B',
} satisfies RenderFailedProps;
