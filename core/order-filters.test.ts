import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseFilterDate, parseSearchText } from './order-filters.ts';

test('a filter date must name a day that exists', () => {
  assert.equal(parseFilterDate('2026-02-28'), '2026-02-28');
  assert.equal(parseFilterDate('2028-02-29'), '2028-02-29', 'a leap day');
  for (const impossible of [
    '2026-02-31',
    '2026-02-29',
    '2026-13-01',
    '2026-00-10',
    '2026-04-31',
    '0000-01-01',
    '2026-2-1',
    '2026-02-01x',
    '',
    null,
  ]) {
    assert.equal(parseFilterDate(impossible), null, String(impossible));
  }
});

test('search text loses control characters and stays short', () => {
  assert.equal(parseSearchText('  jane@example.com '), 'jane@example.com');
  assert.equal(parseSearchText('ja\u0000ne'), 'jane');
  assert.equal(parseSearchText('\u0000 '), null);
  assert.equal(parseSearchText('x'.repeat(300))?.length, 254);
  assert.equal(parseSearchText(null), null);
});
