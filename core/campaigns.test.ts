import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CAMPAIGNS, CAMPAIGN_IDS, CAMPAIGN_TEMPLATES, dripWorkflowId, personalCode, scaledMs } from './campaigns.ts';

describe('campaigns as data', () => {
  test('every campaign has unique step ids, known templates and at least one email', () => {
    for (const id of CAMPAIGN_IDS) {
      const c = CAMPAIGNS[id];
      assert.equal(c.id, id);
      const ids = c.steps.map((s) => s.id);
      assert.equal(new Set(ids).size, ids.length, `${id}: step ids are unique`);
      const emails = c.steps.filter((s) => s.kind === 'email');
      assert.ok(emails.length > 0);
      for (const s of emails) assert.ok((CAMPAIGN_TEMPLATES as readonly string[]).includes(s.template));
    }
  });

  test('the welcome series waits 2 days, then 5 more (day 7) for the code', () => {
    const waits = CAMPAIGNS.welcome.steps.filter((s) => s.kind === 'wait').map((s) => (s.kind === 'wait' ? s.seconds : 0));
    assert.deepEqual(waits, [2 * 86400, 5 * 86400]);
  });

  test('waits scale with the configured time scale and never reach zero', () => {
    assert.equal(scaledMs(86400, 1), 86_400_000);
    assert.equal(scaledMs(86400, 1 / 86400), 1000);
    assert.equal(scaledMs(1, 1e-9), 1);
  });

  test('personal codes are stable for a seed, differ between seeds, and look like codes', () => {
    const a = personalCode('WELCOME', 'drip-welcome-1:run:code');
    assert.equal(a, personalCode('WELCOME', 'drip-welcome-1:run:code'));
    assert.notEqual(a, personalCode('WELCOME', 'drip-welcome-2:run:code'));
    assert.match(a, /^WELCOME-[0-9A-HJKMNP-TV-Z]{8}$/);
    const many = new Set(Array.from({ length: 2000 }, (_, i) => personalCode('X', `seed-${i}`)));
    assert.equal(many.size, 2000, 'no collisions among 2,000 seeds');
  });

  test('workflow ids name the campaign and the customer', () => {
    assert.equal(dripWorkflowId('abandoned-cart', 42), 'drip-abandoned-cart-42');
  });
});
