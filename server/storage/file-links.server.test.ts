import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileLinkPath, signFileToken, verifyFileToken } from '#server/storage/file-links.server.ts';

const SECRET = 'a-test-secret-of-enough-length-0123456789';
const later = new Date(Date.now() + 3600_000);

test('a signed token verifies and names its download and link version', () => {
  const token = signFileToken(42, 3, later, SECRET);
  const check = verifyFileToken(token, SECRET);
  assert.ok(check.ok);
  assert.equal(check.downloadId, 42);
  assert.equal(check.version, 3);
  assert.equal(check.expiresAt.getTime(), Math.floor(later.getTime() / 1000) * 1000);
  assert.equal(fileLinkPath(42, 3, later, SECRET), `/files/${token}`);
});

test('an expired token is refused as expired', () => {
  const token = signFileToken(42, 1, new Date(Date.now() - 1000), SECRET);
  assert.deepEqual(verifyFileToken(token, SECRET), { ok: false, reason: 'expired' });
});

test('any change to the token breaks its signature: other download, other version, later expiry, other secret', () => {
  const token = signFileToken(42, 1, later, SECRET);
  const [id, version, exp, sig] = token.split('.') as [string, string, string, string];
  const other = (parts: string[]) => verifyFileToken(parts.join('.'), SECRET);
  assert.deepEqual(other([(43).toString(36), version, exp, sig]), { ok: false, reason: 'signature' });
  assert.deepEqual(other([id, '2', exp, sig]), { ok: false, reason: 'signature' });
  assert.deepEqual(other([id, version, (parseInt(exp, 36) + 86400).toString(36), sig]), { ok: false, reason: 'signature' });
  const flipped = sig.slice(0, -1) + (sig.endsWith('A') ? 'B' : 'A');
  assert.deepEqual(other([id, version, exp, flipped]), { ok: false, reason: 'signature' });
  assert.deepEqual(verifyFileToken(token, `${SECRET}x`), { ok: false, reason: 'signature' });
});

test('malformed tokens are refused without work', () => {
  for (const bad of ['', 'abc', '1.2.3', '1.2.3.short', '../../etc/passwd', `${'z'.repeat(12)}.1.1.${'A'.repeat(43)}`]) {
    assert.deepEqual(verifyFileToken(bad, SECRET), { ok: false, reason: 'malformed' }, bad);
  }
});
