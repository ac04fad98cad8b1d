// "Download my data": everything the shop keeps about one customer, as one JSON document (GDPR art. 15 and 20).
// Secrets are left out (session and sign-in token hashes, signed links): they are the shop's, not data about the person.
import type { EntityManager } from '@mikro-orm/postgresql';
import { CampaignRun, EmailSuppression } from '#db/entities/campaign.ts';
import { Cart } from '#db/entities/cart.ts';
import { Email } from '#db/entities/email.ts';
import { LoginToken, Session } from '#db/entities/auth.ts';
import { Order } from '#db/entities/order.ts';
import { Refund } from '#db/entities/refund.ts';
import { User } from '#db/entities/user.ts';
import { ownedBy } from './account.server.ts';

export const ACCOUNT_DATA_FORMAT = 'atelier-account-data/1';

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

export async function exportAccountData(em: EntityManager, userId: number, now: Date = new Date()) {
  const user = await em.findOneOrFail(User, userId);
  // One query after another: they share the request's entity manager.
  const orders = await em.find(Order, ownedBy(user), { populate: ['items', 'events'], orderBy: { id: 'asc' } });
  const emails = await em.find(Email, { to: user.email }, { orderBy: { id: 'asc' } });
  const campaignRuns = await em.find(CampaignRun, { userId: user.id }, { orderBy: { id: 'asc' } });
  const suppression = await em.findOne(EmailSuppression, { email: user.email });
  const sessions = await em.find(Session, { user: user.id }, { orderBy: { id: 'asc' } });
  const signInLinks = await em.find(LoginToken, { email: user.email }, { orderBy: { id: 'asc' } });
  const carts = await em.find(
    Cart,
    { user: user.id },
    { populate: ['items', 'items.variant', 'items.variant.product'], orderBy: { id: 'asc' } },
  );
  const refunds = orders.length ? await em.find(Refund, { order: { $in: orders.map((o) => o.id) } }, { orderBy: { id: 'asc' } }) : [];
  return {
    format: ACCOUNT_DATA_FORMAT,
    exportedAt: now.toISOString(),
    profile: {
      email: user.email,
      name: user.name,
      createdAt: iso(user.createdAt),
      role: user.role,
      blocked: user.blocked ? { reason: user.blockedReason, at: iso(user.blockedAt) } : null,
      emailPreferences: { newsAndOffers: user.marketingEmails, tipsAndReminders: user.campaignEmails },
      orderCount: user.orderCount,
      lastOrderAt: iso(user.lastOrderAt),
    },
    orders: orders.map((o) => ({
      orderNumber: o.orderNumber,
      placedAt: iso(o.createdAt),
      status: o.status,
      email: o.email,
      currency: o.currency,
      amounts: { subtotal: o.subtotal, discount: o.discount, shipping: o.shipping, tax: o.tax, total: o.total, refunded: o.refunded },
      amountsAreIn: 'minor units of the currency (cents)',
      promoCode: o.promoCode,
      paidAt: iso(o.paidAt),
      cancelledAt: iso(o.cancelledAt),
      cancelReason: o.cancelReason,
      shippingAddress: o.shippingAddress,
      shippingMethod: o.shippingMethod,
      shipment: o.shippedAt
        ? {
            carrier: o.carrier,
            trackingNumber: o.trackingNumber,
            trackingUrl: o.trackingUrl,
            shippedAt: iso(o.shippedAt),
            deliveredAt: iso(o.deliveredAt),
          }
        : null,
      items: o.items.getItems().map((i) => ({
        sku: i.sku,
        product: i.productTitle,
        variant: i.variantTitle,
        format: i.format,
        quantity: i.quantity,
        unitPrice: i.unitPrice,
        lineTotal: i.lineTotal,
        refundedQuantity: i.refundedQuantity,
        personalisation: i.personalisation,
      })),
      timeline: o.events.getItems().map((e) => ({ at: iso(e.createdAt), type: e.type, message: e.message })),
      refunds: refunds
        .filter((r) => r.order.id === o.id)
        .map((r) => ({ amount: r.amount, status: r.status, reason: r.reason, requestedAt: iso(r.createdAt) })),
    })),
    emailsSent: emails.map((e) => ({
      at: iso(e.sentAt ?? e.createdAt),
      template: e.template,
      subject: e.subject,
      status: e.status,
      orderNumber: e.orderNumber,
      text: e.text,
    })),
    campaigns: campaignRuns.map((r) => ({
      campaign: r.campaign,
      status: r.status,
      step: r.stepId,
      emailsSent: r.emailsSent,
      startedAt: iso(r.createdAt),
      endedAt: iso(r.endedAt),
    })),
    emailSuppression: suppression ? { reason: suppression.reason, since: iso(suppression.createdAt) } : null,
    sessions: sessions.map((s) => ({
      signedInAt: iso(s.createdAt),
      lastSeenAt: iso(s.lastSeenAt),
      expiresAt: iso(s.expiresAt),
      endedAt: iso(s.revokedAt),
      ip: s.ip,
      browser: s.userAgent,
    })),
    signInLinks: signInLinks.map((t) => ({ requestedAt: iso(t.createdAt), purpose: t.purpose, usedAt: iso(t.usedAt), ip: t.ip })),
    carts: carts.map((c) => ({
      status: c.status,
      lastActivityAt: iso(c.lastActivityAt),
      items: c.items.getItems().map((i) => ({
        product: i.variant.product.title,
        variant: i.variant.title,
        quantity: i.quantity,
        personalisation: i.personalisation,
      })),
    })),
    ledger: null,
    notes:
      'Orders keep their amounts, items and country for the accounts the law requires a shop to keep. Payment details are held by Stripe, not by the shop.',
  };
}

export type AccountData = Awaited<ReturnType<typeof exportAccountData>>;

/** The file name a download of it gets. */
export function accountDataFileName(now: Date = new Date()): string {
  return `atelier-my-data-${now.toISOString().slice(0, 10)}.json`;
}

/** The export as a download: a JSON attachment never kept by a cache. */
export async function accountDataDownload(em: EntityManager, userId: number): Promise<Response> {
  const data = await exportAccountData(em, userId);
  return new Response(JSON.stringify(data, null, 2), {
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Disposition': `attachment; filename="${accountDataFileName()}"`,
      'Cache-Control': 'private, no-store',
    },
  });
}
