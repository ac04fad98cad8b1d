import assert from 'node:assert/strict';
import { test } from 'node:test';
import { changeRefusal, churnRate, monthlyRecurringRevenue, statusFromStripe, unusedMonthlyCredits } from './memberships.ts';

test("Stripe's subscription statuses map to the shop's", () => {
  assert.equal(statusFromStripe('trialing', false), 'trialing');
  assert.equal(statusFromStripe('active', false), 'active');
  assert.equal(statusFromStripe('active', true), 'paused', 'billing paused (pause_collection) is a paused membership');
  assert.equal(statusFromStripe('past_due', false), 'past_due');
  assert.equal(statusFromStripe('unpaid', false), 'past_due');
  assert.equal(statusFromStripe('canceled', false), 'ended');
  assert.equal(statusFromStripe('incomplete_expired', false), 'ended');
  assert.equal(statusFromStripe('incomplete', false), 'incomplete');
});

test('changes are refused where they make no sense, with a reason for the member', () => {
  const active = { status: 'active' as const, cancelAtPeriodEnd: false, planId: 1, subscriptionId: 'sub_1' };
  assert.equal(changeRefusal(active, { action: 'pause', periods: 2 }), null);
  assert.match(changeRefusal(active, { action: 'pause', periods: 4 })!, /1 to 3/);
  assert.match(changeRefusal(active, { action: 'pause', periods: 0 })!, /1 to 3/);
  assert.match(changeRefusal(active, { action: 'resume' })!, /not paused/);
  assert.equal(changeRefusal({ ...active, status: 'paused' }, { action: 'resume' }), null);
  assert.match(changeRefusal({ ...active, status: 'past_due' }, { action: 'pause', periods: 1 })!, /update your card/);
  assert.match(changeRefusal(active, { action: 'keep' })!, /not set to end/);
  assert.equal(changeRefusal({ ...active, cancelAtPeriodEnd: true }, { action: 'keep' }), null);
  assert.match(
    changeRefusal({ ...active, cancelAtPeriodEnd: true }, { action: 'cancel', when: 'period_end', by: 'customer', reason: null })!,
    /already ends/,
  );
  assert.equal(
    changeRefusal({ ...active, cancelAtPeriodEnd: true }, { action: 'cancel', when: 'now', by: 'customer', reason: null }),
    null,
  );
  assert.match(changeRefusal(active, { action: 'change_plan', planId: 1 })!, /already on this plan/);
  assert.equal(changeRefusal(active, { action: 'change_plan', planId: 2 }), null);
  for (const gone of [
    null,
    { ...active, status: 'ended' as const },
    { ...active, status: 'incomplete' as const },
    { ...active, subscriptionId: null },
  ]) {
    assert.match(changeRefusal(gone, { action: 'resume' })!, /no membership/);
  }
});

test('unused monthly credits: what the membership granted and was not used, at most what is available', () => {
  assert.equal(unusedMonthlyCredits({ granted: 24, usedSinceFirstGrant: 5, available: 30 }), 19);
  assert.equal(unusedMonthlyCredits({ granted: 24, usedSinceFirstGrant: 5, available: 10 }), 10, 'never more than the balance');
  assert.equal(unusedMonthlyCredits({ granted: 10, usedSinceFirstGrant: 15, available: 8 }), 0, 'bought credits stay');
});

test('MRR counts paying members; churn is ended ÷ members at the start', () => {
  assert.equal(
    monthlyRecurringRevenue([
      { status: 'active', price: 900 },
      { status: 'past_due', price: 1900 },
      { status: 'trialing', price: 1900 },
      { status: 'paused', price: 900 },
      { status: 'ended', price: 900 },
    ]),
    2800,
  );
  assert.equal(churnRate(0, 0), null);
  assert.equal(churnRate(40, 2), 0.05);
});
