// Order-access links: the buyer's capability to see an order's status page (/checkout/success) without signing in.
// `/checkout/success?order=<number>&access=<expiry>.<signature>`, the signature an HMAC of the order number and the
// expiry under a key derived from SESSION_SECRET (server/signing.server.ts): changing the order or the expiry breaks it.
// Stripe's return URL and the confirmation email carry one (docs/decisions/048-order-access-links.md).
import { signExpiringToken, verifyExpiringToken, type ExpiringTokenCheck } from '#server/signing.server.ts';

/** How long a link works: long enough for a buyer to come back from the confirmation email weeks later. */
export const ORDER_ACCESS_TTL_DAYS = 30;
const TTL_MS = ORDER_ACCESS_TTL_DAYS * 24 * 3600 * 1000;
const PURPOSE = 'atelier:order-access:v1';

export type OrderAccessCheck = ExpiringTokenCheck;

/** The expiry of a link minted at `from` (a date the caller chooses: the order's creation, for a repeatable link). */
export const orderAccessExpiry = (from: Date): Date => new Date(from.getTime() + TTL_MS);

export const signOrderAccessToken = (orderNumber: string, expiresAt: Date, secret: string): string =>
  signExpiringToken(orderNumber, expiresAt, secret, PURPOSE);

/** Whether `token` opens this order's status page now. */
export const verifyOrderAccessToken = (orderNumber: string, token: string, secret: string, now: Date = new Date()): OrderAccessCheck =>
  verifyExpiringToken(orderNumber, token, secret, PURPOSE, now);

/** The status page's path (relative to APP_URL) with an access token that works until `expiresAt`. */
export const orderStatusPath = (orderNumber: string, expiresAt: Date, secret: string): string =>
  `/checkout/success?order=${encodeURIComponent(orderNumber)}&access=${signOrderAccessToken(orderNumber, expiresAt, secret)}`;
