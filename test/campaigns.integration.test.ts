// Drip campaigns on the whole stack (web, worker, Temporal dev server, PostgreSQL) with a day lasting
// four seconds: the welcome series from a first sign-in, one-click unsubscribe midway, the cart-upkeep
// Schedule reminding quiet carts (idle ones stay active; a guest cart merged at sign-in stays dead), and a
// goal met midway (the cart emptied, or bought) ending the reminders.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type pg from 'pg';
import { Client, Connection } from '@temporalio/client';
import { temporalDataConverter } from '#server/temporal/payload-codec.server.ts';
import { ProcessGroup } from '../scripts/lib/process-group.ts';
import { startStack, type Stack } from '../scripts/lib/stack.ts';
import { database, personalisation, waitFor } from './http.ts';
import { recordHistory } from './record-history.ts';
import { Visitor, signIn, unique } from './sign-in.ts';

let stack: Stack;
let db: pg.Pool;
let temporal: Client;

/** A day lasts 4 s: the welcome series (7 days) takes 28 s, a cart's second reminder comes 3.8 s after the first. */
const DAY_SECONDS = 4;

before(async () => {
  stack = await startStack({
    name: 'campaigns',
    payments: 'local',
    group: new ProcessGroup(),
    env: {
      CAMPAIGN_TIME_SCALE: String(DAY_SECONDS / 86400),
      CART_UPKEEP_EVERY: '1s',
      // Quiet after 2 s; idle after 6 s (which changes nothing stored: the cart stays active).
      CART_QUIET_MINUTES: String(2 / 60),
      CART_IDLE_HOURS: String(6 / 3600),
    },
  });
  db = database(stack.databaseUrl);
  // The stack encrypts payloads: schedules and results are read through the same codec.
  temporal = new Client({
    connection: await Connection.connect({ address: stack.env.TEMPORAL_ADDRESS! }),
    dataConverter: temporalDataConverter(stack.env),
  });
});
after(async () => {
  await temporal?.connection.close();
  await db?.end();
  await stack?.stop();
});

interface EmailRow {
  template: string;
  subject: string;
  html: string;
  text: string;
  headers: Record<string, string> | null;
  idempotency_key: string;
}

const emailsTo = async (to: string): Promise<EmailRow[]> =>
  (
    await db.query<EmailRow>(
      'select template, subject, html, text, headers, idempotency_key from emails where "to" = $1 and idempotency_key like \'drip:%\' order by id',
      [to],
    )
  ).rows;

const runsOf = async (email: string) =>
  (
    await db.query<{ campaign: string; status: string; emails_sent: number }>(
      'select campaign, status, emails_sent from campaign_runs where email = $1 order by id',
      [email],
    )
  ).rows;

const unsubscribePath = (e: EmailRow) => {
  const header = e.headers?.['List-Unsubscribe'] ?? '';
  const url = /^<(.+)>$/.exec(header)?.[1];
  assert.ok(url, `List-Unsubscribe header: ${header}`);
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
};

/** For the replay test: a cart-upkeep run (one a second here) that put a cart into the campaign. */
async function recordUpkeepHistory(file: string): Promise<void> {
  if (!process.env.RECORD_HISTORY_DIR) return;
  const workflowId = await waitFor('a cart-upkeep run that reminded a cart', async () => {
    for await (const run of temporal.workflow.list({ query: "WorkflowType = 'cartUpkeep' AND ExecutionStatus = 'Completed'" })) {
      const result = (await temporal.workflow.getHandle(run.workflowId, run.runId).result()) as { reminded: number };
      if (result.reminded > 0) return run.workflowId;
    }
    return null;
  });
  await recordHistory(stack.temporal.address, workflowId, file);
}

const customerId = async (email: string) => (await db.query<{ id: number }>('select id from users where email = $1', [email])).rows[0]!.id;

async function variantId(sku: string): Promise<number> {
  const { rows } = await db.query<{ id: number }>('select id from product_variants where sku = $1', [sku]);
  return rows[0]!.id;
}

async function addPrint(v: Visitor): Promise<Response> {
  const add = await v.postAs('/products/night-sky-print-digital?index', {
    variantId: await variantId('NSP-DIG-A4'),
    quantity: 1,
    ...personalisation,
  });
  assert.equal(add.status, 303);
  return add;
}

