import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addPersonalisedToCartSchema, addToCartSchema, removeCartItemSchema, updateCartItemSchema } from './cart';
import { messages, submitForm } from './submit-form';

const personalisation = { title: 'Our first night', subtitle: '', place: 'Dublin, Ireland', date: '2024-05-01', theme: 'forest' };

test('add to cart: numbers come from text; a missing or odd option or quantity is named', () => {
  const ok = submitForm(addToCartSchema, { variantId: '12', quantity: '2' });
  assert.deepEqual(ok.status === 'success' && ok.value, { variantId: 12, quantity: 2 });
  assert.deepEqual(messages(submitForm(addToCartSchema, { variantId: '', quantity: '' })), {
    variantId: 'Choose an option',
    quantity: 'Quantity must be a number',
  });
  assert.deepEqual(messages(submitForm(addToCartSchema, { variantId: '1 or 1=1', quantity: 'lots' })), {
    variantId: 'Choose an option',
    quantity: 'Quantity must be a number',
  });
  for (const quantity of ['0', '100', '-1']) {
    assert.deepEqual(
      messages(submitForm(addToCartSchema, { variantId: '1', quantity })),
      { quantity: 'Quantity must be between 1 and 99' },
      quantity,
    );
  }
  assert.deepEqual(messages(submitForm(addToCartSchema, { variantId: '1', quantity: '1.5' })), {
    quantity: 'Quantity must be a whole number',
  });
});

test('add a personalised print: every field of the personalisation is checked, with one message each', () => {
  const ok = submitForm(addPersonalisedToCartSchema, { variantId: '3', quantity: '1', ...personalisation, title: '  Our night ' });
  assert.deepEqual(ok.status === 'success' && ok.value, { variantId: 3, quantity: 1, ...personalisation, title: 'Our night' });
  assert.deepEqual(
    messages(
      submitForm(addPersonalisedToCartSchema, {
        variantId: '3',
        quantity: '100',
        title: 'x'.repeat(41),
        subtitle: '',
        place: '',
        date: '2024-02-30',
        theme: '<b>',
      }),
    ),
    {
      quantity: 'Quantity must be between 1 and 99',
      title: 'Title must be at most 40 characters',
      place: 'Place is required',
      date: 'Date is not a real calendar date',
      theme: 'Choose one of the colour themes',
    },
  );
  assert.deepEqual(messages(submitForm(addPersonalisedToCartSchema, { variantId: '3', quantity: '1', ...personalisation, title: '   ' })), {
    title: 'Title is required',
  });
  assert.deepEqual(
    messages(submitForm(addPersonalisedToCartSchema, { variantId: '3', quantity: '1', ...personalisation, title: 'Line\u0007bell' })),
    {
      title: 'Title contains characters that cannot be printed',
    },
  );
});

test('cart lines: the item and the new quantity', () => {
  const ok = submitForm(updateCartItemSchema, { itemId: '7', quantity: '4' });
  assert.deepEqual(ok.status === 'success' && ok.value, { itemId: 7, quantity: 4 });
  assert.deepEqual(messages(submitForm(updateCartItemSchema, { itemId: '7', quantity: '0' })), {
    quantity: 'Quantity must be between 1 and 99',
  });
  assert.deepEqual(messages(submitForm(removeCartItemSchema, { itemId: 'x' })), { itemId: 'That item is no longer in your cart' });
  const removed = submitForm(removeCartItemSchema, { itemId: '7', intent: 'remove', countDelta: '-2' });
  assert.deepEqual(removed.status === 'success' && removed.value, { itemId: 7 }, 'the fields only the page reads are left out');
});
