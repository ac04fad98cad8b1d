import assert from 'node:assert/strict';
import { test } from 'node:test';
import Stripe from 'stripe';
import { WEBHOOK_TOLERANCE_SECONDS, signedTooFarAhead } from './stripe-webhooks.server.ts';

const stripe = new Stripe('sk_test_unused');
const secret = 'whsec_unit_test_secret';
const now = Math.floor(Date.now() / 1000);
const header = (timestamp: number) => stripe.webhooks.generateTestHeaderString({ payload: '{}', secret, timestamp });

test('a delivery signed an hour ahead is refused; the SDK alone would accept it', () => {
  const ahead = header(now + 3600);
  assert.equal(signedTooFarAhead(ahead, now), true);
  // What the SDK checks on its own: only the past.
  assert.doesNotThrow(() => stripe.webhooks.constructEvent('{}', ahead, secret, WEBHOOK_TOLERANCE_SECONDS));
});

test('within the tolerance either way, or signed in the past, it is left to the SDK', () => {
  assert.equal(signedTooFarAhead(header(now), now), false);
  assert.equal(signedTooFarAhead(header(now + WEBHOOK_TOLERANCE_SECONDS - 1), now), false, 'a clock a little ahead');
  assert.equal(signedTooFarAhead(header(now + WEBHOOK_TOLERANCE_SECONDS + 1), now), true);
  assert.equal(signedTooFarAhead(header(now - 3600), now), false, 'too old is the SDK’s refusal');
  assert.equal(signedTooFarAhead('v1=abc', now), false, 'no timestamp: the SDK refuses it');
});

test('the timestamp is read as the SDK reads it: the last t=', () => {
  assert.equal(signedTooFarAhead(`t=${now},v1=x,t=${now + 3600}`, now), true);
  assert.equal(signedTooFarAhead(`t=${now + 3600},v1=x,t=${now}`, now), false);
});
