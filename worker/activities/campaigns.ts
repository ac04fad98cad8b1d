// Drip campaigns and cart upkeep: the database side of the drip and cartUpkeep workflows, and the
// campaign emails (rendered into the outbox, sent once, each with a one-click unsubscribe).
import { ApplicationFailure } from '@temporalio/activity';
import { createElement, type ReactElement } from 'react';
import type Stripe from 'stripe';
import { CAMPAIGNS, personalCode, type CampaignContext, type CampaignId } from '#core/campaigns.ts';
import { CampaignRun, EmailSuppression } from '#db/entities/campaign.ts';
import { Cart } from '#db/entities/cart.ts';
import { Email } from '#db/entities/email.ts';
import { Order } from '#db/entities/order.ts';
import { PromoCode } from '#db/entities/promo-code.ts';
import { User } from '#db/entities/user.ts';
import CartReminder, { cartReminderSubject } from '#emails/cart-reminder.tsx';
import PersonalisationGuide, { personalisationGuideSubject } from '#emails/personalisation-guide.tsx';
import ReviewRequest, { reviewRequestSubject } from '#emails/review-request.tsx';
import Welcome, { welcomeSubject } from '#emails/welcome.tsx';
import WelcomeCode, { welcomeCodeSubject } from '#emails/welcome-code.tsx';
import WinBack, { winBackSubject } from '#emails/win-back.tsx';
import { enrolQuietly, signalGoalMet, unsubscribeUrl } from '#app/utils/campaigns.server.ts';
import { deliverEmail, type EmailDeps } from './email';
import { createPromotionActivities } from './promotions';
import type { AbandonedCart, CampaignActivities } from './campaign-types';

export interface CampaignDeps extends EmailDeps {
  stripe: Stripe | null;
}

const DAY_MS = 24 * 3600 * 1000;

