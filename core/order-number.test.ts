import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isOrderNumber, makeOrderNumber, normalizeOrderNumber, parseOrderNumber } from './order-number';

test('order numbers have the prefix, the year and 8 Crockford characters', () => {
  const n = makeOrderNumber('ATL', 2026, new Uint8Array([0x42, 0x13, 0x99, 0xff, 0x00]));
  assert.match(n, /^ATL-2026-[0-9A-HJKMNP-TV-Z]{8}$/);
  assert.ok(isOrderNumber(n));
  assert.deepEqual(parseOrderNumber(n), { prefix: 'ATL', year: 2026, code: n.slice(9) });
});

test('all-zero and all-one bytes map to the ends of the alphabet', () => {
  assert.equal(makeOrderNumber('ATL', 2026, new Uint8Array(5)), 'ATL-2026-00000000');
  assert.equal(makeOrderNumber('ATL', 2026, new Uint8Array(5).fill(255)), 'ATL-2026-ZZZZZZZZ');
});

test('typed order numbers are normalised; junk is refused', () => {
  assert.equal(normalizeOrderNumber(' atl-2026-8h3k9c2o '), 'ATL-2026-8H3K9C20');
  assert.equal(normalizeOrderNumber('ATL-2026-IL000000'), 'ATL-2026-11000000');
  assert.equal(parseOrderNumber('ATL-2026-8H3K9C2'), null);
  assert.equal(parseOrderNumber('ATL-2026-8H3K9C2U'), null);
  assert.equal(parseOrderNumber('nope'), null);
  assert.throws(() => makeOrderNumber('atl', 2026, new Uint8Array(5)), RangeError);
});
