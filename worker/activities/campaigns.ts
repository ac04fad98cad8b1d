// Drip campaigns and cart upkeep: the database side of the drip and cartUpkeep workflows, and the
// campaign emails (rendered into the outbox, sent once, each with a one-click unsubscribe).
import type { EntityManager } from '@mikro-orm/postgresql';
import { ApplicationFailure } from '@temporalio/activity';
import { createElement, type ReactElement } from 'react';
import type Stripe from 'stripe';
import { CAMPAIGNS, personalCode } from '#core/campaigns.ts';
import { CampaignRun } from '#db/entities/campaign.ts';
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
import { enrolInCampaigns, enrolQuietly, signalGoalMet, unsubscribeUrl, type Enrolment } from '#app/utils/campaigns.server.ts';
import { findSuppression } from '#app/utils/resend-webhooks.server.ts';
import { campaignEmailKey } from '#core/campaign-email-key.ts';
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

    async remindQuietCarts({ limit }) {
      // One transaction holds the carts it found (FOR UPDATE SKIP LOCKED: another upkeep — a retry while this one still
      // runs — takes other carts, and a cart being changed right now waits for the next run) until the ones done are
      // marked. A crash rolls it back: the next attempt finds them again, and enrols by signal-with-start to the same
      // drip-abandoned-cart-<customerId>, which joins the running campaign. A customer's change to a found cart waits
      // for the commit (a second or so), then makes the cart due again.
      return orm.em.fork().transactional(async (tx) => {
        const rows = await selectQuietCarts(tx, env.CART_QUIET_MINUTES, limit, true);
        // Committed on their own, not with the transaction: the campaign started below must find its customer.
        const guests = await guestCustomers(orm.em.fork(), rows);
        const done: number[] = [];
        // One enrolment per customer (a guest's address may be on carts in two browsers), with the newest cart.
        const byCustomer = new Map<number, number[]>();
        let skipped = 0;
        let failed = 0;
        for (const row of rows) {
          const customerId = row.user_id ?? guests.get(row.email ?? '');
          if (!row.email) {
            // Nobody to remind: marked so it is not looked at again until it changes.
            done.push(row.id);
            skipped += 1;
          } else if (customerId === undefined) {
            failed += 1; // its customer row was made by someone else meanwhile: next time
          } else {
            byCustomer.set(customerId, [...(byCustomer.get(customerId) ?? []), row.id]);
          }
        }
        let reminded = 0;
        await forEachAtMost(ENROL_CONCURRENCY, [...byCustomer], async ([customerId, cartIds]) => {
          const outcome = await enrolQuietly(orm.em.fork(), { campaign: 'abandoned-cart', customerId, context: { cartId: Math.max(...cartIds) } });
          if (outcome.failed) {
            failed += cartIds.length;
            return;
          }
          done.push(...cartIds);
          if (outcome.outcome === 'skipped') skipped += cartIds.length;
          else reminded += cartIds.length;
        });
        await markReminded(tx, done);
        return { carts: rows.length, reminded, skipped, failed };
      });
    },

    async markIdleCartsAbandoned() {
      // Idle carts stay active (idle is derived from last_activity_at): nothing to do for the runs without patch
      // remind-quiet-carts-set that still call this (docs/decisions/013-cart-upkeep-schedule.md).
      return { abandoned: 0 };
    },

    async findQuietCarts({ limit }) {
      const em = orm.em.fork();
      const rows = await selectQuietCarts(em, env.CART_QUIET_MINUTES, limit, false);
      const guests = await guestCustomers(em, rows);
      const carts: AbandonedCart[] = [];
      for (const row of rows) {
        const customerId = row.user_id ?? guests.get(row.email ?? '');
        if (row.email && customerId !== undefined) carts.push({ cartId: row.id, customerId, email: row.email });
      }
      // Nobody to remind: marked so it is not looked at again until it changes.
      await markReminded(em, rows.filter((r) => !r.email).map((r) => r.id));
      return { carts };
    },

    async markCartReminded({ cartId }) {
      await markReminded(orm.em.fork(), [cartId]);
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
      // A paid order is what the abandoned-cart reminders were for: a running one ends now.
      if (await signalGoalMet('abandoned-cart', customerId, `paid order ${orderNumber}`)) enrolled.push('abandoned-cart: ended');
      const enrolments: Enrolment[] = [
        // The welcome series starts at the first sign-in or the first order, whichever comes first (once).
        { campaign: 'welcome', context: {} },
        // Files arrive at once: a digital-only order is "delivered" when it is paid.
        { campaign: 'post-purchase', context: { orderNumber, events: digitalOnly ? ['delivered'] : [] } },
      ];
      const outcomes = await enrolInCampaigns(em, customerId, enrolments);
      enrolments.forEach(({ campaign }, i) => {
        if (outcomes[i]!.outcome !== 'skipped') enrolled.push(`${campaign}: ${outcomes[i]!.outcome}`);
      });
      return { enrolled };
    },
  };
}

