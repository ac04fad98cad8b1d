// Customer data rights on the whole stack: "download my data" holds everything kept about the customer and
// nothing of anyone else's; deleting an account waits for open orders, then the delete-account workflow ends the
// customer's campaigns (whose workflows drop the CustomerEmail search attribute), deletes the print files, blanks
// the personal data and confirms by email; the same address later starts a new, empty account. Admins do the same
// for a request received by email. See docs/decisions/051-account-deletion.md.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type pg from 'pg';
import { Client, Connection } from '@temporalio/client';
import { ProcessGroup } from '../scripts/lib/process-group.ts';
import { startStack, type Stack } from '../scripts/lib/stack.ts';
import { temporalDataConverter } from '#server/temporal/payload-codec.server.ts';
import { database, errorByField, personalisation, waitFor } from './http.ts';
import { recordHistory } from './record-history.ts';
import { Visitor, signIn, unique } from './sign-in.ts';

let stack: Stack;
let db: pg.Pool;
let temporal: Client;
let admin: Visitor;

before(async () => {
  stack = await startStack({
    name: 'account-deletion',
    payments: 'local',
    group: new ProcessGroup(),
    // A day lasts a minute: the welcome series is still waiting for its second email when the account goes.
    env: { CAMPAIGN_TIME_SCALE: String(60 / 86400) },
  });
  db = database(stack.databaseUrl);
  temporal = new Client({
    connection: await Connection.connect({ address: stack.env.TEMPORAL_ADDRESS! }),
    dataConverter: temporalDataConverter(stack.env),
  });
  admin = new Visitor(stack.baseUrl);
  await signIn(db, admin, 'admin@example.com');
});
after(async () => {
  await temporal?.connection.close();
  await db?.end();
  await stack?.stop();
});

const variantId = async (sku: string) =>
  (await db.query<{ id: number }>('select id from product_variants where sku = $1', [sku])).rows[0]!.id;

/** A signed-in customer with the welcome series running. */
async function customer(prefix: string) {
  const email = `${prefix}-${unique()}@example.com`;
  const visitor = new Visitor(stack.baseUrl);
  await signIn(db, visitor, email);
  const id = (await db.query<{ id: number }>('select id from users where email = $1', [email])).rows[0]!.id;
  await waitFor('the welcome series', async () => (await db.query('select 1 from campaign_runs where user_id = $1', [id])).rowCount);
  return { email, visitor, id };
}

/** Puts one item in the cart and opens the local payment page: a pending order. */
async function startCheckout(visitor: Visitor, sku: string, title: string) {
  const slug = sku.startsWith('NSP-DIG') ? 'night-sky-print-digital' : 'night-sky-poster';
  const added = await visitor.postAs(`/products/${slug}?index`, {
    variantId: await variantId(sku),
    quantity: 1,
    ...personalisation,
    title,
  });
  assert.equal(added.status, 303);
  const checkout = await visitor.postAs('/checkout', {});
  assert.equal(checkout.status, 303);
  return new URL(checkout.headers.get('location')!).pathname;
}

async function buyDigital(visitor: Visitor, email: string, title: string): Promise<string> {
  const payPath = await startCheckout(visitor, 'NSP-DIG-A4', title);
  const paid = await visitor.postAs(payPath, {
    intent: 'pay',
    email,
    name: 'Ada Lovelace',
    line1: '12 Quay St',
    city: 'Galway',
    postal_code: 'H91',
    country: 'IE',
  });
  assert.equal(paid.status, 303, await paid.text());
  const orderNumber = await waitFor('the paid order', async () => {
    const r = await db.query<{ order_number: string }>("select order_number from orders where email = $1 and status = 'paid'", [email]);
    return r.rows[0]?.order_number;
  });
  await waitFor(
    'its files',
    async () => {
      const r = await db.query<{ n: number }>(
        "select count(*)::int as n from downloads d join orders o on o.id = d.order_id where o.order_number = $1 and d.status = 'ready'",
        [orderNumber],
      );
      return r.rows[0]!.n === 2;
    },
    120_000,
  );
  return orderNumber;
}

