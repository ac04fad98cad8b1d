import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MEMBERSHIP_STATUSES } from '../memberships.ts';
import {
  cancelAtPeriodEndSchema,
  cancelNowSchema,
  canUpdateCard,
  changePlanSchema,
  isMember,
  joinMembershipSchema,
  keepMembershipSchema,
  membershipForms,
  membershipIntents as i,
  pauseMembershipSchema,
  resumeMembershipSchema,
} from './membership.ts';
import { messages, submitForm } from './submit-form.ts';

test('join: the plan comes from a hidden field as a number; anything else is refused with one message', () => {
  const ok = submitForm(joinMembershipSchema, { planId: '4' });
  assert.deepEqual(ok.status === 'success' && ok.value, { planId: 4 });
  for (const planId of ['', '0', '-2', '1.5', 'gold', '1 or 1=1']) {
    assert.deepEqual(
      messages(submitForm(joinMembershipSchema, { planId })),
      { planId: 'That plan is not available; choose another' },
      planId,
    );
  }
});

test('pause: 1 to 3 periods', () => {
  for (const periods of [1, 2, 3]) {
    const ok = submitForm(pauseMembershipSchema, { periods: String(periods) });
    assert.deepEqual(ok.status === 'success' && ok.value, { periods });
  }
  for (const periods of ['', '0', '4', '-1', '1.5', 'two']) {
    assert.deepEqual(messages(submitForm(pauseMembershipSchema, { periods })), { periods: 'Choose 1 to 3 months' }, periods);
  }
});

test('cancel now needs the box ticked', () => {
  const ok = submitForm(cancelNowSchema, { confirm: 'on' });
  assert.deepEqual(ok.status === 'success' && ok.value, { confirm: 'on' });
  assert.deepEqual(messages(submitForm(cancelNowSchema, {})), { confirm: 'Tick the box to confirm that your membership ends now' });
  assert.deepEqual(messages(submitForm(cancelNowSchema, { confirm: 'yes' })), {
    confirm: 'Tick the box to confirm that your membership ends now',
  });
});

test('change plan: a plan id', () => {
  const ok = submitForm(changePlanSchema, { planId: '12' });
  assert.deepEqual(ok.status === 'success' && ok.value, { planId: 12 });
  assert.deepEqual(messages(submitForm(changePlanSchema, { planId: '' })), { planId: 'Choose a plan' });
});

test('the button forms accept their button alone (the intent is not theirs to check)', () => {
  for (const schema of [resumeMembershipSchema, cancelAtPeriodEndSchema, keepMembershipSchema]) {
    assert.equal(submitForm(schema, { intent: 'whatever' }).status, 'success');
  }
});

test('each state offers only the forms that make sense in it', () => {
  assert.deepEqual(membershipForms({ status: 'active', cancelAtPeriodEnd: false }), [
    i.pause,
    i.changePlan,
    i.cancelAtPeriodEnd,
    i.cancelNow,
  ]);
  assert.deepEqual(membershipForms({ status: 'trialing', cancelAtPeriodEnd: false }), [i.changePlan, i.cancelAtPeriodEnd, i.cancelNow]);
  assert.deepEqual(membershipForms({ status: 'active', cancelAtPeriodEnd: true }), [i.keep, i.cancelNow]);
  assert.deepEqual(membershipForms({ status: 'trialing', cancelAtPeriodEnd: true }), [i.keep, i.cancelNow]);
  assert.deepEqual(membershipForms({ status: 'paused', cancelAtPeriodEnd: false }), [i.resume, i.cancelNow]);
  assert.deepEqual(membershipForms({ status: 'past_due', cancelAtPeriodEnd: false }), [i.cancelNow]);
  assert.deepEqual(membershipForms({ status: 'ended', cancelAtPeriodEnd: false }), []);
  assert.deepEqual(membershipForms({ status: 'incomplete', cancelAtPeriodEnd: false }), []);
  for (const status of MEMBERSHIP_STATUSES) {
    const forms = membershipForms({ status, cancelAtPeriodEnd: false });
    assert.equal(forms.includes(i.resume), status === 'paused', status);
    assert.equal(forms.includes(i.pause), status === 'active', status);
  }
});

test('a member: any state but ended and an unfinished checkout; the card can be changed while it bills', () => {
  assert.deepEqual(
    MEMBERSHIP_STATUSES.filter((s) => isMember(s)),
    ['trialing', 'active', 'past_due', 'paused'],
  );
  assert.deepEqual(
    MEMBERSHIP_STATUSES.filter((s) => canUpdateCard(s)),
    ['trialing', 'active', 'past_due', 'paused'],
  );
});
