import assert from 'node:assert/strict';
import { test } from 'node:test';
import { orderAccessExpiry, orderStatusPath, signOrderAccessToken, verifyOrderAccessToken } from './order-access.server.ts';

const SECRET = 'order-access-test-secret-0123456789abcdef';
const ORDER = 'ATL-2026-7K3M9Q2B';
const now = new Date('2026-12-03T12:00:00Z');
const expiresAt = orderAccessExpiry(now);

test('a link works for its order until it expires, 30 days after it was minted', () => {
  assert.equal(expiresAt.toISOString(), '2027-01-02T12:00:00.000Z');
  const token = signOrderAccessToken(ORDER, expiresAt, SECRET);
  assert.deepEqual(verifyOrderAccessToken(ORDER, token, SECRET, now), { ok: true, expiresAt });
  assert.deepEqual(verifyOrderAccessToken(ORDER, token, SECRET, new Date(expiresAt.getTime() - 1000)), { ok: true, expiresAt });
  assert.deepEqual(verifyOrderAccessToken(ORDER, token, SECRET, expiresAt), { ok: false, reason: 'expired' });
  assert.equal(orderStatusPath(ORDER, expiresAt, SECRET), `/checkout/success?order=${ORDER}&access=${token}`);
});

test('another order, a later expiry, another secret or a tampered signature are refused', () => {
  const token = signOrderAccessToken(ORDER, expiresAt, SECRET);
  const [exp, signature] = token.split('.') as [string, string];
  assert.deepEqual(verifyOrderAccessToken('ATL-2026-AAAAAAAA', token, SECRET, now), { ok: false, reason: 'signature' });
  const later = (parseInt(exp, 36) + 86_400).toString(36);
  assert.deepEqual(verifyOrderAccessToken(ORDER, `${later}.${signature}`, SECRET, now), { ok: false, reason: 'signature' });
  assert.deepEqual(verifyOrderAccessToken(ORDER, token, `${SECRET}x`, now), { ok: false, reason: 'signature' });
  const flipped = `${exp}.${signature[0] === 'A' ? 'B' : 'A'}${signature.slice(1)}`;
  assert.deepEqual(verifyOrderAccessToken(ORDER, flipped, SECRET, now), { ok: false, reason: 'signature' });
  for (const malformed of ['', 'nonsense', `${exp}.${signature}.x`, `${exp}.${signature.slice(1)}`, `-1.${signature}`]) {
    assert.deepEqual(verifyOrderAccessToken(ORDER, malformed, SECRET, now), { ok: false, reason: 'malformed' }, malformed);
  }
});
