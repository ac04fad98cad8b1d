import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseWithZod } from '@conform-to/zod/v4';
import { blockCustomerSchema, changeRoleSchema } from './admin-customer';
import { promoCodeChangeSchema } from './admin-promo-code';
import { buttonFormSchema } from './button-form';

const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.set(k, v);
  return data;
};
const errors = (submission: { reply(): { error?: Record<string, string[] | null> } }) => submission.reply().error ?? {};

describe('admin customer and promo code forms', () => {
  test('blocking needs a reason the customer can be shown, at most 500 characters', () => {
    const ok = parseWithZod(form({ reason: '  abusive messages ' }), { schema: blockCustomerSchema });
    assert.equal(ok.status, 'success');
    assert.deepEqual(ok.status === 'success' && ok.value, { reason: 'abusive messages' });
    assert.deepEqual(errors(parseWithZod(form({ reason: '' }), { schema: blockCustomerSchema })), {
      reason: ['Say why, so the customer can be told'],
    });
    assert.deepEqual(errors(parseWithZod(form({ reason: 'x'.repeat(501) }), { schema: blockCustomerSchema })), {
      reason: ['At most 500 characters'],
    });
  });

  test('a role is customer or admin, never superadmin', () => {
    assert.equal(parseWithZod(form({ role: 'admin' }), { schema: changeRoleSchema }).status, 'success');
    assert.deepEqual(errors(parseWithZod(form({ role: 'superadmin' }), { schema: changeRoleSchema })), {
      role: ['Choose customer or admin'],
    });
  });

  test('a promo code page button is one of its four changes; a button-only form takes anything', () => {
    for (const intent of ['activate', 'deactivate', 'delete', 'sync'])
      assert.equal(parseWithZod(form({ intent }), { schema: promoCodeChangeSchema }).status, 'success');
    assert.deepEqual(errors(parseWithZod(form({ intent: 'nonsense' }), { schema: promoCodeChangeSchema })), { intent: ['Unknown action'] });
    assert.equal(parseWithZod(form({ intent: 'unblock' }), { schema: buttonFormSchema }).status, 'success');
  });
});
