import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SLUG_PATTERN, slugify } from './slug';

test('slugify keeps letters and digits, folds accents and joins the rest with single dashes', () => {
  assert.equal(slugify('Solid Oak Frame — A4'), 'solid-oak-frame-a4');
  assert.equal(slugify('  Crème brûlée mug!! '), 'creme-brulee-mug');
  assert.equal(slugify('50×70 cm'), '50-70-cm');
  assert.equal(slugify('——'), '');
  assert.ok(SLUG_PATTERN.test(slugify('A'.repeat(300))));
  assert.equal(slugify('a '.repeat(200)).length <= 120, true);
});
