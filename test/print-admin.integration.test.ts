// The admin's side of print-on-demand, as a browser without JavaScript uses it: a variant's fulfilment on the product
// page; the order page's "Print provider" section with a refused print order corrected and resubmitted, then
// cancelled at the provider; the refund form's notice once the prints are in production; and the dashboard's failed
// print orders, those still waiting for the provider, and the margin.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type pg from 'pg';
import { ProcessGroup } from '../scripts/lib/process-group.ts';
import { startStack, type Stack } from '../scripts/lib/stack.ts';
import { database, errorByField, formControl, personalisation, waitFor } from './http.ts';
import { Visitor, signIn, unique } from './sign-in.ts';

let stack: Stack;
let db: pg.Pool;
let admin: Visitor;

before(async () => {
  // The provider is asked only when a webhook hints, or after 10 minutes: the stand-in's webhooks move these orders.
  stack = await startStack({
    name: 'print-admin',
    payments: 'local',
    group: new ProcessGroup(),
    env: { PRINT_PROVIDER_POLL_SECONDS: '600' },
  });
  db = database(stack.databaseUrl);
  admin = new Visitor(stack.baseUrl);
  await signIn(db, admin, 'admin@example.com', '/admin');
});
after(async () => {
  await db?.end();
  await stack?.stop();
});

