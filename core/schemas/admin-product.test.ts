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

const files = { sku: 'NSP-DIG-A4', title: 'A4 digital files', format: 'digital', price: '15.00' };
const issues = (input: Record<string, string>) =>
  variantSchema.safeParse(input).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? [];

test('a price in credits: a whole number from 1 to 1,000, for digital files only; blank is one credit', () => {
  assert.equal(variantSchema.parse({ ...files, creditsPrice: '3' }).creditsPrice, 3);
  assert.equal(variantSchema.parse({ ...files, creditsPrice: '' }).creditsPrice, null, 'blank: none set, a file costs one credit');
  assert.equal(variantSchema.parse(files).creditsPrice, null);
  for (const wrong of ['0', '1001', '2.5', '-1', 'two'])
    assert.deepEqual(issues({ ...files, creditsPrice: wrong }), ['creditsPrice: Price in credits: a whole number from 1 to 1,000'], wrong);
  assert.deepEqual(issues({ ...option, creditsPrice: '2' }), ['creditsPrice: Only digital files are paid with credits: leave it blank']);
  assert.deepEqual(issues({ ...option, format: 'bundle', creditsPrice: '2' }), [
    'creditsPrice: Only digital files are paid with credits: leave it blank',
  ]);
});

test('a credit pack: a whole number of credits from 1 to 10,000, digital, with no price in credits and no print size', () => {
  const pack = { sku: 'CREDITS-5', title: '5 print credits', format: 'digital', price: '40.00', grantsCredits: '5' };
  const parsed = variantSchema.parse(pack);
  assert.deepEqual([parsed.grantsCredits, parsed.creditsPrice], [5, null]);
  assert.equal(variantSchema.parse({ ...pack, grantsCredits: '' }).grantsCredits, null, 'blank: not a pack');
  for (const wrong of ['0', '10001', '1.5'])
    assert.deepEqual(issues({ ...pack, grantsCredits: wrong }), ['grantsCredits: Credits granted: a whole number from 1 to 10,000'], wrong);
  assert.deepEqual(issues({ ...pack, format: 'physical', weightGrams: '10' }), [
    'grantsCredits: A credit pack has nothing to ship: choose Digital files',
  ]);
  assert.deepEqual(issues({ ...pack, creditsPrice: '1' }), ['creditsPrice: A credit pack cannot be paid for with credits: leave it blank']);
  assert.deepEqual(issues({ ...pack, printSize: 'A4' }), ['printSize: A credit pack has no file to print: leave the size blank']);
});

test('fulfilment: by hand unless chosen; the print provider needs its product id and a print that ships with a size', () => {
  const print = { ...option, sku: 'NSP-A3', title: 'A3 print', printSize: 'A3' };
  const byHand = variantSchema.parse(print);
  assert.deepEqual([byHand.fulfilment, byHand.providerProductId], ['manual', null], 'absent: made in the studio');
  const uid = 'flat_product_pf_a3_pt_200-gsm-uncoated_cl_4-0_ver';
  const provider = variantSchema.parse({ ...print, fulfilment: 'provider', providerProductId: ` ${uid} ` });
  assert.deepEqual([provider.fulfilment, provider.providerProductId], ['provider', uid]);
  assert.equal(variantSchema.parse({ ...print, format: 'bundle', fulfilment: 'provider', providerProductId: uid }).fulfilment, 'provider');
  assert.equal(variantSchema.parse({ ...print, providerProductId: uid }).providerProductId, uid, 'kept while made by hand');

  assert.deepEqual(issues({ ...print, fulfilment: 'provider' }), [
    'providerProductId: Enter the provider’s product id (Gelato’s productUid) for this print',
  ]);
  assert.deepEqual(issues({ ...print, fulfilment: 'provider', providerProductId: '   ' }), [
    'providerProductId: Enter the provider’s product id (Gelato’s productUid) for this print',
  ]);
  assert.deepEqual(issues({ ...option, fulfilment: 'provider', providerProductId: uid }), [
    'fulfilment: The print provider makes prints: choose the print size',
  ]);
  assert.deepEqual(issues({ ...files, printSize: 'A4', fulfilment: 'provider', providerProductId: uid }), [
    'fulfilment: The print provider only makes prints that ship: choose Physical or Physical + files',
  ]);
  assert.deepEqual(issues({ ...print, fulfilment: 'provider', providerProductId: 'x'.repeat(201) }), [
    'providerProductId: At most 200 characters',
  ]);
  assert.deepEqual(issues({ ...print, fulfilment: 'studio' }), ['fulfilment: Choose who makes and ships it']);
});
