// Email through the real Resend SDK against a local recorder, and Resend's signed delivery webhooks
// (/webhooks/resend) marking the outbox delivered / bounced / complained and suppressing addresses.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type pg from 'pg';
import { ProcessGroup } from '../scripts/lib/process-group.ts';
import { startStack, type Stack } from '../scripts/lib/stack.ts';
import { handleResendWebhook, shouldApplyDeliveryEvent, suppressionFor } from '#server/emails/resend-webhooks.server.ts';
import { database, personalisation, waitFor } from './http.ts';
import { newWebhookSecret, signResendWebhook, startResendRecorder, type ResendRecorder } from './resend-recorder.ts';
import { Visitor, requestLink, signIn, unique } from './sign-in.ts';
import { logger } from '#server/log.server.ts';

const SECRET = newWebhookSecret();
let recorder: ResendRecorder;
let stack: Stack;
let db: pg.Pool;
let admin: Visitor;

/** Paid orders, one per scenario, each with its confirmation sent through the recorder. */
const buyers = { delivered: '', hardBounce: '', softBounce: '', complaint: '' };
const sent = {} as Record<keyof typeof buyers, { orderNumber: string; providerId: string; emailId: number }>;

before(async () => {
  recorder = await startResendRecorder();
  stack = await startStack({
    name: 'resend',
    payments: 'local',
    group: new ProcessGroup(),
    env: { RESEND_API_KEY: 're_test', RESEND_BASE_URL: recorder.url, RESEND_WEBHOOK_SECRET: SECRET },
  });
  db = database(stack.databaseUrl);
  admin = new Visitor(stack.baseUrl);
  await signIn(db, admin, 'admin@example.com', '/admin');
  await Promise.all(
    (Object.keys(buyers) as Array<keyof typeof buyers>).map(async (k) => {
      buyers[k] = `${k.toLowerCase()}-${unique()}@example.com`;
      const orderNumber = await buyPoster(buyers[k]);
      sent[k] = { orderNumber, ...(await confirmationOf(orderNumber)) };
    }),
  );
});
after(async () => {
  await db?.end();
  await stack?.stop();
  await recorder?.close();
});

/** A guest buys a poster on the local payment page; resolves with the paid order's number. */
async function buyPoster(email: string): Promise<string> {
  const buyer = new Visitor(stack.baseUrl);
  const { rows } = await db.query<{ id: number }>("select id from product_variants where sku = 'NSP-PHY-A3'");
  assert.equal(
    (await buyer.postAs('/products/night-sky-poster?index', { variantId: rows[0]!.id, quantity: 1, ...personalisation })).status,
    303,
  );
  const checkout = await buyer.postAs('/checkout', {});
  assert.equal(checkout.status, 303, await checkout.text());
  const payUrl = new URL(checkout.headers.get('location')!, stack.baseUrl);
  const pay = await buyer.postAs(payUrl.pathname, {
    intent: 'pay',
    email,
    name: 'Ada Buyer',
    line1: '1 Main St',
    city: 'Dublin',
    postal_code: 'D01',
    country: 'IE',
  });
  assert.equal(pay.status, 303, await pay.text());
  return waitFor(`${email}'s paid order`, async () => {
    const r = await db.query<{ order_number: string }>("select order_number from orders where email = $1 and status = 'paid'", [email]);
    return r.rows[0]?.order_number;
  });
}

async function confirmationOf(orderNumber: string): Promise<{ providerId: string; emailId: number }> {
  const row = await waitFor(`${orderNumber}'s confirmation sent`, async () => {
    const { rows } = await db.query<{ id: number; provider_id: string | null; status: string }>(
      "select id, provider_id, status from emails where order_number = $1 and template = 'order-confirmation'",
      [orderNumber],
    );
    return rows[0]?.provider_id ? rows[0] : null;
  });
  return { providerId: row.provider_id!, emailId: row.id };
}

async function outbox(emailId: number) {
  const { rows } = await db.query<{ status: string; delivery_event_at: Date | null; updated_at: Date }>(
    'select status, delivery_event_at, updated_at from emails where id = $1',
    [emailId],
  );
  return rows[0]!;
}