async function control<T>(path: string, body: object = {}): Promise<T> {
  const res = await fetch(`${stack.printProvider.url}/control/${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  assert.ok(res.ok, `${path}: HTTP ${res.status}`);
  return (await res.json()) as T;
}

/** A 50×70 poster (the seed has the provider make it) bought through the local payment page; its order number. */
async function buyPoster(line1 = '1 Main St'): Promise<string> {
  const email = `print-admin-${unique()}@example.com`;
  const buyer = new Visitor(stack.baseUrl);
  const { rows } = await db.query<{ id: number }>("select id from product_variants where sku = 'NSP-PHY-50X70'");
  assert.equal(
    (await buyer.postAs('/products/night-sky-poster?index', { variantId: rows[0]!.id, quantity: 1, ...personalisation })).status,
    303,
  );
  const checkout = await buyer.postAs('/checkout', {});
  const pay = await buyer.postAs(new URL(checkout.headers.get('location')!).pathname, {
    intent: 'pay',
    email,
    name: 'Jane Doe',
    line1,
    city: 'Dublin',
    postal_code: 'D01 F5P2',
    country: 'IE',
  });
  assert.equal(pay.status, 303, await pay.text());
  return waitFor('paid', async () => {
    const r = await db.query<{ order_number: string }>("select order_number from orders where email = $1 and status = 'paid'", [email]);
    return r.rows[0]?.order_number;
  });
}

async function printOrder(orderNumber: string, attempt: number) {
  const { rows } = await db.query<{ status: string; provider_order_id: string | null }>(
    'select p.status, p.provider_order_id from provider_orders p join orders o on o.id = p.order_id where o.order_number = $1 and p.attempt = $2',
    [orderNumber, attempt],
  );
  return rows[0] ?? null;
}
const statusOf = async (orderNumber: string, attempt = 1) => (await printOrder(orderNumber, attempt))?.status ?? null;
const page = async (path: string) => {
  const res = await admin.get(path);
  assert.equal(res.status, 200, path);
  return res.text();
};
const formOf = (html: string, id: string) => new RegExp(`<form[^>]*id="${id}"[\\s\\S]*?</form>`).exec(html)?.[0] ?? '';

describe('print-on-demand in the admin', () => {
  test('a variant’s fulfilment: the provider needs its product id and a print size; saved and listed', async () => {
    const { rows } = await db.query<{ id: number; product_id: number }>(
      "select id, product_id from product_variants where sku = 'NSP-PHY-A4'",
    );
    const { id, product_id: productId } = rows[0]!;
    const form = { intent: 'variant', variantId: String(id), sku: 'NSP-PHY-A4', title: 'A4 poster', format: 'physical', price: '35.00' };
    const post = (change: Record<string, string>) =>
      admin.post(`/admin/products/${productId}`, { ...form, weightGrams: '300', printSize: 'A4', ...change });

    const noId = await post({ fulfilment: 'provider', providerProductId: '' });
    assert.equal(noId.status, 400);
    assert.match(errorByField(formOf(await noId.text(), `variant-${id}`), 'providerProductId') ?? '', /provider’s product id/);
    const noSize = await post({ fulfilment: 'provider', providerProductId: 'flat_a4', printSize: '' });
    assert.equal(noSize.status, 400);
    const refused = formOf(await noSize.text(), `variant-${id}`);
    assert.match(errorByField(refused, 'fulfilment') ?? '', /choose the print size/);
    assert.match(formControl(refused, 'providerProductId') ?? '', /value="flat_a4"/, 'what was typed is kept');

    const uid = 'flat_product_pf_a4_pt_200-gsm-uncoated_cl_4-0_ver';
    const saved = await post({ fulfilment: 'provider', providerProductId: uid });
    assert.equal(saved.status, 200, await saved.text());
    const { rows: after } = await db.query('select fulfilment, provider_product_id from product_variants where id = $1', [id]);
    assert.deepEqual(after[0], { fulfilment: 'provider', provider_product_id: uid });
    const listed = await page(`/admin/products/${productId}`);
    assert.match(listed, new RegExp(`print provider: ${uid}`));
    assert.match(formControl(formOf(listed, `variant-${id}`), 'providerProductId') ?? '', new RegExp(`value="${uid}"`));

    assert.equal((await post({ fulfilment: 'manual', providerProductId: '' })).status, 200);
    const { rows: back } = await db.query('select fulfilment, provider_product_id from product_variants where id = $1', [id]);
    assert.deepEqual(back[0], { fulfilment: 'manual', provider_product_id: null });
    assert.match(await page(`/admin/products/${productId}`), /made by hand/);
  });

  test('a refused print order: on the dashboard, corrected and resubmitted from the order page, then cancelled', async () => {
    const orderNumber = await buyPoster('Reject Lane 1');
    await waitFor('refused', async () => (await statusOf(orderNumber)) === 'failed', 90_000);
    const dashboard = await page('/admin');
    assert.match(
      /data-testid="failed-print-orders"[\s\S]*?<\/ul>/.exec(dashboard)?.[0] ?? '',
      new RegExp(`${orderNumber}[\\s\\S]*rejected`),
    );

    const path = `/admin/orders/${orderNumber}`;
    const failed = await waitFor('the resubmit form', async () => {
      const html = await page(path);
      return html.includes('id="resubmit-prints"') && html;
    });
    assert.match(failed, /data-testid="print-provider"/);
    assert.match(failed, /Failed — needs attention/);
    assert.match(failed, /The provider refused the order: .*rejected/);
    assert.match(
      formControl(formOf(failed, 'resubmit-prints'), 'addressLine1') ?? '',
      /value="Reject Lane 1"/,
      'the refused address to correct',
    );
    assert.match(failed, /id="cancel-prints"/);
    assert.doesNotMatch(failed, /value="ship"/, 'the provider ships it: no "Mark shipped"');

    const address = {
      firstName: 'Jane',
      lastName: 'Doe',
      addressLine1: '2 Harbour Road',
      addressLine2: '',
      city: 'Dublin',
      postCode: 'D02 X123',
      state: '',
      country: 'IE',
      email: 'jane@example.com',
      phone: '',
      reason: 'the customer sent the right street',
    };
    const wrong = await admin.post(path, { intent: 'resubmit-prints', ...address, country: 'Ireland' });
    assert.equal(wrong.status, 400);
    assert.match(errorByField(formOf(await wrong.text(), 'resubmit-prints'), 'country') ?? '', /two-letter/);
    const resubmitted = await admin.post(path, { intent: 'resubmit-prints', ...address });
    assert.equal(resubmitted.status, 200);
    assert.match(await resubmitted.text(), /Resubmitting as print order 2 to 2 Harbour Road/);
    const again = await admin.post(path, { intent: 'resubmit-prints', ...address });
    assert.equal(again.status, 400, 'one resubmission at a time');

    await waitFor('attempt 2 at the provider', async () => (await statusOf(orderNumber, 2)) === 'submitted', 90_000);
    const submitted = await page(path);
    const { provider_order_id: providerOrderId } = (await printOrder(orderNumber, 2))!;
    const attempts = [...submitted.matchAll(/data-testid="print-attempt"[^>]*>[\s\S]*?<h3[^>]*>([\s\S]*?)<\/h3>/g)].map((m) =>
      m[1]!.replace(/<!-- -->/g, ''),
    );
    assert.deepEqual(
      attempts,
      [`Print order 2: ${orderNumber}-print-2`, `Print order 1: ${orderNumber}-print-1`],
      'both attempts, newest first',
    );
    assert.match(submitted, new RegExp(`<a href="[^"]*${providerOrderId}"[^>]*>${providerOrderId}</a>`));
    assert.match(submitted, /Accepted by the printer/);
    assert.match(submitted, /Print order resubmitted by admin@example.com to 2 Harbour Road/);
    assert.match(submitted, /A full refund also cancels the print order at the provider/);
    assert.doesNotMatch(submitted, /id="resubmit-prints"/);

    const short = await admin.post(path, { intent: 'cancel-prints', reason: 'no' });
    assert.equal(short.status, 400);
    assert.match(errorByField(formOf(await short.text(), 'cancel-prints'), 'reason') ?? '', /at least 3 characters/);
    const cancel = await admin.post(path, { intent: 'cancel-prints', reason: 'the customer changed their mind' });
    assert.equal(cancel.status, 200);
    await waitFor('cancelled at the provider', async () => (await statusOf(orderNumber, 2)) === 'cancelled', 90_000);
    const cancelled = await page(path);
    assert.match(cancelled, /Cancelled at the printer/);
    assert.match(cancelled, /cancelled at the provider: cancelled by admin@example.com: the customer changed their mind/);
    assert.doesNotMatch(cancelled, /id="cancel-prints"/);

    const margin = /data-testid="print-margin"[\s\S]*?<\/section>/.exec(await page('/admin'))?.[0] ?? '';
    assert.match(margin, /Margin %/, 'a month with a print order the provider accepted');
  });

  test('once in production the refund form says a refund will not stop the prints', async () => {
    const orderNumber = await buyPoster();
    await waitFor('submitted', async () => (await statusOf(orderNumber)) === 'submitted', 90_000);
    const { provider_order_id: id } = (await printOrder(orderNumber, 1))!;
    await control(`orders/${encodeURIComponent(id!)}/advance`);
    await waitFor('in production', async () => (await statusOf(orderNumber)) === 'in_production');
    const html = await page(`/admin/orders/${orderNumber}`);
    assert.match(html, /already in production at the provider: they cannot be cancelled/);
    assert.doesNotMatch(html, /id="cancel-prints"/);
    assert.match(html, /The print provider ships this order/);
  });

  test('a provider away: the print order waits on the dashboard with its tries and error', async () => {
    await control('outage', { seconds: 60 });
    const orderNumber = await buyPoster();
    await waitFor(
      'a try failed',
      async () => {
        const r = await db.query<{ submit_tries: number }>(
          'select p.submit_tries from provider_orders p join orders o on o.id = p.order_id where o.order_number = $1',
          [orderNumber],
        );
        return (r.rows[0]?.submit_tries ?? 0) > 0;
      },
      90_000,
    );
    const waiting = /data-testid="waiting-print-orders"[\s\S]*?<\/ul>/.exec(await page('/admin'))?.[0] ?? '';
    assert.match(waiting, new RegExp(`${orderNumber}-print-1`));
    assert.match(waiting, /failed tr(y|ies)/);
    const order = await page(`/admin/orders/${orderNumber}`);
    assert.match(order, /Sending to the printer/);
    assert.match(order, /so far; last error: /);
    await waitFor('submitted after the outage', async () => (await statusOf(orderNumber)) === 'submitted', 240_000);
  });
});
