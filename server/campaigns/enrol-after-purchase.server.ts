import { Order } from '#db/entities/order.ts';
import type { DbDeps } from '#server/deps.server.ts';
import { enrolInCampaigns, signalGoalMet, type Enrolment } from './campaigns.server.ts';

/** After a paid order: the welcome series (first order) and the post-purchase campaign; a running cart reminder ends. */
export async function enrolAfterPurchase(
  { orm }: Pick<DbDeps, 'orm'>,
  { orderNumber }: { orderNumber: string },
): Promise<{ enrolled: string[] }> {
  const em = orm.em.fork();
  const order = await em.findOne(Order, { orderNumber }, { populate: ['items'] });
  if (!order?.customer || !order.paidAt) return { enrolled: [] };
  const enrolled: string[] = [];
  const customerId = order.customer.id;
  const digitalOnly = order.items.getItems().every((i) => i.format === 'digital');
  // A paid order is what the abandoned-cart reminders were for: a running one ends now.
  if (await signalGoalMet(em, 'abandoned-cart', customerId, `paid order ${orderNumber}`)) enrolled.push('abandoned-cart: ended');
  const enrolments: Enrolment[] = [
    // The welcome series starts at the first sign-in or the first order, whichever comes first (once).
    { campaign: 'welcome', context: {} },
    // Files arrive at once: a digital-only order is "delivered" when it is paid; a parcel may already have arrived
    // (a print provider that ships within minutes) before this enrolment, whose signal then found no campaign.
    { campaign: 'post-purchase', context: { orderNumber, events: digitalOnly || order.deliveredAt ? ['delivered'] : [] } },
  ];
  const outcomes = await enrolInCampaigns(em, customerId, enrolments);
  enrolments.forEach(({ campaign }, i) => {
    if (outcomes[i]!.outcome !== 'skipped') enrolled.push(`${campaign}: ${outcomes[i]!.outcome}`);
  });
  return { enrolled };
}
