// The timestamp tolerance of Resend's (Svix / Standard Webhooks) signatures, both ways: the SDK's
// verify() refuses a delivery signed more than five minutes ago or ahead, before anything is stored.
import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { handleResendWebhook } from './resend-webhooks.server.ts';

const secret = `whsec_${randomBytes(24).toString('base64')}`;

function delivery(body: string, timestamp: number): Request {
  const id = `msg_${randomBytes(8).toString('hex')}`;
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  const signature = `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
  return new Request('http://shop.test/webhooks/resend', {
    method: 'POST',
    body,
    headers: { 'Content-Type': 'application/json', 'svix-id': id, 'svix-timestamp': String(timestamp), 'svix-signature': signature },
  });
}

const body = JSON.stringify({ type: 'email.opened', created_at: new Date().toISOString(), data: { email_id: 'e_1' } });
const now = Math.floor(Date.now() / 1000);
const deps = {
  secret,
  em: () => {
    throw new Error('a refused delivery never reaches the database');
  },
};

test('a delivery signed an hour ahead is refused with 400, as is one signed an hour ago', async () => {
  for (const [timestamp, reason] of [
    [now + 3600, /timestamp too new/],
    [now - 3600, /timestamp too old/],
  ] as const) {
    const res = await handleResendWebhook(delivery(body, timestamp), deps);
    assert.equal(res.status, 400);
    assert.match(((await res.json()) as { error: string }).error, reason);
  }
});

test('a delivery signed now passes the signature check', async () => {
  // email.opened is not kept: accepted without touching the database.
  const res = await handleResendWebhook(delivery(body, now), deps);
  assert.equal(res.status, 200);
});
