// HMAC signatures for the shop's capability links (download links, order-access links). Each purpose signs with its
// own key derived from SESSION_SECRET, so a signature made for one purpose (or a session cookie's) never passes for
// another's.
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
