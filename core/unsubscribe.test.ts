import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeUnsubscribeToken, readUnsubscribeToken } from './unsubscribe';

test('an unsubscribe token names its user and nothing else can be forged from it', () => {
  const token = makeUnsubscribeToken(42, 'secret-a');
  assert.match(token, /^42\.[A-Za-z0-9_-]{32}$/);
  assert.equal(readUnsubscribeToken(token, 'secret-a'), 42);
  assert.equal(readUnsubscribeToken(token, 'secret-b'), null, 'another secret');
  assert.equal(readUnsubscribeToken(token.replace(/^42/, '43'), 'secret-a'), null, 'another user with the same signature');
  assert.equal(readUnsubscribeToken(`${token}x`, 'secret-a'), null);
  assert.equal(readUnsubscribeToken('', 'secret-a'), null);
  assert.equal(readUnsubscribeToken(undefined, 'secret-a'), null);
  assert.throws(() => makeUnsubscribeToken(0, 's'), RangeError);
});
