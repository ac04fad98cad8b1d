// The customer area's reads and writes: a customer's orders, profile and email preferences, and the
// guest order lookup. Every order query here is scoped to the signed-in customer; what is not theirs
// is "not found", never "forbidden".
import type { EntityManager } from '@mikro-orm/postgresql';
import { hashToken, newToken, normaliseEmail } from '#core/auth.ts';
import { isOrderNumber, normalizeOrderNumber } from '#core/order-number.ts';
import { LoginToken } from '#db/entities/auth.ts';
import { Order } from '#db/entities/order.ts';
import { Variant } from '#db/entities/product.ts';
import { User } from '#db/entities/user.ts';
import { checkLinkLimits, requestLoginLink } from './magic-links.server.ts';
import { signalUnsubscribedQuietly } from '#server/campaigns/campaigns.server.ts';
import { listDownloadsForOrder } from '#server/downloads/downloads.server.ts';
import { getEnv } from '#server/env.server.ts';
import { countItems, customerTimeline, pageCount, summariseItems, trackingOf } from '#core/order-display.ts';
import { logger } from '#server/log.server.ts';
/** The signed-in customer an order query is scoped to. */
export interface CustomerRef {
  id: number;
  email: string;
}

export const ORDERS_PAGE_SIZE = 20;

/**
 * A customer's orders: those of their account, and those paid with their (verified, since they signed
 * in by email) address before the order was linked to an account.
 */
const ownedBy = (user: CustomerRef) => ({ $or: [{ customer: user.id }, { email: user.email }] });

export interface OrderListRow {
  orderNumber: string;
  createdAt: string;
  status: Order['status'];
  currency: string;
  total: number;
  itemCount: number;
  summary: string;
}

function listRow(order: Order): OrderListRow {
  const items = order.items.getItems().map((i) => ({ title: i.productTitle, quantity: i.quantity }));
  return {
    orderNumber: order.orderNumber,
    createdAt: order.createdAt.toISOString(),
    status: order.status,
    currency: order.currency,
    total: order.total,
    itemCount: countItems(items),
    summary: summariseItems(items),
  };
}

/** One page of the customer's orders, newest first. */
export async function listCustomerOrders(em: EntityManager, user: CustomerRef, page: number) {
  const [orders, total] = await em.findAndCount(Order, ownedBy(user), {
    orderBy: { createdAt: 'desc', id: 'desc' },
    limit: ORDERS_PAGE_SIZE,
    offset: (page - 1) * ORDERS_PAGE_SIZE,
    populate: ['items'],
    strategy: 'select-in',
  });
  return { orders: orders.map(listRow), total, page, pages: pageCount(total, ORDERS_PAGE_SIZE) };
}

export async function recentCustomerOrders(em: EntityManager, user: CustomerRef, limit = 3) {
  const orders = await em.find(Order, ownedBy(user), {
    orderBy: { createdAt: 'desc', id: 'desc' },
    limit,
    populate: ['items'],
    strategy: 'select-in',
  });
  return orders.map(listRow);
}

const notFound = () => new Response('Order not found', { status: 404, statusText: 'Not Found' });

/** The customer's order with everything its page shows; a 404 when it is unknown or someone else's. */
export async function loadCustomerOrder(em: EntityManager, user: CustomerRef, rawOrderNumber: string | undefined) {
  const orderNumber = normalizeOrderNumber(rawOrderNumber ?? '');
  if (!isOrderNumber(orderNumber)) throw notFound();
  const order = await em.findOne(Order, { orderNumber, ...ownedBy(user) }, { populate: ['items', 'events'], strategy: 'select-in' });
  if (!order) throw notFound();

  const items = order.items.getItems();
  // Plain goods have no design of their own: their picture is the product's illustration.
  const variantIds = items.filter((i) => !i.personalisation && i.variantId != null).map((i) => i.variantId!);
  const variants = variantIds.length ? await em.find(Variant, { id: { $in: variantIds } }, { populate: ['product'] }) : [];
  const artOf = new Map(variants.map((v) => [v.id, v.product.art]));
  const env = getEnv();
  // Links are minted for this page view only (DOWNLOAD_LINK_TTL_HOURS); revoked files are not listed.
  const downloads = await listDownloadsForOrder(em, order.id, { secret: env.SESSION_SECRET, ttlSeconds: env.DOWNLOAD_LINK_TTL_HOURS * 3600 });
  downloads.files = downloads.files.filter((f) => f.status !== 'revoked').map((f) => ({ ...f, error: null }));

  return {
    orderNumber: order.orderNumber,
    status: order.status,
    fulfilmentType: order.fulfilmentType,
    currency: order.currency,
    createdAt: order.createdAt.toISOString(),
    paidAt: order.paidAt?.toISOString() ?? null,
    subtotal: order.subtotal,
    discount: order.discount,
    shipping: order.shipping,
    tax: order.tax,
    total: order.total,
    refunded: order.refunded,
    promoCode: order.promoCode,
    shippingAddress: order.shippingAddress,
    shippingMethod: order.shippingMethod,
    tracking: trackingOf(order),
    items: items.map((i) => ({
      id: i.id,
      productTitle: i.productTitle,
      variantTitle: i.variantTitle,
      format: i.format,
      printSize: i.printSize,
      quantity: i.quantity,
      refundedQuantity: i.refundedQuantity,
      unitPrice: i.unitPrice,
      lineTotal: i.lineTotal,
      personalisation: i.personalisation,
      art: i.variantId != null ? (artOf.get(i.variantId) ?? null) : null,
    })),
    downloads,
    timeline: customerTimeline(order.events.getItems().map((e) => ({ id: e.id, type: e.type, message: e.message, at: e.createdAt.toISOString() }))),
  };
}

