import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EMAIL_KEY_MAX, campaignEmailKey } from './campaign-email-key';

test('a campaign email key names the campaign, the customer, the run and the step', () => {
  const key = campaignEmailKey({ campaign: 'welcome', customerId: 42, runKey: 'drip-welcome-42:0190-abcd:1', stepId: 'guide' });
  assert.equal(key, 'drip:welcome:42:drip-welcome-42:0190-abcd:1:guide');
});

test('however long the run key, the key fits the column and still starts with the campaign and ends with the step', () => {
  const key = campaignEmailKey({
    campaign: 'post-purchase',
    customerId: 7,
    runKey: `drip-post-purchase-7:${'r'.repeat(400)}`,
    stepId: 'win-back',
  });
  assert.equal(key.length, EMAIL_KEY_MAX);
  assert.ok(key.startsWith('drip:post-purchase:7:'));
  assert.ok(key.endsWith(':win-back'));
  // Two steps of one long run stay two emails.
  const other = campaignEmailKey({
    campaign: 'post-purchase',
    customerId: 7,
    runKey: `drip-post-purchase-7:${'r'.repeat(400)}`,
    stepId: 'review',
  });
  assert.notEqual(other, key);
});
