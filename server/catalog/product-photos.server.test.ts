import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertStorageKey } from '#server/storage/storage.server.ts';
import { photoToken } from './product-photos.server.ts';

test('every photo token makes a valid storage key (a token starting with - or _ would not)', () => {
  for (let i = 0; i < 5000; i++) {
    const token = photoToken();
    assert.match(token, /^[A-Za-z0-9][A-Za-z0-9_-]{11}$/);
    assert.doesNotThrow(() => assertStorageKey(`products/9/${token}-large.webp`));
  }
  assert.throws(() => assertStorageKey('products/9/-iYW4F9FlULW-large.webp'));
});
