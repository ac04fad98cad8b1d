import { test } from 'node:test';
import assert from 'node:assert/strict';
import { customerEmailSearchValue } from '#core/email-search.ts';
import { CustomerEmailKey } from '#workflows/messages.ts';
import { customerEmailAttributes, customerWorkflowsLink } from '#server/temporal/customer-email-search.server.ts';
import { parseEnv } from '#server/env.server.ts';

const KEY = 'k'.repeat(40);
const base = {
  NODE_ENV: 'test' as const,
  SESSION_SECRET: 'test-secret',
  TEMPORAL_UI_URL: 'http://ui.example:8233',
  TEMPORAL_NAMESPACE: 'shop ns',
};

test('CUSTOMER_EMAIL_SEARCH=hashed without a usable key refuses to start, with a clear error', () => {
  assert.throws(() => parseEnv({ ...base, CUSTOMER_EMAIL_SEARCH: 'hashed' }), /CUSTOMER_EMAIL_SEARCH=hashed needs CUSTOMER_EMAIL_HASH_KEY/);
  assert.throws(
    () => parseEnv({ ...base, CUSTOMER_EMAIL_SEARCH: 'hashed', CUSTOMER_EMAIL_HASH_KEY: 'short' }),
    /at least 32 characters.*it has 5/,
  );
  assert.throws(() => parseEnv({ ...base, CUSTOMER_EMAIL_SEARCH: 'hidden' }), /CUSTOMER_EMAIL_SEARCH/);
  assert.equal(parseEnv({ ...base, CUSTOMER_EMAIL_SEARCH: 'hashed', CUSTOMER_EMAIL_HASH_KEY: ` ${KEY} ` }).CUSTOMER_EMAIL_HASH_KEY, KEY);
  assert.equal(parseEnv(base).CUSTOMER_EMAIL_SEARCH, 'plain', 'plain by default, no key needed');
  assert.equal(parseEnv({ ...base, CUSTOMER_EMAIL_SEARCH: 'off' }).CUSTOMER_EMAIL_SEARCH, 'off');
});

test('a start carries CustomerEmail as the setting says', () => {
  assert.deepEqual(customerEmailAttributes('jane@example.com', { CUSTOMER_EMAIL_SEARCH: 'plain' }), [
    { key: CustomerEmailKey, value: 'jane@example.com' },
  ]);
  const hashed = customerEmailAttributes('Jane@example.com', { CUSTOMER_EMAIL_SEARCH: 'hashed', CUSTOMER_EMAIL_HASH_KEY: KEY });
  assert.deepEqual(hashed, [{ key: CustomerEmailKey, value: customerEmailSearchValue('jane@example.com', 'hashed', KEY) }]);
  assert.deepEqual(customerEmailAttributes('jane@example.com', { CUSTOMER_EMAIL_SEARCH: 'off' }), []);
  assert.deepEqual(customerEmailAttributes(null, { CUSTOMER_EMAIL_SEARCH: 'plain' }), []);
});

test('the admin links to a customer’s workflows by the same value, and not at all when off', () => {
  const env = { ...base, CUSTOMER_EMAIL_SEARCH: 'hashed' as const, CUSTOMER_EMAIL_HASH_KEY: KEY };
  const hash = customerEmailSearchValue('jane@example.com', 'hashed', KEY)!;
  const link = customerWorkflowsLink('jane@example.com', env)!;
  assert.equal(link.query, `CustomerEmail="${hash}"`);
  assert.equal(link.url, `http://ui.example:8233/namespaces/shop%20ns/workflows?query=${encodeURIComponent(`CustomerEmail="${hash}"`)}`);
  assert.equal(
    customerWorkflowsLink('jane@example.com', { ...env, CUSTOMER_EMAIL_SEARCH: 'plain' })!.query,
    'CustomerEmail="jane@example.com"',
  );
  assert.equal(customerWorkflowsLink('jane@example.com', { ...env, CUSTOMER_EMAIL_SEARCH: 'off' }), null);
});
