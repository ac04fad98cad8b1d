// HMAC signatures for the shop's capability links (download links, order-access and invoice links). Each purpose
// signs with its own key derived from SESSION_SECRET, so a signature made for one purpose (or a session cookie's) never
// passes for another's.
import { createHmac, timingSafeEqual } from 'node:crypto';

const keys = new Map<string, Buffer>();
function purposeKey(secret: string, purpose: string): Buffer {
  const id = `${purpose}\n${secret}`;
  let key = keys.get(id);
  if (!key) {
    key = createHmac('sha256', secret).update(purpose).digest();
    keys.set(id, key);
  }
  return key;
}

/** The payload's signature for the purpose: 43 base64url characters. */
export const signPayload = (payload: string, secret: string, purpose: string): string =>
  createHmac('sha256', purposeKey(secret, purpose)).update(payload).digest('base64url');

/** Whether `signature` is the payload's signature for the purpose (in constant time). */
export function signatureMatches(payload: string, signature: string, secret: string, purpose: string): boolean {
  const expected = Buffer.from(signPayload(payload, secret, purpose));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export type ExpiringTokenCheck = { ok: true; expiresAt: Date } | { ok: false; reason: 'malformed' | 'signature' | 'expired' };

/** `<expiry>.<signature>` for a subject (an order or invoice number): the expiry in base 36 seconds, signed with it. */
export function signExpiringToken(subject: string, expiresAt: Date, secret: string, purpose: string): string {
  const exp = Math.floor(expiresAt.getTime() / 1000).toString(36);
  return `${exp}.${signPayload(`${subject}.${exp}`, secret, purpose)}`;
}

/** Whether `token` was signed for this subject and purpose and has not expired at `now`. */
export function verifyExpiringToken(
  subject: string,
  token: string,
  secret: string,
  purpose: string,
  now: Date = new Date(),
): ExpiringTokenCheck {
  const m = /^([0-9a-z]{1,11})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!m) return { ok: false, reason: 'malformed' };
  const [, exp, signature] = m as unknown as [string, string, string];
  if (!signatureMatches(`${subject}.${exp}`, signature, secret, purpose)) return { ok: false, reason: 'signature' };
  const expiresAt = new Date(parseInt(exp, 36) * 1000);
  if (expiresAt.getTime() <= now.getTime()) return { ok: false, reason: 'expired' };
  return { ok: true, expiresAt };
}