export async function updateProfileName(em: EntityManager, userId: number, name: string): Promise<void> {
  await em.nativeUpdate(User, { id: userId }, { name: name || null, updatedAt: new Date() });
}

export async function loadEmailPreferences(em: EntityManager, userId: number) {
  const user = await em.findOneOrFail(User, { id: userId }, { fields: ['marketingEmails', 'campaignEmails'] });
  return { marketingEmails: user.marketingEmails, campaignEmails: user.campaignEmails };
}

export async function updateEmailPreferences(em: EntityManager, userId: number, prefs: { marketingEmails: boolean; campaignEmails: boolean }) {
  await em.nativeUpdate(User, { id: userId }, { ...prefs, updatedAt: new Date() });
  // Saved first (every campaign send checks it); then the running campaigns end at once.
  if (!prefs.campaignEmails) await signalUnsubscribedQuietly(userId, 'email preferences');
}

// ------------------------------------------------------------------------------------------------
// Guest order lookup

export type LookupResult = { ok: true } | { ok: false; reason: 'rate_limited'; message: string };

/**
 * An order number and an email: when they belong together, a sign-in link that leads to the order
 * goes to that address. The answer is the same either way (except when rate limited, which applies
 * to matching and non-matching pairs alike), so nobody learns from it which orders exist.
 */
export async function lookupOrder(em: EntityManager, input: { orderNumber: string; email: string; ip: string | null }): Promise<LookupResult> {
  const email = normaliseEmail(input.email);
  const orderNumber = normalizeOrderNumber(input.orderNumber);
  const order = isOrderNumber(orderNumber) ? await em.findOne(Order, { orderNumber }, { fields: ['email'] }) : null;
  if (order?.email && normaliseEmail(order.email) === email) {
    const sent = await requestLoginLink(em, { email, redirectTo: `/account/orders/${orderNumber}`, ip: input.ip, purpose: 'lookup', orderNumber });
    if (!sent.ok && sent.reason === 'rate_limited') return { ok: false, reason: 'rate_limited', message: sent.message };
    // "Could not send just now" would tell that the pair matched; the link is stored, and asking again works.
    if (!sent.ok) logger.error({ orderNumber }, `order lookup: the sign-in link for ${orderNumber} could not be handed over: ${sent.message}`);
    return { ok: true };
  }
  return countUnmatchedLookup(em, email, input.ip);
}

/**
 * A pair that matches nothing still counts towards the sign-in link limits (per email and per IP),
 * or the limit itself would tell matching pairs from the rest. It is recorded in the limiter's own
 * ledger as a token nobody holds (thrown away at once, born used and expired), so it can never sign in.
 */
async function countUnmatchedLookup(em: EntityManager, email: string, ip: string | null): Promise<LookupResult> {
  const now = new Date();
  return em.transactional(async (tx) => {
    const limited = await checkLinkLimits(tx, email, ip, now);
    if (limited) return { ok: false, reason: 'rate_limited', message: limited };
    const entry = new LoginToken({ tokenHash: hashToken(newToken()), email, redirectTo: '/account', expiresAt: now, ip, purpose: 'lookup' });
    entry.usedAt = now;
    tx.persist(entry);
    await tx.flush();
    return { ok: true };
  });
}
