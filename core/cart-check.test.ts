import assert from 'node:assert/strict';
import { test } from 'node:test';
import { blocksCheckout, cartLineNotice, cartNoticeText, cartProblemText } from './cart-check';

const line = { onSale: true, left: null, quantity: 2, price: 2200, priceSeen: 2200 };

test('a line as it was added has nothing to say', () => {
  assert.equal(cartLineNotice(line), null);
  assert.equal(cartLineNotice({ ...line, priceSeen: null }), null);
  assert.equal(cartLineNotice({ ...line, left: 2 }), null);
});

test('archived, sold out and short lines block checkout, in that order of importance', () => {
  assert.deepEqual(cartLineNotice({ ...line, onSale: false, left: 0 }), { kind: 'unavailable' });
  assert.deepEqual(cartLineNotice({ ...line, left: 0, priceSeen: 1900 }), { kind: 'sold_out' });
  assert.deepEqual(cartLineNotice({ ...line, left: 1 }), { kind: 'short', left: 1 });
  for (const n of [{ kind: 'unavailable' }, { kind: 'sold_out' }, { kind: 'short', left: 1 }] as const)
    assert.equal(blocksCheckout(n), true);
});

test('a changed price is explained but does not block', () => {
  const notice = cartLineNotice({ ...line, priceSeen: 1900 });
  assert.deepEqual(notice, { kind: 'price_changed', from: 1900, to: 2200 });
  assert.equal(blocksCheckout(notice), false);
  assert.match(cartNoticeText(notice!, 'eur'), /from €19\.00 to €22\.00/);
  assert.equal(cartNoticeText({ kind: 'short', left: 1 }, 'eur'), 'Only 1 left: lower the quantity to check out.');
});

test('the checkout names each line that stops it', () => {
  assert.equal(cartProblemText('Stoneware Mug (Midnight blue)', { kind: 'sold_out' }), 'Stoneware Mug (Midnight blue) is sold out.');
  assert.equal(cartProblemText('Oak Frame (A4)', { kind: 'unavailable' }), 'Oak Frame (A4) is no longer available.');
  assert.equal(cartProblemText('Tote (Natural)', { kind: 'short', left: 2 }), 'Tote (Natural): only 2 left.');
});