async function suppressionOf(address: string) {
  const { rows } = await db.query<{ reason: string; detail: string | null; event_id: string | null }>(
    'select reason, detail, event_id from email_suppressions where email = $1',
    [address],
  );
  return rows[0];
}

function event(type: string, emailId: string, createdAt: Date, extra: Record<string, unknown> = {}) {
  return {
    type,
    created_at: createdAt.toISOString(),
    data: {
      created_at: createdAt.toISOString(),
      email_id: emailId,
      from: 'Atelier <shop@localhost>',
      to: ['someone@example.com'],
      subject: 'Your order',
      ...extra,
    },
  };
}

/** Posts a body signed as Resend signs it (a fresh svix-id unless given). */
async function deliver(body: unknown, opts: { id?: string; timestamp?: number; secret?: string } = {}) {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  const signed = signResendWebhook(raw, opts.secret ?? SECRET, opts);
  const res = await fetch(`${stack.baseUrl}/webhooks/resend`, {
    method: 'POST',
    body: raw,
    headers: { 'Content-Type': 'application/json', ...signed.headers },
  });
  return { res, id: signed.id, json: (await res.json().catch(() => null)) as Record<string, unknown> | null };
}

const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000);
const permanent = {
  bounce: { type: 'Permanent', subType: 'General', message: 'The recipient’s mail server permanently rejected the email.' },
};
const transient = { bounce: { type: 'Transient', subType: 'MailboxFull', message: 'The recipient’s inbox is full.' } };

describe('sending through the Resend SDK', () => {
  test('the order confirmation goes through the real SDK to the recorder and its id is kept', async () => {
    const { orderNumber, providerId } = sent.delivered;
    const email = recorder.sentTo(buyers.delivered).find((e) => e.idempotencyKey === `order-confirmation:${orderNumber}`);
    assert.ok(email, 'the recorder received the confirmation');
    assert.equal(email.requests, 1, 'sent once');
    assert.equal(email.id, providerId, 'provider_id is the id Resend answered');
    assert.equal(email.authorization, 'Bearer re_test');
    assert.deepEqual(email.body.to, [buyers.delivered]);
    assert.match(email.body.subject, new RegExp(orderNumber));
    assert.match(email.body.html ?? '', new RegExp(orderNumber));
    // The shop's own notification is the fulfillment workflow's, sent after the confirmation: waited for, not read once.
    await waitFor("the shop's own notification", async () =>
      recorder.emails.some((e) => e.idempotencyKey === `shop-new-order:${orderNumber}`),
    );
  });

  test('a send whose answer is lost is retried with the same Idempotency-Key: the provider has one email, the outbox one row', async () => {
    const address = `lost-answer-${unique()}@example.com`;
    // Resend takes the email, but its answer never reaches the shop: the activity fails and Temporal retries it.
    recorder.loseAnswers(address, 1);
    assert.equal((await requestLink(new Visitor(stack.baseUrl), address)).status, 200);
    const outboxRows = await waitFor(
      'the sign-in email sent after the retry',
      async () => {
        const { rows } = await db.query<{ idempotency_key: string; status: string; provider_id: string | null }>(
          'select idempotency_key, status, provider_id from emails where "to" = $1 and template = \'magic-link\'',
          [address],
        );
        return rows[0]?.status === 'sent' ? rows : null;
      },
      60_000,
    );
    assert.equal(outboxRows.length, 1, 'one outbox row');
    const { idempotency_key: key, provider_id: providerId } = outboxRows[0]!;
    // What the shop sent: the same message twice, both times under the outbox row's key.
    const attempts = recorder.requests.filter((r) => [(r.body as { to?: string | string[] } | null)?.to ?? []].flat().includes(address));
    assert.deepEqual(
      attempts.map((r) => [r.headers['idempotency-key'], r.status]),
      [
        [key, 0],
        [key, 200],
      ],
      'the lost answer, then the retry under the same Idempotency-Key',
    );
    assert.deepEqual(attempts[0]!.body, attempts[1]!.body, 'the same message both times');
    const emails = recorder.sentTo(address);
    assert.equal(emails.length, 1, 'the provider has the email once');
    assert.equal(emails[0]!.requests, 2);
    assert.equal(providerId, emails[0]!.id, 'the outbox keeps the id of the one email');
  });
});