const deletionDone = (userId: number) =>
  waitFor(
    'the deletion',
    async () => {
      const r = await db.query<{ status: string; summary: Record<string, number>; email: string | null }>(
        'select status, summary, email from account_deletions where user_id = $1',
        [userId],
      );
      return r.rows[0]?.status === 'completed' && r.rows[0];
    },
    90_000,
  );

/** Every text column of every row that could hold the address, as one string per table. */
async function whereTheAddressStillIs(email: string): Promise<string[]> {
  const tables = [
    'users',
    'orders',
    'order_items',
    'order_events',
    'carts',
    'campaign_runs',
    'login_tokens',
    'sessions',
    'email_suppressions',
    'webhook_events',
    'local_checkout_sessions',
    'promo_redemptions',
  ];
  const found: string[] = [];
  for (const table of tables) {
    const r = await db.query(`select count(*)::int as n from ${table} t where position($1 in lower(t::text)) > 0`, [email]);
    if (r.rows[0].n > 0) found.push(`${table}: ${r.rows[0].n}`);
  }
  const emails = await db.query<{ template: string }>('select template from emails where position($1 in lower(emails::text)) > 0', [email]);
  for (const row of emails.rows) if (row.template !== 'account-deleted') found.push(`emails: ${row.template}`);
  return found;
}

describe('download my data', () => {
  test('holds the profile, orders with their personalisation, emails, campaigns and sign-ins, and nothing of anyone else', async () => {
    const ada = await customer('export');
    const title = `Export ${unique()}`;
    const orderNumber = await buyDigital(ada.visitor, ada.email, title);
    const other = await customer('other');
    const otherOrder = await buyDigital(other.visitor, other.email, `Other ${unique()}`);

    const res = await ada.visitor.get('/account/data.json');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
    assert.match(res.headers.get('content-disposition') ?? '', /^attachment; filename="atelier-my-data-\d{4}-\d{2}-\d{2}\.json"$/);
    assert.equal(res.headers.get('cache-control'), 'private, no-store');
    const body = await res.text();
    const data = JSON.parse(body);
    assert.equal(data.format, 'atelier-account-data/1');
    assert.equal(data.profile.email, ada.email);
    assert.deepEqual(
      data.orders.map((o: { orderNumber: string }) => o.orderNumber),
      [orderNumber],
    );
    assert.equal(data.orders[0].items[0].personalisation.title, title);
    assert.equal(data.orders[0].shippingAddress?.city ?? null, null, 'a digital order has no address');
    assert.ok(data.emailsSent.some((e: { template: string }) => e.template === 'order-confirmation'));
    assert.ok(data.emailsSent.some((e: { template: string }) => e.template === 'magic-link'));
    assert.ok(data.campaigns.some((c: { campaign: string; status: string }) => c.campaign === 'welcome' && c.status === 'running'));
    assert.ok(data.sessions.length >= 1 && data.signInLinks.length >= 1);
    assert.ok(!body.includes(other.email) && !body.includes(otherOrder), 'nothing of another customer');
    assert.ok(!/token_?hash|tokenHash/i.test(body), 'no secrets');

    // Signed out: sign in first. An admin gets the same file for the customer; a customer cannot reach the admin's.
    const anonymous = await new Visitor(stack.baseUrl).get('/account/data.json');
    assert.equal(anonymous.status, 302);
    assert.match(anonymous.headers.get('location') ?? '', /^\/login\?redirectTo=/);
    const byAdmin = await admin.get(`/admin/customers/${ada.id}/data.json`);
    assert.equal(byAdmin.status, 200);
    assert.equal(JSON.parse(await byAdmin.text()).profile.email, ada.email);
    assert.equal((await other.visitor.get(`/admin/customers/${ada.id}/data.json`)).status, 403);
  });
});