const cartStatus = async (cartId: number) =>
  (await db.query<{ status: string }>('select status from carts where id = $1', [cartId])).rows[0]!.status;
/** What the header says (cartItemCount). */
const headerCount = (html: string) => /aria-label="(\d+) items? in cart"/.exec(html)?.[1];

/** A signed-in customer with one digital print in the cart. */
async function customerWithCart(): Promise<{ v: Visitor; email: string; cartId: number }> {
  const email = `cart-${unique()}@example.com`;
  const v = new Visitor(stack.baseUrl);
  await signIn(db, v, email, '/account');
  await addPrint(v);
  const { rows } = await db.query<{ id: number }>('select c.id from carts c join users u on u.id = c.user_id where u.email = $1', [email]);
  return { v, email, cartId: rows[0]!.id };
}

describe('drip campaigns', () => {
  test('a first sign-in starts the welcome series: three emails in order, each with one-click unsubscribe, then it completes', async () => {
    const email = `welcome-${unique()}@example.com`;
    await signIn(db, new Visitor(stack.baseUrl), email);
    const sent = await waitFor(
      'the whole welcome series',
      async () => {
        const rows = await emailsTo(email);
        return rows.length === 3 ? rows : null;
      },
      90_000,
    );
    assert.deepEqual(
      sent.map((e) => e.template),
      ['welcome', 'personalisation-guide', 'welcome-code'],
    );
    for (const e of sent) {
      assert.match(e.headers?.['List-Unsubscribe'] ?? '', /^<http:\/\/127\.0\.0\.1:\d+\/unsubscribe\?token=\d+\.[\w-]{32}>$/);
      assert.equal(e.headers?.['List-Unsubscribe-Post'], 'List-Unsubscribe=One-Click');
      assert.ok(e.html.includes('/unsubscribe?token='), 'a visible unsubscribe link too');
    }
    // The 10% code is real: made for this customer, usable once, mirrored to the payment provider.
    const code = /WELCOME-[0-9A-Z]{8}/.exec(sent[2]!.text)?.[0];
    assert.ok(code, 'the code is in the email');
    const promo = await waitFor('the code synced', async () => {
      const { rows } = await db.query<{
        percent_off: number;
        max_redemptions: number;
        source: string;
        synced_version: number;
        version: number;
      }>('select * from promo_codes where code = $1', [code]);
      return rows[0] && rows[0].synced_version >= rows[0].version ? rows[0] : null;
    });
    assert.equal(promo.percent_off, 10);
    assert.equal(promo.max_redemptions, 1);
    assert.equal(promo.source, 'campaign');
    await waitFor('the run completed', async () => (await runsOf(email)).find((r) => r.campaign === 'welcome' && r.status === 'completed'));
    await recordHistory(stack.temporal.address, `campaigns-${await customerId(email)}`, 'customer-campaigns-welcome-completed.json');
    // A second sign-in does not start it again.
    await signIn(db, new Visitor(stack.baseUrl), email);
    await new Promise((r) => setTimeout(r, 1000));
    assert.equal((await runsOf(email)).filter((r) => r.campaign === 'welcome').length, 1);
    assert.equal((await emailsTo(email)).length, 3);
  });

  test('one-click unsubscribe midway: GET only asks, the POST opts out, the campaign ends and sends nothing more', async () => {
    const email = `unsub-${unique()}@example.com`;
    await signIn(db, new Visitor(stack.baseUrl), email);
    const [welcome] = await waitFor('the welcome email', async () => {
      const rows = await emailsTo(email);
      return rows.length >= 1 ? rows : null;
    });
    const path = unsubscribePath(welcome!);
    const anyone = new Visitor(stack.baseUrl);

    const page = await anyone.get(path);
    assert.equal(page.status, 200);
    assert.equal(page.headers.get('referrer-policy'), 'same-origin', 'the token never leaves in a Referer');
    const body = await page.text();
    assert.match(body, /Unsubscribe/);
    assert.ok(!body.includes(email), 'the address is masked');
    const prefs = async () =>
      (
        await db.query<{ campaign_emails: boolean; marketing_emails: boolean }>(
          'select campaign_emails, marketing_emails from users where email = $1',
          [email],
        )
      ).rows[0]!;
    assert.deepEqual(await prefs(), { campaign_emails: true, marketing_emails: true }, 'a GET (a link scanner) changes nothing');

    const forged = await anyone.post(
      path.replace(/\.[\w-]{32}$/, '.' + 'A'.repeat(32)),
      { 'List-Unsubscribe': 'One-Click' },
      { origin: null },
    );
    assert.equal(forged.status, 400);
    assert.deepEqual(await prefs(), { campaign_emails: true, marketing_emails: true });

    // What a mail app sends (RFC 8058): a POST from its own servers, no Origin, the token in the URL.
    const oneClick = await anyone.post(path, { 'List-Unsubscribe': 'One-Click' }, { origin: null });
    assert.equal(oneClick.status, 200);
    assert.match(await oneClick.text(), /You are unsubscribed/);
    assert.deepEqual(await prefs(), { campaign_emails: false, marketing_emails: false });
    await waitFor('the run ended as unsubscribed', async () =>
      (await runsOf(email)).find((r) => r.campaign === 'welcome' && r.status === 'unsubscribed'),
    );
    // The guide was due 2 "days" (8 s) after the welcome: nothing comes.
    await new Promise((r) => setTimeout(r, 3 * DAY_SECONDS * 1000));
    assert.deepEqual(
      (await emailsTo(email)).map((e) => e.template),
      ['welcome'],
    );
    // Twice is fine.
    assert.equal((await anyone.post(path, { 'List-Unsubscribe': 'One-Click' }, { origin: null })).status, 200);
  });

  test('the cart-upkeep Schedule exists and reminds a quiet cart; idle, the cart stays active and is there on the next visit', async () => {
    const schedule = await temporal.schedule.getHandle('cart-upkeep').describe();
    assert.equal(schedule.action.type, 'startWorkflow');
    assert.equal(schedule.action.type === 'startWorkflow' ? schedule.action.workflowType : null, 'cartUpkeep');

    const { v, email, cartId } = await customerWithCart();
    const reminder = await waitFor(
      'the cart reminder',
      async () => (await emailsTo(email)).find((e) => e.template === 'cart-reminder'),
      30_000,
    );
    assert.match(reminder.text, /Night Sky Print/i);
    await recordUpkeepHistory('cart-upkeep-reminded.json');
    // Idle past CART_IDLE_HOURS (6 s), with an upkeep run every second meanwhile: nothing is stored about it.
    await waitFor(
      'idle',
      async () =>
        (await db.query("select 1 from carts where id = $1 and last_activity_at < now() - interval '8 seconds'", [cartId])).rows[0],
      30_000,
    );
    assert.equal(await cartStatus(cartId), 'active');
    // The customer comes back: the cart is there (and in the header's count), and looking at it changes nothing.
    const { rows: before } = await db.query<{ updated_at: Date }>('select updated_at from carts where id = $1', [cartId]);
    const cart = await v.get('/cart');
    assert.equal(cart.status, 200);
    const html = await cart.text();
    assert.match(html, /Our first night/);
    assert.equal(headerCount(html), '1');
    const { rows: after } = await db.query<{ status: string; updated_at: Date }>('select status, updated_at from carts where id = $1', [
      cartId,
    ]);
    assert.deepEqual(after, [{ status: 'active', updated_at: before[0]!.updated_at }]);
    // The second reminder (with a code) follows a "day" later; then the campaign completes.
    await waitFor('the second reminder', async () => (await emailsTo(email)).find((e) => e.template === 'cart-reminder-code'), 30_000);
    await waitFor('the run completed', async () =>
      (await runsOf(email)).find((r) => r.campaign === 'abandoned-cart' && r.status === 'completed'),
    );
    // Reminded once for this content of the cart: no second campaign while nothing changes.
    await new Promise((r) => setTimeout(r, 3000));
    assert.equal((await runsOf(email)).filter((r) => r.campaign === 'abandoned-cart').length, 1);
  });

  test('a guest cart merged into an account at sign-in stays dead: its old cookie neither shows nor revives it', async () => {
    const email = `merged-${unique()}@example.com`;
    // The account has a cart (another device); this browser's guest cart joins it at sign-in.
    const phone = new Visitor(stack.baseUrl);
    await signIn(db, phone, email, '/account');
    await addPrint(phone);
    const laptop = new Visitor(stack.baseUrl);
    await addPrint(laptop);
    const guestCookie = laptop.cookie(/atelier_cart/);
    assert.ok(guestCookie);
    const { rows: guest } = await db.query<{ id: number }>('select id from carts where user_id is null order by id desc limit 1');
    const guestCartId = guest[0]!.id;
    await signIn(db, laptop, email, '/account');
    assert.equal(await cartStatus(guestCartId), 'abandoned');
    assert.equal(
      (await db.query('select 1 from cart_items where cart_id = $1', [guestCartId])).rowCount,
      0,
      'its items went to the account cart',
    );
    // Past the idle time, and upkeep runs meanwhile: still dead.
    await new Promise((r) => setTimeout(r, 7000));
    // A browser that kept the old cookie (signed out, or a copy of it): an empty cart, and the merged one is left alone.
    const stale = new Visitor(stack.baseUrl);
    stale.setCookie('atelier_cart', guestCookie);
    const page = await stale.get('/cart');
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.match(html, /Your cart is empty/);
    assert.equal(headerCount(html), '0');
    assert.equal(await cartStatus(guestCartId), 'abandoned');
    // Adding starts a new guest cart with a new cookie, never the merged one again.
    const add = await addPrint(stale);
    assert.ok(
      add.headers.getSetCookie().some((c) => /atelier_cart=/.test(c)),
      'a new guest cart cookie',
    );
    assert.notEqual(stale.cookie(/atelier_cart/), guestCookie);
    assert.equal((await db.query('select 1 from cart_items where cart_id = $1', [guestCartId])).rowCount, 0);
    // The account's cart has both prints (same personalisation: one line of 2).
    const phoneCart = await phone.get('/cart');
    assert.equal(headerCount(await phoneCart.text()), '2');
  });

  test('emptying the cart after the first reminder ends the campaign: no second reminder', async () => {
    const { v, email, cartId } = await customerWithCart();
    await waitFor('the cart reminder', async () => (await emailsTo(email)).find((e) => e.template === 'cart-reminder'), 30_000);
    const { rows } = await db.query<{ id: number }>('select id from cart_items where cart_id = $1', [cartId]);
    const removed = await v.postAs('/cart', { intent: 'remove', itemId: rows[0]!.id });
    assert.ok(removed.status < 400, `removed: ${removed.status}`);
    await waitFor(
      'the run ended: goal met',
      async () => (await runsOf(email)).find((r) => r.campaign === 'abandoned-cart' && r.status === 'goal_met'),
      30_000,
    );
    assert.deepEqual(
      (await emailsTo(email)).filter((e) => e.template.startsWith('cart-')).map((e) => e.template),
      ['cart-reminder'],
    );
  });

  test('buying ends the reminders and starts the post-purchase campaign', async () => {
    const { v, email } = await customerWithCart();
    await waitFor('the cart reminder', async () => (await emailsTo(email)).find((e) => e.template === 'cart-reminder'), 30_000);
    const checkout = await v.postAs('/checkout', {});
    assert.equal(checkout.status, 303);
    const payPath = new URL(checkout.headers.get('location')!).pathname;
    const pay = await v.postAs(payPath, { intent: 'pay', email, name: 'Ada', country: 'IE' });
    assert.ok(pay.status < 400, `paid: ${pay.status}`);
    await waitFor(
      'the reminders ended: goal met',
      async () => (await runsOf(email)).find((r) => r.campaign === 'abandoned-cart' && r.status === 'goal_met'),
      30_000,
    );
    await waitFor('post-purchase running', async () => (await runsOf(email)).find((r) => r.campaign === 'post-purchase'), 30_000);
    assert.deepEqual(
      (await emailsTo(email)).filter((e) => e.template.startsWith('cart-')).map((e) => e.template),
      ['cart-reminder'],
    );
    const { rows } = await db.query<{ order_number: string }>('select order_number from orders where email = $1', [email]);
    await recordHistory(stack.temporal.address, `checkout-${rows[0]!.order_number}`, 'checkout-paid-campaigns.json');
  });
});
