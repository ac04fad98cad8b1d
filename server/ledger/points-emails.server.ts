// The loyalty points emails: "your points are ready" and "your points expire soon". Not about an order's money or
// goods, so optional: they go under the customer's "Tips and reminders" choice (users.campaign_emails), the same
// choice, suppression list and one-click unsubscribe as the campaign emails. Each lot's email is sent once.
import { createElement } from 'react';
import { formatMoney } from '#core/money.ts';
import { formatOrderDate } from '#core/order-display.ts';
import { Email } from '#db/entities/email.ts';
import { User } from '#db/entities/user.ts';
import PointsAvailable, { pointsAvailableSubject } from '#emails/points-available.tsx';
import PointsExpiring, { pointsExpiringSubject } from '#emails/points-expiring.tsx';
import { unsubscribeUrl } from '#server/campaigns/campaigns.server.ts';
import type { ServerDeps } from '#server/deps.server.ts';
import { deliverEmail } from '#server/emails/outbox.server.ts';
import { findSuppression } from '#server/emails/suppressions.server.ts';

export type PointsEmailTemplate = 'points-available' | 'points-expiring';

export interface PointsEmailInput {
  template: PointsEmailTemplate;
  customerId: number;
  points: number;
  lotId: number;
  /** ISO. */
  expiresAt: string;
  orderNumber: string | null;
}

/** The outbox key: one email of each kind per lot, however often the activity is retried. */
export const pointsEmailKey = (template: PointsEmailTemplate, lotId: number) => `${template}:lot-${lotId}`;

/** Checks the customer's choice and the suppression list, then renders and sends the email once. */
export async function sendPointsEmail(deps: ServerDeps, input: PointsEmailInput): Promise<{ sent: boolean; reason?: string }> {
  const { orm, env } = deps;
  const em = orm.em.fork();
  const idempotencyKey = pointsEmailKey(input.template, input.lotId);
  const already = await em.findOne(Email, { idempotencyKey });
  if (already && already.status !== 'queued' && already.status !== 'failed') return { sent: true, reason: 'already sent' };

  if (input.points <= 0) return { sent: false, reason: 'no points to tell about' };
  const user = await em.findOne(User, { id: input.customerId });
  if (!user) return { sent: false, reason: 'no such customer' };
  if (user.deletedAt) return { sent: false, reason: 'account deleted' };
  if (!user.campaignEmails || user.blocked) return { sent: false, reason: 'opted out' };
  if (await findSuppression(em, user.email)) return { sent: false, reason: 'suppressed' };

  const props = {
    name: user.name,
    shopUrl: `${env.APP_URL}/`,
    unsubscribeUrl: unsubscribeUrl(user.id),
    preferencesUrl: `${env.APP_URL}/account/emails`,
    pointsUrl: `${env.APP_URL}/account/points`,
    points: input.points,
    worth: formatMoney(input.points * env.POINT_VALUE, env.SHOP_CURRENCY),
    expiresOn: formatOrderDate(input.expiresAt),
  };
  const { element, subject } =
    input.template === 'points-available'
      ? {
          element: createElement(PointsAvailable, { ...props, orderNumber: input.orderNumber }),
          subject: pointsAvailableSubject(props),
        }
      : { element: createElement(PointsExpiring, props), subject: pointsExpiringSubject(props) };
  await deliverEmail(deps, {
    idempotencyKey,
    template: input.template,
    to: user.email,
    subject,
    element,
    orderNumber: input.orderNumber,
    // RFC 8058 one-click unsubscribe, as on the campaign emails.
    headers: { 'List-Unsubscribe': `<${props.unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
  });
  return { sent: true };
}