describe('delivery webhooks', () => {
  test('email.delivered marks the outbox row delivered; the same event five times has the effect of one', async () => {
    const { providerId, emailId } = sent.delivered;
    const at = minutesAgo(1);
    const body = JSON.stringify(event('email.delivered', providerId, at));
    const first = await deliver(body);
    assert.equal(first.res.status, 200);
    assert.equal(first.json?.received, true);
    const row = await outbox(emailId);
    assert.equal(row.status, 'delivered');
    assert.equal(row.delivery_event_at?.toISOString(), at.toISOString());

    // Resend retries with the same svix-id: four more, two of them at once.
    const again = [
      await deliver(body, { id: first.id }),
      await deliver(body, { id: first.id }),
      ...(await Promise.all([deliver(body, { id: first.id }), deliver(body, { id: first.id })])),
    ];
    assert.deepEqual(
      again.map((a) => [a.res.status, a.json?.duplicate]),
      [
        [200, true],
        [200, true],
        [200, true],
        [200, true],
      ],
    );
    const after = await outbox(emailId);
    assert.equal(after.status, 'delivered');
    assert.equal(after.updated_at.toISOString(), row.updated_at.toISOString(), 'the row was not touched again');
    const { rows } = await db.query<{ n: number }>(
      "select count(*)::int as n from webhook_events where provider = 'resend' and event_id = $1",
      [first.id],
    );
    assert.equal(rows[0]!.n, 1, 'recorded once');
    assert.equal(await suppressionOf(buyers.delivered), undefined);
  });

  test('a hard (Permanent) bounce marks it bounced and suppresses the address; an older delivered arriving later changes nothing', async () => {
    const { providerId, emailId } = sent.hardBounce;
    const bouncedAt = minutesAgo(2);
    const bounce = await deliver(event('email.bounced', providerId, bouncedAt, permanent));
    assert.equal(bounce.res.status, 200);
    assert.equal((await outbox(emailId)).status, 'bounced');
    const suppression = await suppressionOf(buyers.hardBounce);
    assert.equal(suppression?.reason, 'bounced');
    assert.equal(suppression?.event_id, bounce.id, 'the svix-id that caused it');
    assert.match(suppression?.detail ?? '', /Permanent/);

    // Out of order: the delivered event was created before the bounce.
    const late = await deliver(event('email.delivered', providerId, minutesAgo(3)));
    assert.equal(late.res.status, 200);
    // And a delivered stamped later never takes a bounce back either.
    assert.equal((await deliver(event('email.delivered', providerId, minutesAgo(0)))).res.status, 200);
    const row = await outbox(emailId);
    assert.equal(row.status, 'bounced');
    assert.equal(row.delivery_event_at?.toISOString(), bouncedAt.toISOString());

    // A second hard bounce (a new event) keeps the first suppression.
    await deliver(event('email.bounced', providerId, minutesAgo(0), permanent));
    assert.equal((await suppressionOf(buyers.hardBounce))?.event_id, bounce.id);
    const { rows } = await db.query<{ n: number }>('select count(*)::int as n from email_suppressions where email = $1', [
      buyers.hardBounce,
    ]);
    assert.equal(rows[0]!.n, 1);
  });

  test('a transient bounce marks it bounced but does not suppress the address', async () => {
    const { providerId, emailId } = sent.softBounce;
    const res = await deliver(event('email.bounced', providerId, minutesAgo(1), transient));
    assert.equal(res.res.status, 200);
    assert.equal((await outbox(emailId)).status, 'bounced');
    assert.equal(await suppressionOf(buyers.softBounce), undefined);
  });

  test('a complaint marks it complained and suppresses the address', async () => {
    const { providerId, emailId } = sent.complaint;
    await deliver(event('email.delivered', providerId, minutesAgo(5)));
    const complaint = await deliver(event('email.complained', providerId, minutesAgo(1)));
    assert.equal(complaint.res.status, 200);
    assert.equal((await outbox(emailId)).status, 'complained');
    const suppression = await suppressionOf(buyers.complaint);
    assert.equal(suppression?.reason, 'complained');
    assert.equal(suppression?.event_id, complaint.id);
  });

  test('an unknown email id and other event types are acknowledged and change nothing', async () => {
    const unknown = await deliver(event('email.bounced', `${crypto.randomUUID()}`, minutesAgo(1), permanent));
    assert.equal(unknown.res.status, 200);
    assert.equal(unknown.json?.received, true);
    assert.match(String(unknown.json?.outcome), /no outbox email/);
    assert.equal(await suppressionOf('someone@example.com'), undefined, 'the event’s own recipient list is not trusted for unknown ids');

    const opened = await deliver(event('email.opened', sent.delivered.providerId, minutesAgo(0)));
    assert.equal(opened.res.status, 200);
    assert.equal(opened.json?.ignored, 'email.opened');
    assert.equal((await outbox(sent.delivered.emailId)).status, 'delivered');
  });
});

