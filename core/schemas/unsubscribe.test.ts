import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeUnsubscribeToken, readUnsubscribeToken } from '../unsubscribe';
import { INVALID_UNSUBSCRIBE_LINK, unsubscribeSchema } from './unsubscribe';
import { messages, submitForm } from './submit-form';

test('unsubscribe: a token of the right shape passes (its signature is the server’s to check), others are refused', () => {
  const token = makeUnsubscribeToken(42, 'a secret of the shop');
  const ok = submitForm(unsubscribeSchema, { token, 'List-Unsubscribe': 'One-Click' });
  assert.deepEqual(ok.status === 'success' && ok.value, { token });
  const forged = `42.${'A'.repeat(32)}`;
  assert.equal(submitForm(unsubscribeSchema, { token: forged }).status, 'success', 'well-formed');
  assert.equal(readUnsubscribeToken(forged, 'a secret of the shop'), null, 'but not signed by the shop');
  for (const bad of ['', '1.forged', `0.${'A'.repeat(32)}`, `42.${'A'.repeat(31)}`]) {
    assert.deepEqual(messages(submitForm(unsubscribeSchema, { token: bad })), { token: INVALID_UNSUBSCRIBE_LINK }, bad);
  }
});
