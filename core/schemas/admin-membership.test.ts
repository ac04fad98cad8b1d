import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseWithZod } from '@conform-to/zod/v4';
import {
  adminCancelAtPeriodEndSchema,
  adminCancelNowSchema,
  grantExtraCreditsSchema,
  memberFiltersToSearch,
  parseMemberFilters,
} from './admin-membership';

const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.set(k, v);
  return data;
};
const errors = (submission: { reply(): { error?: Record<string, string[] | null> } }) => submission.reply().error ?? {};
const formKey = '5f0c2a8e-9d1b-4c1e-8f7a-2b3c4d5e6f70';

describe('the members list filters', () => {
  test('a status, a plan and a page from the query string', () => {
    assert.deepEqual(parseMemberFilters(new URLSearchParams('status=past_due&plan=3&page=2')), { status: 'past_due', planId: 3, page: 2 });
  });

  test('anything unrecognised falls back to every member, every plan, page 1', () => {
    assert.deepEqual(parseMemberFilters(new URLSearchParams('')), { status: 'all', planId: null, page: 1 });
    assert.deepEqual(parseMemberFilters(new URLSearchParams('status=incomplete&plan=x&page=0')), { status: 'all', planId: null, page: 1 });
    assert.deepEqual(parseMemberFilters(new URLSearchParams('status=ACTIVE&plan=-1&page=1.5')), { status: 'all', planId: null, page: 1 });
    assert.deepEqual(parseMemberFilters(new URLSearchParams('plan=99999999999&page=100001')), { status: 'all', planId: null, page: 1 });
  });

  test('links keep the filters and leave the defaults out', () => {
    const f = { status: 'ended', planId: 4, page: 3 } as const;
    assert.equal(memberFiltersToSearch(f), '?status=ended&plan=4&page=3');
    assert.equal(memberFiltersToSearch(f, { page: 1 }), '?status=ended&plan=4');
    assert.equal(memberFiltersToSearch({ status: 'all', planId: null, page: 1 }), '');
    assert.deepEqual(parseMemberFilters(new URLSearchParams(memberFiltersToSearch(f))), f);
  });
});

describe('cancelling a membership from the admin', () => {
  test('now: a reason of 3 to 500 characters after trimming', () => {
    const ok = parseWithZod(form({ reason: '  fraud report ' }), { schema: adminCancelNowSchema });
    assert.deepEqual(ok.status === 'success' && ok.value, { reason: 'fraud report' });
    assert.deepEqual(errors(parseWithZod(form({ reason: ' ab ' }), { schema: adminCancelNowSchema })).reason, [
      'Say why the membership ends (at least 3 characters)',
    ]);
    assert.deepEqual(errors(parseWithZod(form({}), { schema: adminCancelNowSchema })).reason, [
      'Say why the membership ends (at least 3 characters)',
    ]);
    assert.deepEqual(errors(parseWithZod(form({ reason: 'x'.repeat(501) }), { schema: adminCancelNowSchema })).reason, [
      'The reason can be at most 500 characters',
    ]);
  });

  test('at the period’s end: the reason may be left out (null)', () => {
    const empty = parseWithZod(form({ reason: '' }), { schema: adminCancelAtPeriodEndSchema });
    assert.deepEqual(empty.status === 'success' && empty.value, { reason: null });
    const given = parseWithZod(form({ reason: ' moving abroad ' }), { schema: adminCancelAtPeriodEndSchema });
    assert.deepEqual(given.status === 'success' && given.value, { reason: 'moving abroad' });
    assert.ok(errors(parseWithZod(form({ reason: 'x'.repeat(501) }), { schema: adminCancelAtPeriodEndSchema })).reason);
  });
});

describe('granting extra credits', () => {
  test('1 to 1000 whole credits, a trimmed reason and the form key', () => {
    for (const [credits, value] of [
      ['1', 1],
      ['1000', 1000],
      [' 25 ', 25],
    ] as const) {
      const ok = parseWithZod(form({ credits, reason: ' late parcel ', formKey }), { schema: grantExtraCreditsSchema });
      assert.deepEqual(ok.status === 'success' && ok.value, { credits: value, reason: 'late parcel', formKey });
    }
  });

  test('zero, negative, fractions, words and more than 1000 are refused by the credits field', () => {
    const creditsError = (credits: string) =>
      errors(parseWithZod(form({ credits, reason: 'goodwill', formKey }), { schema: grantExtraCreditsSchema })).credits;
    for (const bad of ['0', '-5', '1.5', 'lots', '', '1001']) {
      assert.deepEqual(creditsError(bad), ['Enter a whole number of credits from 1 to 1000'], bad);
    }
  });

  test('the reason is required; the form key must look like one', () => {
    assert.deepEqual(errors(parseWithZod(form({ credits: '5', reason: ' ', formKey }), { schema: grantExtraCreditsSchema })).reason, [
      'Say why (at least 3 characters); the customer sees it with the credits',
    ]);
    assert.deepEqual(
      errors(parseWithZod(form({ credits: '5', reason: 'goodwill', formKey: 'x' }), { schema: grantExtraCreditsSchema })).formKey,
      ['The form is out of date; reload the page'],
    );
    assert.deepEqual(errors(parseWithZod(form({ credits: '5', reason: 'goodwill' }), { schema: grantExtraCreditsSchema })).formKey, [
      'The form is out of date; reload the page',
    ]);
  });
});
