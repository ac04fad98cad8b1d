import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { customerEmailSearchValue } from './email-search';

const KEY = 'a-test-key-of-at-least-32-characters!';

test('plain keeps the address as it is (today’s behaviour)', () => {
  assert.equal(customerEmailSearchValue('Jane@Example.com', 'plain'), 'Jane@Example.com');
  assert.equal(customerEmailSearchValue('jane@example.com', 'plain', KEY), 'jane@example.com', 'a configured key changes nothing');
});

test('hashed is h: and the first 32 hex characters of HMAC-SHA256(key, normalised email)', () => {
  const expected = `h:${createHmac('sha256', KEY).update('jane@example.com').digest('hex').slice(0, 32)}`;
  assert.equal(customerEmailSearchValue('jane@example.com', 'hashed', KEY), expected);
  assert.match(expected, /^h:[0-9a-f]{32}$/);
  // The same customer however the address was typed.
  assert.equal(customerEmailSearchValue('  Jane@EXAMPLE.com ', 'hashed', KEY), expected);
  assert.notEqual(customerEmailSearchValue('john@example.com', 'hashed', KEY), expected, 'another address');
  assert.notEqual(customerEmailSearchValue('jane@example.com', 'hashed', `${KEY}2`), expected, 'another key: old values are orphaned');
  assert.equal(customerEmailSearchValue('jane@example.com', 'hashed', KEY)!.includes('jane'), false);
});

test('hashed without a key is refused rather than hashed with nothing', () => {
  assert.throws(() => customerEmailSearchValue('jane@example.com', 'hashed'), /CUSTOMER_EMAIL_HASH_KEY/);
  assert.throws(() => customerEmailSearchValue('jane@example.com', 'hashed', ''), /CUSTOMER_EMAIL_HASH_KEY/);
});

test('off, or no email, gives no value at all', () => {
  assert.equal(customerEmailSearchValue('jane@example.com', 'off', KEY), null);
  for (const setting of ['plain', 'hashed', 'off'] as const) {
    assert.equal(customerEmailSearchValue(null, setting, KEY), null);
    assert.equal(customerEmailSearchValue(undefined, setting, KEY), null);
    assert.equal(customerEmailSearchValue('', setting, KEY), null);
  }
});