export function createCampaignActivities(deps: CampaignDeps): CampaignActivities {
  const { orm, env } = deps;
  const promotions = createPromotionActivities(deps);

  /** A personal single-use code for one email; the same seed always gives the same code (retries are safe). */
  async function personalPromo(seed: string, promo: { prefix: string; percentOff: number; validDays: number }, email: string) {
    const em = orm.em.fork();
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
    if (row.syncedVersion < row.version) await promotions.syncPromoCode({ promoCodeId: row.id });
    return { code, percentOff: promo.percentOff, until: row.endsAt!.toISOString().slice(0, 10) };
  }

  return {
    async startCampaignRun({ campaign, customerId, email, workflowId, runKey, context }) {
      const em = orm.em.fork();
      await em
        .createQueryBuilder(CampaignRun)
        .insert({ campaign, userId: customerId, email, workflowId, runKey, status: 'running', stepIndex: 0, emailsSent: 0, context: { ...context }, createdAt: new Date(), updatedAt: new Date() })
        .onConflict('run_key')
        .ignore()
        .execute();
    },

    async updateCampaignRun({ runKey, stepIndex, stepId, emailsSent, ended }) {
      const em = orm.em.fork();
      await em.nativeUpdate(
        CampaignRun,
        { runKey },
        { stepIndex, stepId, emailsSent, updatedAt: new Date(), ...(ended ? { status: ended, endedAt: new Date() } : {}) },
      );
    },

    async checkCampaignCondition({ condition, customerId, runKey, context }) {
      const em = orm.em.fork();
      const conn = em.getConnection();
      if (condition === 'cart-recovered') {
        if (!context.cartId) return true;
        const cart = await em.findOne(Cart, { id: context.cartId }, { populate: ['items'] });
        if (!cart || cart.status === 'checked_out' || cart.items.length === 0) return true;
        const bought = await conn.execute<Array<{ n: string }>>("select count(*) as n from orders where cart_id = ? and paid_at is not null", [cart.id]);
        return Number(bought[0]?.n ?? 0) > 0;
      }
      const user = await em.findOne(User, { id: customerId });
      if (!user) return false;
      let since: Date | null = null;
      if (condition === 'ordered-since-start') {
        const run = await em.findOne(CampaignRun, { runKey });
        since = run?.createdAt ?? new Date(0);
      }
      const rows = await conn.execute<Array<{ n: string }>>(
        `select count(*) as n from orders where (customer_id = ? or email = ?) and paid_at is not null ${since ? 'and paid_at > ?' : ''}`,
        since ? [user.id, user.email, since] : [user.id, user.email],
      );
      return Number(rows[0]?.n ?? 0) > 0;
    },

    async sendCampaignEmail({ campaign, stepId, customerId, runKey, context }) {
      const em = orm.em.fork();
      const step = CAMPAIGNS[campaign].steps.find((s) => s.id === stepId);
      if (!step || step.kind !== 'email') throw ApplicationFailure.nonRetryable(`${campaign} has no email step ${stepId}`, 'NoSuchStep');
      const idempotencyKey = `drip:${campaign}:${customerId}:${runKey}:${stepId}`.slice(0, 255);
      const already = await em.findOne(Email, { idempotencyKey });
      if (already && already.status !== 'queued' && already.status !== 'failed') return { status: 'sent', emailId: already.id };

      // Checked before every send: an opt-out or a bounce since the campaign started stops it here.
      const user = await em.findOne(User, { id: customerId });
      if (!user) return { status: 'no_customer', emailId: null };
      if (!user.campaignEmails || user.blocked) return { status: 'opted_out', emailId: null };
      if (await em.findOne(EmailSuppression, { email: user.email })) return { status: 'suppressed', emailId: null };

      const base = {
        name: user.name,
        shopUrl: `${env.APP_URL}/`,
        unsubscribeUrl: unsubscribeUrl(user.id),
        preferencesUrl: `${env.APP_URL}/account/emails`,
      };
      const code = step.promo ? await personalPromo(`${runKey}:${stepId}`, step.promo, user.email) : null;
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
            items: (cart?.items.getItems() ?? []).map((i) => ({ title: `${i.variant.product.title} — ${i.variant.title}`, quantity: i.quantity })),
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
    },

    async markIdleCartsAbandoned({ limit }) {
      // SKIP LOCKED: a cart someone is changing right now is not idle; it is looked at again next time.
      // Its owner's next visit revives it (app/utils/cart.server.ts), so nothing is lost by this.
      const rows = await orm.em.fork().getConnection().execute<Array<{ id: number }>>(
        `with idle as (
           select id from carts
            where status = 'active' and last_activity_at < now() - make_interval(secs => ?)
            order by id limit ? for update skip locked
         )
         update carts c set status = 'abandoned', updated_at = now() from idle where c.id = idle.id
         returning c.id`,
        [Math.round(env.CART_IDLE_HOURS * 3600), limit],
      );
      return { abandoned: rows.length };
    },

    async findQuietCarts({ limit }) {
      const em = orm.em.fork();
      const conn = em.getConnection();
      // Quiet carts with items and an address (the account's, or the one a guest typed at checkout)
      // not yet reminded since their last change. Bought carts are `checked_out`, so not here.
      const rows = await conn.execute<Array<{ id: number; user_id: number | null; email: string | null }>>(
        `select c.id, c.user_id,
                coalesce(u.email, c.email, (select o.email from orders o where o.cart_id = c.id and o.email is not null order by o.id desc limit 1)) as email
           from carts c left join users u on u.id = c.user_id
          where c.status in ('active', 'abandoned')
            and c.last_activity_at < now() - make_interval(secs => ?)
            and (c.reminded_at is null or c.reminded_at < c.last_activity_at)
            and exists (select 1 from cart_items ci where ci.cart_id = c.id)
          order by c.id limit ?`,
        [Math.round(env.CART_QUIET_MINUTES * 60), limit],
      );
      const carts: AbandonedCart[] = [];
      for (const row of rows) {
        if (!row.email) {
          // Nobody to remind: marked so it is not looked at again until it changes.
          await conn.execute('update carts set reminded_at = now() where id = ?', [row.id]);
          continue;
        }
        let customerId = row.user_id;
        if (!customerId) {
          // A guest who gave an address at checkout: the campaign (its preferences, its unsubscribe link) needs a customer row.
          const email = row.email.trim().toLowerCase();
          await em.createQueryBuilder(User).insert({ email, role: 'customer', createdAt: new Date(), updatedAt: new Date() }).onConflict('email').ignore().execute();
          customerId = (await em.findOneOrFail(User, { email })).id;
        }
        carts.push({ cartId: row.id, customerId, email: row.email });
      }
      return { carts };
    },

    async markCartReminded({ cartId }) {
      await orm.em.fork().getConnection().execute('update carts set reminded_at = now() where id = ?', [cartId]);
    },

    async enrolInCampaign({ campaign, customerId, context }) {
      return enrolQuietly(orm.em.fork(), { campaign, customerId, context });
    },

    async enrolAfterPurchase({ orderNumber }) {
      const em = orm.em.fork();
      const order = await em.findOne(Order, { orderNumber }, { populate: ['items'] });
      if (!order?.customer || !order.paidAt) return { enrolled: [] };
      const enrolled: string[] = [];
      const customerId = order.customer.id;
      const digitalOnly = order.items.getItems().every((i) => i.format === 'digital');
      const enrol = async (campaign: CampaignId, context: CampaignContext) => {
        const r = await enrolQuietly(em, { campaign, customerId, context });
        if (r.outcome !== 'skipped') enrolled.push(`${campaign}: ${r.outcome}`);
      };
      // A paid order is what the abandoned-cart reminders were for: a running one ends now.
      if (await signalGoalMet('abandoned-cart', customerId, `paid order ${orderNumber}`)) enrolled.push('abandoned-cart: ended');
      // The welcome series starts at the first sign-in or the first order, whichever comes first (once).
      await enrol('welcome', {});
      // Files arrive at once: a digital-only order is "delivered" when it is paid.
      await enrol('post-purchase', { orderNumber, events: digitalOnly ? ['delivered'] : [] });
      return { enrolled };
    },
  };
}
