import { test } from 'node:test';
import assert from 'node:assert/strict';
import { variantSchema } from './admin-product.ts';

const option = { sku: 'MUG-BLUE', title: 'Blue', format: 'physical', price: '18.00', weightGrams: '350' };

test('an option’s tax category: one of the three, or left to its format', () => {
  assert.equal(variantSchema.parse({ ...option, taxCategory: 'printed_matter' }).taxCategory, 'printed_matter');
  assert.equal(variantSchema.parse(option).taxCategory, undefined, 'absent: worked out from the format when saved');
  const wrong = variantSchema.safeParse({ ...option, taxCategory: 'food' });
  assert.equal(wrong.success, false);
  assert.deepEqual(
    wrong.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
    ['taxCategory: Choose a tax category'],
  );
});
