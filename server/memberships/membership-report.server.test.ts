import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { summariseMemberships, type MemberGroup } from './membership-report.server.ts';

const group = (status: MemberGroup['status'], price: number, count: number, currency = 'EUR'): MemberGroup => ({
  status,
  price,
  currency,
  count,
});

describe('the dashboard’s membership figures', () => {
  test('members by status, every status but a checkout in progress, with zeros', () => {
    const r = summariseMemberships({
      groups: [group('active', 900, 3), group('active', 1900, 2), group('paused', 900, 1), group('incomplete', 900, 4)],
      membersAtStart: 0,
      endedInWindow: 0,
      newInWindow: 0,
    });
    assert.deepEqual(r.byStatus, { trialing: 0, active: 5, past_due: 0, paused: 1, ended: 0 });
  });

  test('MRR: active and past-due members at their plan’s price; trialing, paused and ended pay nothing', () => {
    const r = summariseMemberships({
      groups: [
        group('active', 900, 3),
        group('active', 1900, 2),
        group('past_due', 900, 1),
        group('trialing', 1900, 5),
        group('paused', 900, 2),
        group('ended', 1900, 7),
      ],
      membersAtStart: 0,
      endedInWindow: 0,
      newInWindow: 0,
    });
    assert.deepEqual(r.mrr, [{ currency: 'EUR', amount: 3 * 900 + 2 * 1900 + 900 }]);
  });

  test('MRR per currency, largest first; none without paying members', () => {
    const r = summariseMemberships({
      groups: [group('active', 500, 1, 'GBP'), group('active', 900, 2, 'EUR'), group('ended', 900, 1, 'USD')],
      membersAtStart: 0,
      endedInWindow: 0,
      newInWindow: 0,
    });
    assert.deepEqual(r.mrr, [
      { currency: 'EUR', amount: 1800 },
      { currency: 'GBP', amount: 500 },
    ]);
    assert.deepEqual(summariseMemberships({ groups: [], membersAtStart: 0, endedInWindow: 0, newInWindow: 0 }).mrr, []);
  });

  test('churn: members who ended in the window over the members at its start; none without members', () => {
    const r = summariseMemberships({ groups: [], membersAtStart: 40, endedInWindow: 3, newInWindow: 6 });
    assert.equal(r.churn, 3 / 40);
    assert.equal(r.newInWindow, 6);
    assert.equal(summariseMemberships({ groups: [], membersAtStart: 0, endedInWindow: 0, newInWindow: 2 }).churn, null);
  });
});
