// The customer area's reads and writes: a customer's orders, profile and email preferences, and the
// guest order lookup. Every order query here is scoped to the signed-in customer; what is not theirs
// is "not found", never "forbidden".
import type { EntityManager } from '@mikro-orm/postgresql';
import { LOGIN_TOKEN_TTL_MS, hashToken, newToken, normaliseEmail } from '#core/auth.ts';
import { isOrderNumber, normalizeOrderNumber } from '#core/order-number.ts';
import { LoginToken } from '#db/entities/auth.ts';
import { Order } from '#db/entities/order.ts';
import { User } from '#db/entities/user.ts';
import { isoUtc } from '#db/sql.ts';
import { readCustomerOrder } from './customer-order-read.server.ts';
import { checkLinkLimits, startEmailDelivery, storeLinkEmail } from './magic-links.server.ts';
import { signalUnsubscribedQuietly } from '#server/campaigns/campaigns.server.ts';
import { listDownloadsForOrder } from '#server/downloads/downloads.server.ts';
import { getEnv } from '#server/env.server.ts';
import { invoicePath } from '#server/invoices/invoice-links.server.ts';
import { orderDocuments } from '#server/orders/order-view.server.ts';
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
export const ownedBy = (user: CustomerRef) => ({ $or: [{ customer: user.id }, { email: user.email }] });

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

/** The account overview's newest orders, as listRow makes them: one plain query (every visit to /account asks). */
export async function recentCustomerOrders(em: EntityManager, user: CustomerRef, limit = 3): Promise<OrderListRow[]> {
  const rows = await em
    .getConnection()
    .execute<Array<Omit<OrderListRow, 'itemCount' | 'summary'> & { items: Array<{ title: string; quantity: number }> }>>(
      `select o.order_number as "orderNumber",
            ${isoUtc('o.created_at')} as "createdAt",
            o.status, o.currency, o.total,
            coalesce((select json_agg(json_build_object('title', i.product_title, 'quantity', i.quantity) order by i.id)
                        from order_items i where i.order_id = o.id), '[]') as items
       from orders o
      where o.customer_id = ? or o.email = ?
      order by o.created_at desc, o.id desc
      limit ?`,
      [user.id, user.email, limit],
    );
  return rows.map(({ items, ...order }) => ({ ...order, itemCount: countItems(items), summary: summariseItems(items) }));
}

const notFound = () => new Response('Order not found', { status: 404, statusText: 'Not Found' });

/** The customer's order with everything its page shows; a 404 when it is unknown or someone else's. */
export async function loadCustomerOrder(em: EntityManager, user: CustomerRef, rawOrderNumber: string | undefined) {
  const orderNumber = normalizeOrderNumber(rawOrderNumber ?? '');
  if (!isOrderNumber(orderNumber)) throw notFound();
  const read = await readCustomerOrder(em, user, orderNumber);
  if (!read) throw notFound();
  const env = getEnv();
  // Links are minted for this page view only (DOWNLOAD_LINK_TTL_HOURS); revoked files are not listed.
  const [downloads, documents] = await Promise.all([
    listDownloadsForOrder(em, read.id, { secret: env.SESSION_SECRET, ttlSeconds: env.DOWNLOAD_LINK_TTL_HOURS * 3600 }),
    // Invoice links, like download links, are minted for this page view.
    orderDocuments(em, read.id, (n) => invoicePath(n, env.SESSION_SECRET)),
  ]);
  downloads.files = downloads.files.filter((f) => f.status !== 'revoked').map((f) => ({ ...f, error: null }));

  return {
    ...read.order,
    tracking: trackingOf(read.trackingFields),
    items: read.items,
    downloads,
    documents,
    timeline: customerTimeline(read.events),
  };
}

export async function updateProfileName(em: EntityManager, userId: number, name: string): Promise<void> {
  await em.nativeUpdate(User, { id: userId }, { name: name || null, updatedAt: new Date() });
}

export async function loadEmailPreferences(em: EntityManager, userId: number) {
  const [user] = await em
    .getConnection()
    .execute<Array<{ marketingEmails: boolean; campaignEmails: boolean }>>(
      `select marketing_emails as "marketingEmails", campaign_emails as "campaignEmails" from users where id = ?`,
      [userId],
    );
  if (!user) throw new Error(`User not found (${userId})`);
  return { marketingEmails: user.marketingEmails, campaignEmails: user.campaignEmails };
}

export async function updateEmailPreferences(
  em: EntityManager,
  userId: number,
  prefs: { marketingEmails: boolean; campaignEmails: boolean },
) {
  await em.nativeUpdate(User, { id: userId }, { ...prefs, updatedAt: new Date() });
  // Saved first (every campaign send checks it); then the running campaigns end at once.
  if (!prefs.campaignEmails) await signalUnsubscribedQuietly(userId, 'email preferences');
}

// ------------------------------------------------------------------------------------------------
// Guest order lookup

export type LookupResult = { ok: true } | { ok: false; reason: 'rate_limited'; message: string };

/** Runs work after the answer, without the request waiting for it: errors are logged. */
export type HandOff = (work: () => Promise<void>) => void;

const inBackground: HandOff = (work) => {
  setImmediate(() => void work().catch((err: unknown) => logger.error({ err }, 'order lookup: sending the sign-in link failed')));
};

/**
 * An order number and an email: when they belong together, a sign-in link that leads to the order
 * goes to that address. The answer is the same either way (except when rate limited, which applies
 * to matching and non-matching pairs alike), and so is the work the answer waits for: one transaction
 * that checks the limits, reads the order and writes one row to the limiter's ledger (for a match, the
 * link's token; otherwise a token nobody holds, born used and expired, so it can never sign in). The
 * email — rendering, the outbox row, the hand-over to Temporal — is handed off and never awaited, so
 * the time to answer does not tell a matching pair from the rest.
 */
export async function lookupOrder(
  em: EntityManager,
  input: { orderNumber: string; email: string; ip: string | null },
  handOff: HandOff = inBackground,
): Promise<LookupResult> {
  const email = normaliseEmail(input.email);
  const orderNumber = normalizeOrderNumber(input.orderNumber);
  const now = new Date();
  const outcome = await em.transactional(async (tx) => {
    const limited = await checkLinkLimits(tx, { email, ip: input.ip, purpose: 'lookup', now });
    if (limited) return { limited };
    const order = await tx.findOne(Order, { orderNumber }, { fields: ['email'] });
    const matches = isOrderNumber(orderNumber) && order?.email != null && normaliseEmail(order.email) === email;
    const token = newToken();
    const entry = new LoginToken({
      tokenHash: hashToken(token),
      email,
      redirectTo: matches ? `/account/orders/${orderNumber}` : '/account',
      expiresAt: matches ? new Date(now.getTime() + LOGIN_TOKEN_TTL_MS) : now,
      ip: input.ip,
      purpose: 'lookup',
    });
    if (!matches) entry.usedAt = now;
    tx.persist(entry);
    await tx.flush();
    return { token: matches ? token : null };
  });
  if ('limited' in outcome) return { ok: false, reason: 'rate_limited', message: outcome.limited ?? '' };
  const { token } = outcome;
  if (token) handOff(() => sendLookupLink(em.fork(), { token, email, orderNumber }));
  return { ok: true };
}

/** The lookup's sign-in email: rendered, stored in the outbox, handed to the deliverEmail workflow. */
async function sendLookupLink(em: EntityManager, input: { token: string; email: string; orderNumber: string }): Promise<void> {
  const emailId = await em.transactional((tx) => storeLinkEmail(tx, { ...input, purpose: 'lookup' }));
  await startEmailDelivery(emailId);
}
