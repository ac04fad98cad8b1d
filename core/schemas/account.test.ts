import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emailPreferencesSchema, loginSchema, orderLookupSchema, profileSchema, verifyLoginSchema } from './account';
import { messages, submitForm } from './submit-form';

test('sign-in: the email is trimmed; empty, malformed and overlong addresses get their own message', () => {
  const ok = submitForm(loginSchema, { email: '  ada@example.com ', redirectTo: '/cart' });
  assert.equal(ok.status, 'success');
  assert.deepEqual(ok.status === 'success' && ok.value, { email: 'ada@example.com', redirectTo: '/cart' });
  assert.deepEqual(messages(submitForm(loginSchema, { email: '' })), { email: 'Enter your email address' });
  assert.deepEqual(messages(submitForm(loginSchema, { email: '   ' })), { email: 'Enter your email address' });
  assert.deepEqual(messages(submitForm(loginSchema, { email: 'not an email' })), {
    email: 'Enter a valid email address, like name@example.com',
  });
  assert.deepEqual(messages(submitForm(loginSchema, { email: `${'a'.repeat(300)}@example.com` })), {
    email: 'That email address is too long',
  });
});

test('sign-in link: the token must look like one (43 base64url characters)', () => {
  const token = 'A'.repeat(40) + '-_9';
  assert.equal(submitForm(verifyLoginSchema, { token }).status, 'success');
  for (const bad of ['', 'short', `${token}x`, `${'A'.repeat(42)}=`]) {
    assert.match(messages(submitForm(verifyLoginSchema, { token: bad })).token ?? '', /not valid/, JSON.stringify(bad));
  }
});

test('order lookup: the number is upper-cased and checked for its shape, the email as at sign-in', () => {
  const ok = submitForm(orderLookupSchema, { orderNumber: ' atl-2026-7k3m9q2b ', email: 'ada@example.com' });
  assert.deepEqual(ok.status === 'success' && ok.value, { orderNumber: 'ATL-2026-7K3M9Q2B', email: 'ada@example.com' });
  assert.deepEqual(messages(submitForm(orderLookupSchema, { orderNumber: '', email: '' })), {
    orderNumber: 'Enter your order number',
    email: 'Enter your email address',
  });
  assert.deepEqual(messages(submitForm(orderLookupSchema, { orderNumber: "'; drop table orders; --", email: 'a@example.com' })), {
    orderNumber: 'Order numbers look like ATL-2026-7K3M9Q2B',
  });
});

test('profile: a blank name clears it; a long one is refused', () => {
  const blank = submitForm(profileSchema, { name: '' });
  assert.deepEqual(blank.status === 'success' && blank.value, { name: '' });
  const trimmed = submitForm(profileSchema, { name: '  Ada  ' });
  assert.deepEqual(trimmed.status === 'success' && trimmed.value, { name: 'Ada' });
  assert.deepEqual(messages(submitForm(profileSchema, { name: 'x'.repeat(121) })), { name: 'Your name must be at most 120 characters' });
});

test('email preferences: a ticked box is on, a missing one off, anything else refused', () => {
  const both = submitForm(emailPreferencesSchema, { marketingEmails: 'on', campaignEmails: 'on' });
  assert.deepEqual(both.status === 'success' && both.value, { marketingEmails: true, campaignEmails: true });
  const none = submitForm(emailPreferencesSchema, {});
  assert.deepEqual(none.status === 'success' && none.value, { marketingEmails: false, campaignEmails: false });
  assert.equal(submitForm(emailPreferencesSchema, { marketingEmails: 'yes please' }).status, 'error');
});
