import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseWithZod } from '@conform-to/zod/v4';
import { adjustPointsSchema } from './admin-points';

const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.set(k, v);
  return data;
};
const errors = (submission: { reply(): { error?: Record<string, string[] | null> } }) => submission.reply().error ?? {};
const requestKey = '5f0c2a8e-9d1b-4c1e-8f7a-2b3c4d5e6f70';

describe('the points adjustment form', () => {
  test('a whole number of points, added or taken away, with a trimmed reason and the form key', () => {
    for (const [points, value] of [
      ['500', 500],
      ['+25', 25],
      ['-200', -200],
    ] as const) {
      const ok = parseWithZod(form({ points, reason: '  late parcel ', requestKey }), { schema: adjustPointsSchema });
      assert.deepEqual(ok.status === 'success' && ok.value, { points: value, reason: 'late parcel', requestKey });
    }
  });

  test('zero, fractions, words and huge numbers are refused by the points field', () => {
    const pointsError = (points: string) =>
      errors(parseWithZod(form({ points, reason: 'why not', requestKey }), { schema: adjustPointsSchema })).points;
    assert.deepEqual(pointsError('0'), ['Zero points changes nothing: enter a positive or a negative number']);
    assert.deepEqual(pointsError('1.5'), ['Enter a whole number of points, e.g. 500 or -200']);
    assert.deepEqual(pointsError('lots'), ['Enter a whole number of points, e.g. 500 or -200']);
    assert.deepEqual(pointsError(''), ['Enter a whole number of points, e.g. 500 or -200']);
    assert.deepEqual(pointsError('20000000'), ['At most 10,000,000 points at a time']);
  });

  test('the reason is 3 to 500 characters after trimming; the key must look like one', () => {
    const reasonError = (reason: string) =>
      errors(parseWithZod(form({ points: '5', reason, requestKey }), { schema: adjustPointsSchema })).reason;
    assert.deepEqual(reasonError('  ab  '), ['Say why (at least 3 characters); it is kept with the adjustment']);
    assert.deepEqual(reasonError('x'.repeat(501)), ['The reason can be at most 500 characters']);
    assert.equal(reasonError('x'.repeat(500)), undefined);
    assert.deepEqual(
      errors(parseWithZod(form({ points: '5', reason: 'goodwill', requestKey: 'x' }), { schema: adjustPointsSchema })).requestKey,
      ['The form is out of date; reload the page'],
    );
  });
});
