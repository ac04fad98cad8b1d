// The outbox (server/emails/outbox.server.ts) on a database of its own and the real Resend SDK against the recorder:
// a message is stored once and sent once whatever the races and retries, a lost answer is asked again with the same
// key, a refusal is failed for good, and the row returned is the row stored.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createElement } from 'react';
import { Resend } from 'resend';
import { Email } from '#db/entities/email.ts';
import type { ServerDeps } from '#server/deps.server.ts';
import { deliverEmail, type OutgoingEmail } from '#server/emails/outbox.server.ts';
import { PermanentError } from '#server/errors.server.ts';
import { ledgerDatabase, type LedgerDatabase } from './ledger-database.ts';
import { startResendRecorder, type ResendRecorder } from './resend-recorder.ts';

let db: LedgerDatabase;
let recorder: ResendRecorder;
let withResend: ServerDeps;

before(async () => {
  recorder = await startResendRecorder();
  db = await ledgerDatabase('outbox', {});
  process.env.RESEND_BASE_URL = recorder.url;
  withResend = { ...db.deps, resend: new Resend('re_test_outbox') };
});

after(async () => {
  await db?.close();
  await recorder?.close();
});

const message = (key: string, to: string): OutgoingEmail => ({
  idempotencyKey: key,
  template: 'test-note',
  to,
  subject: `A note for ${to}`,
  element: createElement('p', null, `Hello ${to}`),
  orderNumber: 'ATL-2026-OUTBOX01',
  headers: { 'X-Test': key },
});

const stored = (key: string) => db.orm.em.fork().find(Email, { idempotencyKey: key });

test('two deliveries at once and a retry later: one row, one email', async () => {
  const to = 'race@example.com';
  const [a, b] = await Promise.all([deliverEmail(withResend, message('race-1', to)), deliverEmail(withResend, message('race-1', to))]);
  const again = await deliverEmail(withResend, message('race-1', to));
  const rows = await stored('race-1');
  assert.equal(rows.length, 1);
  assert.equal(recorder.sentTo(to).length, 1, 'sent once (a second request with the same key is the same email)');
  const row = rows[0]!;
  assert.equal(row.status, 'sent');
  assert.equal(row.providerId, recorder.sentTo(to)[0]!.id);
  assert.match(row.html, /Hello race@example\.com/);
  assert.deepEqual(row.headers, { 'X-Test': 'race-1' });
  for (const e of [a, b, again]) {
    assert.equal(e.id, row.id);
    assert.equal(e.status, 'sent');
    assert.equal(e.providerId, row.providerId);
  }
});

test('without Resend the message stays in the outbox, stored', async () => {
  const email = await deliverEmail(db.deps, message('outbox-only-1', 'outbox@example.com'));
  const [row] = await stored('outbox-only-1');
  assert.equal(row!.status, 'stored');
  assert.equal(row!.provider, 'outbox');
  assert.ok(row!.sentAt instanceof Date);
  assert.equal(email.status, 'stored');
  assert.equal(email.id, row!.id);
  assert.equal(recorder.sentTo('outbox@example.com').length, 0);
});

test('a lost answer fails the try; the retry asks again with the same key and sends nothing twice', async () => {
  const to = 'lost@example.com';
  recorder.loseAnswers(to);
  await assert.rejects(deliverEmail(withResend, message('lost-1', to)), /Resend failed/);
  const [failedTry] = await stored('lost-1');
  assert.equal(failedTry!.status, 'queued');
  assert.ok(failedTry!.error, 'the failure is on the row');
  const email = await deliverEmail(withResend, message('lost-1', to));
  assert.equal(email.status, 'sent');
  assert.equal(email.error, null);
  const [row] = await stored('lost-1');
  assert.equal(row!.status, 'sent');
  assert.equal(row!.error, null);
  assert.equal(recorder.sentTo(to).length, 1);
  assert.equal(recorder.sentTo(to)[0]!.requests, 2);
});

test('a message the provider refuses is failed for good, with the reason', async () => {
  await assert.rejects(deliverEmail(withResend, message('refused-1', '')), PermanentError);
  const [row] = await stored('refused-1');
  assert.equal(row!.status, 'failed');
  assert.match(row!.error ?? '', /validation_error/);
  // A later try is refused the same way.
  await assert.rejects(deliverEmail(withResend, message('refused-1', '')), PermanentError);
});
