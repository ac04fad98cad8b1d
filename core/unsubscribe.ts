// One-click unsubscribe tokens: `<userId>.<signature>`, the signature an HMAC of the user id under the
// shop's secret. They do not expire (an unsubscribe link must work for as long as the email exists)
// and say nothing but which account to opt out.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { UNSUBSCRIBE_TOKEN_PATTERN } from './schemas/unsubscribe';

const sign = (userId: number, secret: string) =>
  createHmac('sha256', secret).update(`unsubscribe:v1:${userId}`).digest('base64url').slice(0, 32);

export function makeUnsubscribeToken(userId: number, secret: string): string {
  if (!Number.isSafeInteger(userId) || userId <= 0) throw new RangeError('a user id is a positive integer');
  return `${userId}.${sign(userId, secret)}`;
}

/** The user id a well-formed, correctly signed token names; null otherwise. */
export function readUnsubscribeToken(token: unknown, secret: string): number | null {
  if (typeof token !== 'string') return null;
  const m = UNSUBSCRIBE_TOKEN_PATTERN.exec(token);
  if (!m) return null;
  const userId = Number(m[1]);
  if (!Number.isSafeInteger(userId)) return null;
  const expected = Buffer.from(sign(userId, secret));
  const given = Buffer.from(m[2]!);
  return expected.length === given.length && timingSafeEqual(expected, given) ? userId : null;
}
