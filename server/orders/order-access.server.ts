// Order-access links: the buyer's capability to see an order's status page (/checkout/success) without signing in.
// `/checkout/success?order=<number>&access=<expiry>.<signature>`, the signature an HMAC of the order number and the
// expiry under a key derived from SESSION_SECRET (server/signing.server.ts): changing the order or the expiry breaks it.
// Stripe's return URL and the confirmation email carry one (docs/decisions/048-order-access-links.md).
import { signPayload, signatureMatches } from '#server/signing.server.ts';

/** How long a link works: long enough for a buyer to come back from the confirmation email weeks later. */
export const ORDER_ACCESS_TTL_DAYS = 30;
const TTL_MS = ORDER_ACCESS_TTL_DAYS * 24 * 3600 * 1000;
const PURPOSE = 'atelier:order-access:v1';

export type OrderAccessCheck = { ok: true; expiresAt: Date } | { ok: false; reason: 'malformed' | 'signature' | 'expired' };

/** The expiry of a link minted at `from` (a date the caller chooses: the order's creation, for a repeatable link). */
export const orderAccessExpiry = (from: Date): Date => new Date(from.getTime() + TTL_MS);

export function signOrderAccessToken(orderNumber: string, expiresAt: Date, secret: string): string {
  const exp = Math.floor(expiresAt.getTime() / 1000).toString(36);
  return `${exp}.${signPayload(`${orderNumber}.${exp}`, secret, PURPOSE)}`;
}

/** Whether `token` opens this order's status page now. */
export function verifyOrderAccessToken(orderNumber: string, token: string, secret: string, now: Date = new Date()): OrderAccessCheck {
  const m = /^([0-9a-z]{1,11})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!m) return { ok: false, reason: 'malformed' };
  const [, exp, signature] = m as unknown as [string, string, string];
  if (!signatureMatches(`${orderNumber}.${exp}`, signature, secret, PURPOSE)) return { ok: false, reason: 'signature' };
  const expiresAt = new Date(parseInt(exp, 36) * 1000);
  if (expiresAt.getTime() <= now.getTime()) return { ok: false, reason: 'expired' };
  return { ok: true, expiresAt };
}

/** The status page's path (relative to APP_URL) with an access token that works until `expiresAt`. */
export const orderStatusPath = (orderNumber: string, expiresAt: Date, secret: string): string =>
  `/checkout/success?order=${encodeURIComponent(orderNumber)}&access=${signOrderAccessToken(orderNumber, expiresAt, secret)}`;
