import { test } from 'node:test';
import assert from 'node:assert/strict';
import { adminDeleteAccountSchema, deleteAccountSchema } from './privacy.ts';

test('deleting an account needs the box ticked', () => {
  assert.equal(deleteAccountSchema.safeParse({ confirm: 'on' }).success, true);
  for (const confirm of [undefined, '', 'off', 'yes']) {
    const parsed = deleteAccountSchema.safeParse({ confirm });
    assert.equal(parsed.success, false, String(confirm));
    assert.match(parsed.error!.issues[0]!.message, /Tick the box/);
  }
});

test('an admin’s deletion needs a reason of at most 500 characters and the box ticked', () => {
  assert.deepEqual(adminDeleteAccountSchema.parse({ request: '  email of 3 Dec  ', confirm: 'on' }), {
    request: 'email of 3 Dec',
    confirm: 'on',
  });
  assert.equal(adminDeleteAccountSchema.safeParse({ request: '   ', confirm: 'on' }).success, false);
  assert.equal(adminDeleteAccountSchema.safeParse({ request: 'x'.repeat(501), confirm: 'on' }).success, false);
  assert.equal(adminDeleteAccountSchema.safeParse({ request: 'email', confirm: undefined }).success, false);
});