describe('delete my account', () => {
  test('waits while a payment is open, then erases the personal data, ends the campaigns, deletes the files and confirms', async () => {
    const ada = await customer('delete');
    const orderNumber = await buyDigital(ada.visitor, ada.email, `Delete ${unique()}`);
    const files = (
      await db.query<{ storage_key: string }>(
        'select d.storage_key from downloads d join orders o on o.id = d.order_id where o.order_number = $1',
        [orderNumber],
      )
    ).rows.map((r) => path.join(stack.env.STORAGE_DIR!, r.storage_key));
    assert.equal(files.length, 2);
    assert.ok(files.every((f) => fs.existsSync(f)));

    // An unticked box is refused next to it; an open payment holds the deletion back, naming the order.
    const unticked = await ada.visitor.postAs('/account/privacy', {});
    assert.equal(unticked.status, 400);
    assert.match(errorByField(await unticked.text(), 'confirm') ?? '', /Tick the box/);
    await startCheckout(ada.visitor, 'NSP-PHY-A4', `Pending ${unique()}`);
    const pending = (
      await db.query<{ order_number: string }>("select order_number from orders where customer_id = $1 and status = 'pending'", [ada.id])
    ).rows[0]!.order_number;
    const held = await ada.visitor.postAs('/account/privacy', { confirm: 'on' });
    assert.equal(held.status, 409);
    assert.ok((await held.text()).includes(`${pending} is settled (its payment is still open)`));
    assert.equal((await db.query('select 1 from account_deletions where user_id = $1', [ada.id])).rowCount, 0, 'nothing started');
    await db.query("update orders set status = 'cancelled', cancelled_at = now() where order_number = $1", [pending]);

    const asked = await ada.visitor.postAs('/account/privacy', { confirm: 'on' });
    assert.equal(asked.status, 303);
    assert.equal(asked.headers.get('location'), '/account-deleted');
    assert.equal((await ada.visitor.get('/account')).status, 302, 'this browser is signed out at once');
    const record = await deletionDone(ada.id);
    assert.equal(record.email, null, 'the request keeps no address once done');
    assert.equal(record.summary.orders, 2);
    assert.equal(record.summary.files, 2);

    // The account: no name, no address, no preferences, blocked; its orders keep the accounting record only.
    const user = (await db.query('select * from users where id = $1', [ada.id])).rows[0];
    assert.equal(user.email, `deleted-${ada.id}@deleted.invalid`);
    assert.equal(user.name, null);
    assert.ok(user.deleted_at && user.blocked);
    assert.equal(user.marketing_emails, false);
    const order = (await db.query('select * from orders where order_number = $1', [orderNumber])).rows[0];
    assert.equal(order.email, null);
    assert.equal(order.customer_id, ada.id);
    assert.equal(order.total, 1500);
    assert.equal(order.status, 'paid');
    assert.deepEqual(order.shipping_address ?? null, null);
    const items = (await db.query('select personalisation, sku, line_total from order_items where order_id = $1', [order.id])).rows;
    assert.deepEqual(items, [{ personalisation: null, sku: 'NSP-DIG-A4', line_total: 1500 }]);
    assert.deepEqual(await whereTheAddressStillIs(ada.email), [], 'the address is nowhere but the confirmation');
    assert.equal((await db.query('select 1 from sessions where user_id = $1', [ada.id])).rowCount, 0);

    // The files are gone from storage and their links are dead.
    assert.ok(files.every((f) => !fs.existsSync(f)));
    const downloads = (await db.query('select status, storage_key from downloads where order_id = $1', [order.id])).rows;
    assert.ok(downloads.every((d) => d.status === 'revoked' && d.storage_key === null));

    // The welcome series ended, and the closed campaigns workflow lists no address.
    const campaigns = temporal.workflow.getHandle(`campaigns-${ada.id}`);
    await waitFor('the welcome series to end', async () => (await campaigns.describe()).status.name === 'COMPLETED');
    const { ended } = (await campaigns.result()) as { ended: Array<{ campaign: string; ended: string }> };
    assert.ok(
      ended.some((e) => e.campaign === 'welcome'),
      'the welcome series was among them',
    );
    assert.deepEqual([...new Set(ended.map((e) => e.ended))], ['unsubscribed']);
    const attributes = (await campaigns.describe()).typedSearchAttributes.getAll().map((p) => p.key.name);
    assert.ok(!attributes.includes('CustomerEmail'), `search attributes left: ${attributes.join(', ')}`);
    const run = (await db.query("select status, email from campaign_runs where user_id = $1 and campaign = 'welcome'", [ada.id])).rows[0];
    assert.deepEqual(run, { status: 'unsubscribed', email: `deleted-${ada.id}@deleted.invalid` });

    // Confirmed by email, once, to the old address.
    const confirmations = (await db.query('select subject from emails where template = \'account-deleted\' and "to" = $1', [ada.email]))
      .rows;
    assert.deepEqual(confirmations, [{ subject: 'Your Atelier account has been deleted' }]);

    // The workflow's input and result hold ids and counts only.
    const result = await temporal.workflow.getHandle(`delete-account-${ada.id}`).result();
    assert.ok(!JSON.stringify(result).includes(ada.email));
    await recordHistory(stack.temporal.address, `delete-account-${ada.id}`, 'delete-account-deleted.json');
    await recordHistory(stack.temporal.address, `campaigns-${ada.id}`, 'customer-campaigns-forgotten.json');

    // The same address later: a new, empty account.
    const back = new Visitor(stack.baseUrl);
    await signIn(db, back, ada.email);
    const newId = (await db.query<{ id: number }>('select id from users where email = $1', [ada.email])).rows[0]!.id;
    assert.notEqual(newId, ada.id);
    const again = JSON.parse(await (await back.get('/account/data.json')).text());
    assert.deepEqual(again.orders, []);
  });

  test('an admin deletes a customer’s account for a request received by email, with the reason on record', async () => {
    const bo = await customer('by-admin');
    const noReason = await admin.postAs(`/admin/customers/${bo.id}`, { intent: 'delete-account', request: '  ', confirm: 'on' });
    assert.equal(noReason.status, 400);
    assert.match(errorByField(await noReason.text(), 'request') ?? '', /Say how the request reached you/);
    const reason = `email of ${unique()}`;
    const ok = await admin.postAs(`/admin/customers/${bo.id}`, { intent: 'delete-account', request: reason, confirm: 'on' });
    assert.equal(ok.status, 200, await ok.text());
    await deletionDone(bo.id);
    assert.equal((await bo.visitor.get('/account')).status, 302, 'signed out everywhere by the workflow');
    const page = await (await admin.get(`/admin/customers/${bo.id}`)).text();
    assert.ok(page.includes(reason) && page.includes('by admin@example.com'));
    assert.match(page, /Account deleted/);
    assert.deepEqual(await whereTheAddressStillIs(bo.email), []);

    // Not a staff account — neither from the admin's page nor from its own privacy page — and not twice.
    const adminId = (await db.query<{ id: number }>("select id from users where email = 'admin@example.com'")).rows[0]!.id;
    const own = await admin.postAs(`/admin/customers/${adminId}`, { intent: 'delete-account', request: 'x', confirm: 'on' });
    assert.equal(own.status, 409);
    assert.match(await own.text(), /A staff account is deleted only once a superadmin has made it a customer account again/);
    const privacyPage = await (await admin.get('/account/privacy')).text();
    assert.match(privacyPage, /A staff account is deleted only once/);
    const self = await admin.postAs('/account/privacy', { confirm: 'on' });
    assert.equal(self.status, 409);
    assert.match(await self.text(), /A staff account is deleted only once/);
    assert.equal((await db.query('select 1 from account_deletions where user_id = $1', [adminId])).rowCount, 0);
    assert.equal((await admin.get('/admin')).status, 200, 'the admin is still signed in');
    const twice = await admin.postAs(`/admin/customers/${bo.id}`, { intent: 'delete-account', request: 'again', confirm: 'on' });
    assert.equal(twice.status, 400);
  });
});
