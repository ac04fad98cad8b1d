import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addMinor, formatDecimal, formatMoney, multiplyMinor, parseDecimal, percentOfMinor } from './money';

test('money arithmetic refuses fractions of a minor unit', () => {
  assert.equal(addMinor(999, 1), 1000);
  assert.equal(multiplyMinor(1250, 3), 3750);
  assert.throws(() => addMinor(0.5), RangeError);
  assert.throws(() => multiplyMinor(100, 1.5), RangeError);
});

test('percentages round half away from zero', () => {
  assert.equal(percentOfMinor(1005, 10), 101); // 100.5 -> 101
  assert.equal(percentOfMinor(1004, 10), 100);
  assert.equal(percentOfMinor(999, 100), 999);
});

test('formatting and parsing decimals', () => {
  assert.equal(formatDecimal(1250), '12.50');
  assert.equal(formatDecimal(5), '0.05');
  assert.equal(formatDecimal(-1999), '-19.99');
  assert.equal(parseDecimal('12.5'), 1250);
  assert.equal(parseDecimal('12,05'), 1205);
  assert.equal(parseDecimal('7'), 700);
  assert.equal(parseDecimal('1.234'), null);
  assert.equal(parseDecimal('-3'), null);
  assert.equal(parseDecimal('abc'), null);
  assert.match(formatMoney(4500, 'eur'), /45\.00/);
});