describe('refused deliveries', () => {
  const url = () => `${stack.baseUrl}/webhooks/resend`;

  test('a bad signature, missing headers and a timestamp older than the tolerance are refused with 400', async () => {
    const body = JSON.stringify(event('email.complained', sent.delivered.providerId, minutesAgo(0)));
    const forged = await deliver(body, { secret: newWebhookSecret() });
    assert.equal(forged.res.status, 400);
    assert.match(String(forged.json?.error), /signature verification failed: No matching signature/);

    const unsigned = await fetch(url(), { method: 'POST', body, headers: { 'Content-Type': 'application/json' } });
    assert.equal(unsigned.status, 400);
    assert.match(((await unsigned.json()) as { error: string }).error, /missing svix-id/);

    const stale = await deliver(body, { timestamp: Math.floor(Date.now() / 1000) - 301 });
    assert.equal(stale.res.status, 400);
    assert.match(String(stale.json?.error), /timestamp too old/);

    // A valid signature over a different body.
    const signed = signResendWebhook(body, SECRET);
    const tampered = await fetch(url(), {
      method: 'POST',
      body: body.replace('complained', 'delivered'),
      headers: { 'Content-Type': 'application/json', ...signed.headers },
    });
    assert.equal(tampered.status, 400);

    assert.equal((await outbox(sent.delivered.emailId)).status, 'delivered', 'nothing applied');
    const { rows } = await db.query<{ n: number }>('select count(*)::int as n from webhook_events where event_id in ($1, $2, $3)', [
      forged.id,
      stale.id,
      signed.id,
    ]);
    assert.equal(rows[0]!.n, 0, 'nothing stored from a refused delivery');
  });

  test('malformed JSON with a valid signature is refused with 400, and so is an event without an email id', async () => {
    const bad = await deliver('{"type": "email.delivered", ');
    assert.equal(bad.res.status, 400);
    assert.match(String(bad.json?.error), /malformed JSON/);
    const noId = await deliver({ type: 'email.delivered', created_at: new Date().toISOString(), data: {} });
    assert.equal(noId.res.status, 400);
    assert.match(String(noId.json?.error), /email_id/);
  });

  test('an oversized body is refused with 413', async () => {
    const big = JSON.stringify({ ...event('email.delivered', sent.delivered.providerId, minutesAgo(0)), padding: 'x'.repeat(300 * 1024) });
    const res = await deliver(big);
    assert.equal(res.res.status, 413);
    // Past the web server's own webhook limit it never reaches the route.
    const huge = await fetch(url(), { method: 'POST', body: 'x'.repeat(1100 * 1024), headers: { 'Content-Type': 'application/json' } });
    assert.equal(huge.status, 413);
  });

  test('only POST is accepted', async () => {
    assert.equal((await fetch(url())).status, 405);
    assert.equal((await fetch(url(), { method: 'PUT', body: '{}' })).status, 405);
  });
});

describe('the admin sees it', () => {
  const customerPage = async (email: string) => {
    const { rows } = await db.query<{ id: number }>('select id from users where email = $1', [email]);
    assert.ok(rows[0], `${email} has an account`);
    const res = await admin.get(`/admin/customers/${rows[0].id}`);
    assert.equal(res.status, 200);
    return (await res.text()).replace(/<!-- -->/g, '');
  };

  test("a suppressed customer's page says so, with each email's status", async () => {
    const page = await customerPage(buyers.hardBounce);
    const today = new Date().toISOString().slice(0, 10);
    assert.match(page, new RegExp(`Marketing email suppressed: bounced on ${today}`));
    assert.ok(page.includes(sent.hardBounce.orderNumber));
    assert.match(page, /data-status="bounced"/);

    const complained = await customerPage(buyers.complaint);
    assert.match(complained, /Marketing email suppressed: complained on/);
    assert.match(complained, /data-status="complained"/);

    const fine = await customerPage(buyers.delivered);
    assert.doesNotMatch(fine, /Marketing email suppressed/);
    assert.match(fine, /data-status="delivered"/);
  });
});