// ------------------------------------------------------------------------------------------------
// Cart upkeep

/** Enrolments at once (each a few queries and a Temporal call): within the worker's database pool, beside the transaction. */
const ENROL_CONCURRENCY = 4;

interface QuietCartRow {
  id: number;
  user_id: number | null;
  /** The account's address, or the one a guest typed at checkout (normalised as users.email); null: nobody to remind. */
  email: string | null;
}

/**
 * Quiet carts with items not reminded since their last change (bought carts are `checked_out`, so not here), oldest
 * first; with `lock`, inside the caller's transaction, skipping carts another transaction holds.
 */
function selectQuietCarts(em: EntityManager, quietMinutes: number, limit: number, lock: boolean): Promise<QuietCartRow[]> {
  return em.getConnection().execute<QuietCartRow[]>(
    `select c.id, c.user_id,
            coalesce(u.email, nullif(lower(btrim(coalesce(c.email,
              (select o.email from orders o where o.cart_id = c.id and o.email is not null order by o.id desc limit 1)))), '')) as email
       from carts c left join users u on u.id = c.user_id
      where c.status = 'active'
        and c.last_activity_at < now() - make_interval(secs => ?)
        and (c.reminded_at is null or c.reminded_at < c.last_activity_at)
        and exists (select 1 from cart_items ci where ci.cart_id = c.id)
      order by c.id limit ?${lock ? ' for update of c skip locked' : ''}`,
    [Math.round(quietMinutes * 60), limit],
    'all',
    em.getTransactionContext(),
  );
}

/**
 * The customer rows of guests' carts, made in one statement where missing (the campaign — its preferences, its
 * unsubscribe link — needs one): email → id. An address whose row another transaction made meanwhile is missing.
 */
async function guestCustomers(em: EntityManager, rows: QuietCartRow[]): Promise<Map<string, number>> {
  const emails = [...new Set(rows.flatMap((r) => (r.user_id === null && r.email ? [r.email] : [])))];
  if (emails.length === 0) return new Map();
  const found = await em.getConnection().execute<Array<{ id: number; email: string }>>(
    `with wanted (email) as (select unnest(array[?]::text[])),
          added as (
            insert into users (email, role, created_at, updated_at) select email, 'customer', now(), now() from wanted
            on conflict (email) do nothing returning id, email
          )
     select id, email from added union all select u.id, u.email from users u join wanted w on w.email = u.email`,
    [emails],
  );
  return new Map(found.map((r) => [r.email, r.id]));
}

/** Not reminded again until the cart changes (in the caller's transaction, if any). */
async function markReminded(em: EntityManager, cartIds: number[]): Promise<void> {
  if (cartIds.length === 0) return;
  await em.getConnection().execute('update carts set reminded_at = now() where id = any(array[?]::int[])', [cartIds], 'run', em.getTransactionContext());
}

/** Runs `fn` over `items`, at most `limit` at a time. */
async function forEachAtMost<T>(limit: number, items: T[], fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}
