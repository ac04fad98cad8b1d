import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { membershipPlanSchema } from './membership-plan.ts';
import { messages, submitForm } from './submit-form.ts';

const starter = { name: 'Starter', price: '9.00', creditsPerPeriod: '5', trialDays: '0', unusedCredits: 'keep', status: 'active' };
const submit = (fields: Record<string, string>) => submitForm(membershipPlanSchema, fields);

describe('the membership plan form', () => {
  test('a plan: trimmed name, price in minor units, whole numbers, the rule and the status', () => {
    const ok = submit({
      ...starter,
      name: '  Pro ',
      description: ' For regulars ',
      price: '19,5',
      trialDays: '7',
      unusedCredits: 'expire',
    });
    assert.equal(ok.status, 'success');
    assert.deepEqual(ok.status === 'success' && ok.value, {
      name: 'Pro',
      description: 'For regulars',
      price: 1950,
      creditsPerPeriod: 5,
      trialDays: 7,
      unusedCredits: 'expire',
      status: 'active',
    });
  });

  test('blank description is none; blank trial is no trial; zero credits is allowed', () => {
    const ok = submit({ ...starter, description: '   ', trialDays: '', creditsPerPeriod: '0' });
    assert.equal(ok.status, 'success');
    assert.deepEqual(ok.status === 'success' && [ok.value.description, ok.value.trialDays, ok.value.creditsPerPeriod], [null, 0, 0]);
    const retired = submit({ ...starter, status: 'retired' });
    assert.equal(retired.status === 'success' && retired.value.status, 'retired');
  });

  test('the name is 1 to 80 characters; the description at most 500', () => {
    assert.deepEqual(messages(submit({ ...starter, name: '   ' })), { name: 'Enter the plan’s name' });
    assert.deepEqual(messages(submit({ ...starter, name: 'x'.repeat(81) })), { name: 'At most 80 characters' });
    assert.equal(submit({ ...starter, name: 'x'.repeat(80) }).status, 'success');
    assert.deepEqual(messages(submit({ ...starter, description: 'y'.repeat(501) })), { description: 'At most 500 characters' });
  });

  test('the price is an amount above zero, at most 10000.00', () => {
    for (const wrong of ['', '0', '0.00', 'nine', '9.999', '-9', '9.00 EUR'])
      assert.deepEqual(messages(submit({ ...starter, price: wrong })), { price: 'Enter the monthly price, like 9.00' }, wrong);
    assert.deepEqual(messages(submit({ ...starter, price: '10000.01' })), { price: 'At most 10000.00 a month' });
    const top = submit({ ...starter, price: '10000' });
    assert.equal(top.status === 'success' && top.value.price, 1_000_000);
  });

  test('credits 0 to 1,000 and trial days 0 to 90, whole numbers', () => {
    for (const wrong of ['', '-1', '1001', '2.5', 'ten'])
      assert.deepEqual(
        messages(submit({ ...starter, creditsPerPeriod: wrong })),
        { creditsPerPeriod: 'Credits per month: a whole number from 0 to 1,000' },
        wrong,
      );
    for (const wrong of ['-1', '91', '1.5', 'week'])
      assert.deepEqual(messages(submit({ ...starter, trialDays: wrong })), { trialDays: 'Trial days: a whole number from 0 to 90' }, wrong);
    const edges = submit({ ...starter, creditsPerPeriod: '1000', trialDays: '90' });
    assert.deepEqual(edges.status === 'success' && [edges.value.creditsPerPeriod, edges.value.trialDays], [1000, 90]);
  });

  test('the unused credits rule and the status are one of theirs', () => {
    assert.deepEqual(messages(submit({ ...starter, unusedCredits: 'rollover' })), {
      unusedCredits: 'Choose what happens to unused credits',
    });
    assert.deepEqual(messages(submit({ ...starter, unusedCredits: '' })), { unusedCredits: 'Choose what happens to unused credits' });
    assert.deepEqual(messages(submit({ ...starter, status: 'deleted' })), { status: 'Choose active or retired' });
  });
});