describe('the handler on its own', () => {
  const request = (body: string, headers: Record<string, string> = {}) =>
    new Request('http://shop.test/webhooks/resend', { method: 'POST', body, headers });
  const noDatabase = () => Promise.reject(new Error('the database is not reached'));

  test('without RESEND_WEBHOOK_SECRET every delivery is refused, and that is logged once', async (t) => {
    const logged = t.mock.method(logger, 'error', () => undefined);
    const body = JSON.stringify(event('email.delivered', 'x', new Date()));
    const signed = signResendWebhook(body, SECRET);
    const first = await handleResendWebhook(request(body, signed.headers), { secret: undefined, em: noDatabase });
    const second = await handleResendWebhook(request(body, signed.headers), { secret: '', em: noDatabase });
    assert.equal(first.status, 503);
    assert.equal(second.status, 503);
    assert.match(((await first.json()) as { error: string }).error, /RESEND_WEBHOOK_SECRET is not set/);
    assert.equal(logged.mock.callCount(), 1);
  });

  test('a secret that is not whsec_ + base64 is a configuration error (503), not the sender’s (400)', async (t) => {
    t.mock.method(logger, 'error', () => undefined);
    const body = JSON.stringify(event('email.delivered', 'x', new Date()));
    const res = await handleResendWebhook(request(body, signResendWebhook(body, SECRET).headers), {
      secret: 'whsec_!!!not base64!!!',
      em: noDatabase,
    });
    assert.equal(res.status, 503);
  });

  test('ordering rules', () => {
    const t0 = new Date('2026-01-01T00:00:00.000Z');
    const t1 = new Date('2026-01-01T00:00:01.000Z');
    assert.equal(shouldApplyDeliveryEvent({ status: 'sent', deliveryEventAt: null }, { status: 'delivered', at: t0 }), true);
    assert.equal(shouldApplyDeliveryEvent({ status: 'delivered', deliveryEventAt: t1 }, { status: 'bounced', at: t0 }), false, 'older');
    assert.equal(
      shouldApplyDeliveryEvent({ status: 'delivered', deliveryEventAt: t0 }, { status: 'delivered', at: t0 }),
      false,
      'the same again',
    );
    assert.equal(
      shouldApplyDeliveryEvent({ status: 'delivered', deliveryEventAt: t0 }, { status: 'complained', at: t0 }),
      true,
      'same instant, graver',
    );
    assert.equal(
      shouldApplyDeliveryEvent({ status: 'bounced', deliveryEventAt: t0 }, { status: 'delivered', at: t1 }),
      false,
      'never back to delivered',
    );
    assert.equal(shouldApplyDeliveryEvent({ status: 'complained', deliveryEventAt: t0 }, { status: 'delivered', at: t1 }), false);
  });

  test('only a Permanent bounce or a complaint suppresses', () => {
    const base = { created_at: new Date().toISOString() };
    assert.equal(suppressionFor({ ...base, type: 'email.bounced', data: { email_id: 'x', ...permanent } })?.reason, 'bounced');
    assert.equal(suppressionFor({ ...base, type: 'email.bounced', data: { email_id: 'x', ...transient } }), null);
    assert.equal(suppressionFor({ ...base, type: 'email.bounced', data: { email_id: 'x', bounce: { type: 'Undetermined' } } }), null);
    assert.equal(suppressionFor({ ...base, type: 'email.bounced', data: { email_id: 'x' } }), null);
    assert.equal(suppressionFor({ ...base, type: 'email.complained', data: { email_id: 'x' } })?.reason, 'complained');
    assert.equal(suppressionFor({ ...base, type: 'email.delivered', data: { email_id: 'x' } }), null);
  });
});
