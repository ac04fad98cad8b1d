// A campaign step's email: checked against the customer's preferences and suppressions before every
// send, rendered into the outbox and sent once, each with a one-click unsubscribe.
import { createElement, type ReactElement } from 'react';
import { CAMPAIGNS, personalCode, type CampaignContext, type CampaignId } from '#core/campaigns.ts';
import { campaignEmailKey } from '#core/campaign-email-key.ts';
import { Cart } from '#db/entities/cart.ts';
import { Email } from '#db/entities/email.ts';
import { PromoCode } from '#db/entities/promo-code.ts';
import { User } from '#db/entities/user.ts';
import CartReminder, { cartReminderSubject } from '#emails/cart-reminder.tsx';
import PersonalisationGuide, { personalisationGuideSubject } from '#emails/personalisation-guide.tsx';
import ReviewRequest, { reviewRequestSubject } from '#emails/review-request.tsx';
import Welcome, { welcomeSubject } from '#emails/welcome.tsx';
import WelcomeCode, { welcomeCodeSubject } from '#emails/welcome-code.tsx';
import WinBack, { winBackSubject } from '#emails/win-back.tsx';
import type { ServerDeps } from '#server/deps.server.ts';
import { deliverEmail } from '#server/emails/outbox.server.ts';
import { findSuppression } from '#server/emails/suppressions.server.ts';
import { PermanentError } from '#server/errors.server.ts';
import { syncPromoCode } from '#server/promotions/sync-promo-code.server.ts';
import { unsubscribeUrl } from './campaigns.server.ts';

export type CampaignSendStatus = 'sent' | 'opted_out' | 'suppressed' | 'no_customer';
export type CampaignEmailDeps = ServerDeps;

const DAY_MS = 24 * 3600 * 1000;

/** A personal single-use code for one email; the same seed always gives the same code (retries are safe). */
async function personalPromo(
  deps: CampaignEmailDeps,
  seed: string,
  promo: { prefix: string; percentOff: number; validDays: number },
  email: string,
) {
  const em = deps.orm.em.fork();
  const code = personalCode(promo.prefix, seed);
  await em
    .createQueryBuilder(PromoCode)
    .insert({
      code,
      kind: 'percent',
      percentOff: promo.percentOff,
      maxRedemptions: 1,
      maxPerCustomer: 1,
      endsAt: new Date(Date.now() + promo.validDays * DAY_MS),
      description: `Personal code for ${email}`,
      source: 'campaign',
      createdBy: 'campaign',
      active: true,
      timesRedeemed: 0,
      version: 1,
      syncedVersion: 0,
      createdAt: new Date(),
      updatedAt: new Date(),
    })
    .onConflict('code')
    .ignore()
    .execute();
  const row = await em.findOneOrFail(PromoCode, { code });
  // Made on Stripe (or the local stand-in) before the email goes out, so the code works when it arrives.
  if (row.syncedVersion < row.version) await syncPromoCode(deps, { promoCodeId: row.id });
  return { code, percentOff: promo.percentOff, until: row.endsAt!.toISOString().slice(0, 10) };
}

/** Checks preferences and suppressions, then renders and sends the step's email once (idempotency key from the run and step). */
export async function sendCampaignEmail(
  deps: CampaignEmailDeps,
  {
    campaign,
    stepId,
    customerId,
    runKey,
    context,
  }: { campaign: CampaignId; stepId: string; customerId: number; runKey: string; context: CampaignContext },
): Promise<{ status: CampaignSendStatus; emailId: number | null }> {
  const { orm, env } = deps;
  const em = orm.em.fork();
  const step = CAMPAIGNS[campaign].steps.find((s) => s.id === stepId);
  if (!step || step.kind !== 'email') throw new PermanentError(`${campaign} has no email step ${stepId}`, 'NoSuchStep');
  const idempotencyKey = campaignEmailKey({ campaign, customerId, runKey, stepId });
  const already = await em.findOne(Email, { idempotencyKey });
  if (already && already.status !== 'queued' && already.status !== 'failed') return { status: 'sent', emailId: already.id };

  // Checked before every send: an opt-out or a bounce since the campaign started stops it here.
  const user = await em.findOne(User, { id: customerId });
  if (!user) return { status: 'no_customer', emailId: null };
  if (!user.campaignEmails || user.blocked) return { status: 'opted_out', emailId: null };
  if (await findSuppression(em, user.email)) return { status: 'suppressed', emailId: null };

  const base = {
    name: user.name,
    shopUrl: `${env.APP_URL}/`,
    unsubscribeUrl: unsubscribeUrl(user.id),
    preferencesUrl: `${env.APP_URL}/account/emails`,
  };
  const code = step.promo ? await personalPromo(deps, `${runKey}:${stepId}`, step.promo, user.email) : null;
  let element: ReactElement;
  let subject: string;
  switch (step.template) {
    case 'welcome':
      element = createElement(Welcome, base);
      subject = welcomeSubject();
      break;
    case 'personalisation-guide':
      element = createElement(PersonalisationGuide, base);
      subject = personalisationGuideSubject();
      break;
    case 'welcome-code':
    case 'win-back': {
      const props = { ...base, code: code!.code, percentOff: code!.percentOff, until: code!.until };
      element = step.template === 'welcome-code' ? createElement(WelcomeCode, props) : createElement(WinBack, props);
      subject = step.template === 'welcome-code' ? welcomeCodeSubject(props) : winBackSubject(props);
      break;
    }
    case 'cart-reminder':
    case 'cart-reminder-code': {
      const cart = context.cartId ? await em.findOne(Cart, { id: context.cartId }, { populate: ['items.variant.product'] }) : null;
      const props = {
        ...base,
        cartUrl: `${env.APP_URL}/cart`,
        items: (cart?.items.getItems() ?? []).map((i) => ({
          title: `${i.variant.product.title} — ${i.variant.title}`,
          quantity: i.quantity,
        })),
        code,
      };
      element = createElement(CartReminder, props);
      subject = cartReminderSubject(props);
      break;
    }
    case 'review-request': {
      const orderNumber = context.orderNumber ?? '';
      const props = { ...base, orderNumber, orderUrl: `${env.APP_URL}/account/orders/${encodeURIComponent(orderNumber)}` };
      element = createElement(ReviewRequest, props);
      subject = reviewRequestSubject(props);
      break;
    }
  }
  const email = await deliverEmail(deps, {
    idempotencyKey,
    template: step.template,
    to: user.email,
    subject,
    element,
    orderNumber: null,
    // RFC 8058 one-click unsubscribe: mail providers POST `List-Unsubscribe=One-Click` to this URL.
    headers: { 'List-Unsubscribe': `<${base.unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
  });
  return { status: 'sent', emailId: email.id };
}
