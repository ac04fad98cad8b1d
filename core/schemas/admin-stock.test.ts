import { test } from 'node:test';
import assert from 'node:assert/strict';
import { stockChangeSchema } from './admin-stock.ts';

const issues = (input: unknown) => {
  const parsed = stockChangeSchema.safeParse(input);
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

test('goods received need at least one; a count may be zero but needs a reason', () => {
  assert.deepEqual(issues({ variantId: 3, change: 'receive', quantity: 12 }), []);
  assert.deepEqual(issues({ variantId: 3, change: 'receive', quantity: 0 }), ['quantity: Receive at least one']);
  assert.deepEqual(issues({ variantId: 3, change: 'count', quantity: 0, reason: 'stocktake' }), []);
  assert.deepEqual(issues({ variantId: 3, change: 'count', quantity: 4 }), [
    'reason: Say why the count changes (e.g. “stocktake”, “2 broken”)',
  ]);
});

test('quantities are whole numbers within bounds, and the item and change are required', () => {
  assert.deepEqual(issues({ variantId: 3, change: 'receive', quantity: 1.5 }), ['quantity: Enter a whole number']);
  assert.deepEqual(issues({ variantId: 3, change: 'receive', quantity: -1 }), ['quantity: Enter a whole number']);
  assert.deepEqual(issues({ variantId: 3, change: 'receive', quantity: 1_000_001 }), ['quantity: At most 1,000,000']);
  assert.deepEqual(issues({ change: 'receive', quantity: 1 }), ['variantId: Choose the item']);
  assert.deepEqual(issues({ variantId: 3, change: 'steal', quantity: 1 }), ['change: Choose received or counted']);
});
