// Rendering and downloads against the running shop (local payments, local storage): a paid digital
// order gets its files, the customer downloads them through signed links, bad links are refused,
// admins re-render and regenerate links, a killed worker still delivers once, a full refund revokes.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type pg from 'pg';
import { ProcessGroup } from '../scripts/lib/process-group.ts';
import { findTool } from '../scripts/tools.mjs';
import { TEST_SESSION_SECRET, startStack, type Stack } from '../scripts/lib/stack.ts';
import { signFileToken } from '#server/storage/file-links.server.ts';
import { database, personalisation, waitFor } from './http.ts';
import { Visitor, signIn, unique } from './sign-in.ts';

let stack: Stack;
let db: pg.Pool;
let admin: Visitor;

before(async () => {
  stack = await startStack({ name: 'render', payments: 'local', group: new ProcessGroup(), env: { RENDER_CONCURRENCY: '1' } });
  db = database(stack.databaseUrl);
  admin = new Visitor(stack.baseUrl);
  await signIn(db, admin, 'admin@example.com', '/admin');
});
after(async () => {
  await db?.end();
  await stack?.stop();
});

interface DownloadRow {
  id: number;
  kind: string;
  status: string;
  storage_key: string | null;
  size: number | null;
  checksum: string | null;
  attempts: number;
  rendered_at: Date | null;
  file_name: string;
}

const downloads = async (orderNumber: string) =>
  (
    await db.query<DownloadRow>(
      'select d.id, d.kind, d.status, d.storage_key, d.size, d.checksum, d.attempts, d.rendered_at, d.file_name from downloads d join orders o on o.id = d.order_id where o.order_number = $1 order by d.item_id, d.kind',
      [orderNumber],
    )
  ).rows;

const emailsOf = async (orderNumber: string, template: string) =>
  (
    await db.query<{ n: number }>('select count(*)::int as n from emails where order_number = $1 and template = $2', [
      orderNumber,
      template,
    ])
  ).rows[0]!.n;

/** A signed-in customer buys the given variants (with the test personalisation) through the local payment page. */
async function buy(skus: string[]): Promise<{ orderNumber: string; buyer: Visitor; email: string }> {
  const email = `render-${unique()}@example.com`;
  const buyer = new Visitor(stack.baseUrl);
  await signIn(db, buyer, email);
  for (const sku of skus) {
    const { rows } = await db.query<{ id: number; slug: string }>(
      'select v.id, p.slug from product_variants v join products p on p.id = v.product_id where v.sku = $1',
      [sku],
    );
    assert.equal(
      (
        await buyer.postAs(`/products/${rows[0]!.slug}?index`, {
          variantId: rows[0]!.id,
          quantity: 1,
          ...personalisation,
          title: `Print ${unique()}`,
        })
      ).status,
      303,
    );
  }
  const checkout = await buyer.postAs('/checkout', {});
  const payUrl = new URL(checkout.headers.get('location')!);
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
  const orderNumber = await waitFor('paid order', async () => {
    const r = await db.query<{ order_number: string }>("select order_number from orders where email = $1 and status = 'paid'", [email]);
    return r.rows[0]?.order_number;
  });
  return { orderNumber, buyer, email };
}

const allReady = (orderNumber: string, count: number) =>
  waitFor(
    `${count} files of ${orderNumber}`,
    async () => {
      const rows = await downloads(orderNumber);
      return rows.length === count && rows.every((r) => r.status === 'ready') && rows;
    },
    120_000,
  );

/** The /files/ links the page shows, by kind. */
function linksIn(html: string): string[] {
  return [...html.matchAll(/href="(\/files\/[^"]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));
}

/** The admin's re-render; refused (409) while the order's previous render is still finishing, so asked again. */
const rerender = (orderNumber: string) =>
  waitFor(
    'the re-render to start',
    async () => (await admin.postAs(`/admin/orders/${orderNumber}`, { intent: 'rerender', itemId: 'all' })).status === 200,
  );

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('render and download', () => {
  let orderNumber: string;
  let buyer: Visitor;
  let links: string[];

  test('a paid digital order gets a PNG and a PDF, stored with size and checksum, and one files-ready email', async () => {
    ({ orderNumber, buyer } = await buy(['NSP-DIG-A4']));
    const rows = await allReady(orderNumber, 2);
    assert.deepEqual(
      rows.map((r) => r.kind),
      ['pdf', 'png'],
    );
    for (const r of rows) {
      const file = path.join(stack.env.STORAGE_DIR!, ...r.storage_key!.split('/'));
      const bytes = fs.readFileSync(file);
      assert.equal(bytes.length, r.size);
      assert.equal(sha256(bytes), r.checksum);
    }
    await waitFor('files-ready email', async () => (await emailsOf(orderNumber, 'files-ready')) === 1);
    const { rows: mail } = await db.query<{ html: string }>(
      "select html from emails where order_number = $1 and template = 'files-ready'",
      [orderNumber],
    );
    assert.match(mail[0]!.html, new RegExp(`/account/orders/${orderNumber}`), 'links to the order page');
    assert.doesNotMatch(mail[0]!.html, /\/files\//, 'never to the files');
    if (process.env.RECORD_HISTORY_DIR) {
      // Histories for the replay test: a paid digital order's checkout (it starts the render child) and its render.
      await waitFor('both workflows closed', async () => {
        const show = (id: string) =>
          JSON.parse(
            execFileSync(findTool('temporal')!, [
              'workflow',
              'describe',
              '--address',
              stack.temporal.address,
              '--workflow-id',
              id,
              '--output',
              'json',
            ]).toString(),
          ) as { workflowExecutionInfo: { status: string } };
        return [`checkout-${orderNumber}`, `render-${orderNumber}`].every(
          (id) => show(id).workflowExecutionInfo.status === 'WORKFLOW_EXECUTION_STATUS_COMPLETED',
        );
      });
      for (const [id, file] of [
        [`checkout-${orderNumber}`, 'checkout-paid-render.json'],
        [`render-${orderNumber}`, 'render-done.json'],
      ] as const) {
        const json = execFileSync(findTool('temporal')!, [
          'workflow',
          'show',
          '--address',
          stack.temporal.address,
          '--workflow-id',
          id,
          '--output',
          'json',
        ]);
        fs.writeFileSync(path.join(process.env.RECORD_HISTORY_DIR, file), json);
      }
    }
  });

  test("the customer's order page lists the files with links that serve them (type, length, name, bytes)", async () => {
    const page = await buyer.get(`/account/orders/${orderNumber}`);
    assert.equal(page.status, 200);
    const html = await page.text();
    links = linksIn(html);
    assert.equal(links.length, 2);
    const rows = await downloads(orderNumber);
    for (const r of rows) assert.ok(!html.includes(r.storage_key!), 'the storage key never reaches the browser');
    assert.match(html, /PNG · 300 dpi · 2480 × 3508 px/);
    assert.match(html, /PDF · vector · 210 × 297 mm/);
    for (const link of links) {
      const res = await fetch(new URL(link, stack.baseUrl));
      assert.equal(res.status, 200);
      const body = Buffer.from(await res.arrayBuffer());
      const row = rows.find((r) => r.checksum === sha256(body));
      assert.ok(row, 'the bytes are a stored file');
      assert.equal(res.headers.get('content-type'), row.kind === 'png' ? 'image/png' : 'application/pdf');
      assert.equal(res.headers.get('content-length'), String(row.size));
      assert.match(
        res.headers.get('content-disposition') ?? '',
        new RegExp(`^attachment; filename="${row.file_name.replace(/\./g, '\\.')}"`),
      );
      assert.equal(res.headers.get('cache-control'), 'private, no-store');
      const head = await fetch(new URL(link, stack.baseUrl), { method: 'HEAD' });
      assert.equal(head.status, 200);
      assert.equal(head.headers.get('content-length'), String(row.size));
    }
    const counted = await db.query<{ n: number }>(
      'select sum(download_count)::int as n from downloads d join orders o on o.id = d.order_id where o.order_number = $1',
      [orderNumber],
    );
    assert.equal(counted.rows[0]!.n, 2, 'each GET counted, HEADs not');
  });

  test('tampered, expired and stale links are refused, and regenerating links retires the old ones', async () => {
    const link = links[0]!;
    const token = link.slice('/files/'.length);
    const [id, version, exp, sig] = token.split('.') as [string, string, string, string];
    const get = (t: string) => fetch(new URL(`/files/${t}`, stack.baseUrl));
    // Another download's id (another order's file) under this signature.
    const { rows: others } = await db.query<{ id: number }>('select id from downloads where id <> $1 order by id limit 1', [
      parseInt(id, 36),
    ]);
    if (others[0]) assert.equal((await get([others[0].id.toString(36), version, exp, sig].join('.'))).status, 404);
    assert.equal((await get([id, version, (parseInt(exp, 36) + 3600).toString(36), sig].join('.'))).status, 404, 'a longer expiry');
    assert.equal((await get([id, version, exp, `${sig.slice(0, -2)}xx`].join('.'))).status, 404, 'a changed signature');
    assert.equal((await get('not-a-token')).status, 404);
    const expired = await get(signFileToken(parseInt(id, 36), parseInt(version, 36), new Date(Date.now() - 60_000), TEST_SESSION_SECRET));
    assert.equal(expired.status, 410);
    assert.match(await expired.text(), /expired/);

    const regenerate = await admin.postAs(`/admin/orders/${orderNumber}`, { intent: 'regenerate-links' });
    assert.equal(regenerate.status, 200);
    assert.match(await regenerate.text(), /New links made for 2 files/);
    const old = await get(token);
    assert.equal(old.status, 410, 'the old link no longer works');
    assert.match(await old.text(), /replaced/);
    const fresh = linksIn(await (await buyer.get(`/account/orders/${orderNumber}`)).text());
    assert.equal((await fetch(new URL(fresh[0]!, stack.baseUrl))).status, 200, 'the page mints working links again');
  });

  test('the admin order page lists the files with admin links, and a re-render makes them again (no second email)', async () => {
    const page = await admin.get(`/admin/orders/${orderNumber}`);
    const html = await page.text();
    assert.equal(linksIn(html).length, 2);
    assert.match(html, /Re-render/);
    const before = await downloads(orderNumber);
    await rerender(orderNumber);
    const after = await waitFor(
      're-rendered files',
      async () => {
        const rows = await downloads(orderNumber);
        return rows.every((r, i) => r.status === 'ready' && r.attempts === before[i]!.attempts + 1) && rows;
      },
      120_000,
    );
    for (const [i, r] of after.entries()) assert.ok(r.rendered_at! > before[i]!.rendered_at!);
    await waitFor('the re-render workflow to finish', async () => {
      const { rows } = await db.query<{ n: number }>(
        "select count(*)::int as n from order_events e join orders o on o.id = e.order_id where o.order_number = $1 and e.type = 'rerender'",
        [orderNumber],
      );
      return rows[0]!.n === 1;
    });
    assert.equal(await emailsOf(orderNumber, 'files-ready'), 1, 'the customer was told once');
  });

  test('a design that cannot be rendered is marked failed, the admins are emailed and the dashboard lists it; fixed, a re-render makes it', async () => {
    const { orderNumber: broken } = await buy(['NSP-DIG-A4']);
    await allReady(broken, 2);
    // The stored design goes bad (as a bug or a bad import might leave it): the next render refuses it for good.
    await db.query(
      `update order_items set personalisation = jsonb_set(personalisation, '{date}', '"2025-02-30"') where order_id = (select id from orders where order_number = $1)`,
      [broken],
    );
    await rerender(broken);
    await waitFor('failed files', async () => (await downloads(broken)).every((r) => r.status === 'failed'), 60_000);
    await waitFor('the render-failed email', async () => (await emailsOf(broken, 'render-failed')) >= 1);
    const dashboard = (await (await admin.get('/admin')).text()).replace(/<!-- -->/g, '');
    assert.match(dashboard, new RegExp(`${broken}</a> · Night Sky Print`));
    assert.match(dashboard, /invalid personalisation/);
    const customerPage = await (await admin.get(`/admin/orders/${broken}`)).text();
    assert.match(customerPage, /failed: invalid personalisation/);

    await db.query(
      `update order_items set personalisation = jsonb_set(personalisation, '{date}', '"2025-02-28"') where order_id = (select id from orders where order_number = $1)`,
      [broken],
    );
    await rerender(broken);
    await allReady(broken, 2);
  });

  test('the rendering worker killed mid-render and restarted: the files still arrive, once', async () => {
    const { orderNumber: big } = await buy(['NSP-DIG-50X70']);
    await waitFor('a render in progress', async () => (await downloads(big)).some((r) => r.status === 'rendering'), 60_000);
    await stack.killWorker();
    stack.startWorker();
    const rows = await allReady(big, 2);
    assert.ok(
      rows.every((r) => r.attempts >= 2),
      `rendered again after the crash (attempts ${rows.map((r) => r.attempts).join(', ')})`,
    );
    await waitFor('files-ready email', async () => (await emailsOf(big, 'files-ready')) === 1);
    // Exactly the two files, no half-written leftovers.
    const dir = path.dirname(path.join(stack.env.STORAGE_DIR!, ...rows[0]!.storage_key!.split('/')));
    assert.deepEqual(fs.readdirSync(dir).sort(), rows.map((r) => path.basename(r.storage_key!)).sort());
    await new Promise((r) => setTimeout(r, 1000));
    assert.equal(await emailsOf(big, 'files-ready'), 1);
  });

  test('a full refund revokes the downloads: links refuse, the page no longer lists them', async () => {
    const { orderNumber: refunded, buyer: owner } = await buy(['NSP-DIG-A4']);
    await allReady(refunded, 2);
    const link = linksIn(await (await owner.get(`/account/orders/${refunded}`)).text())[0]!;
    assert.equal((await fetch(new URL(link, stack.baseUrl))).status, 200);
    const { rows } = await db.query<{ total: number }>('select total from orders where order_number = $1', [refunded]);
    const res = await admin.postAs(`/admin/orders/${refunded}`, {
      intent: 'refund',
      kind: 'amount',
      amount: (rows[0]!.total / 100).toFixed(2),
      reason: 'changed their mind',
    });
    assert.equal(res.status, 200, await res.text());
    await waitFor('revoked downloads', async () => (await downloads(refunded)).every((r) => r.status === 'revoked'), 60_000);
    const gone = await fetch(new URL(link, stack.baseUrl));
    assert.equal(gone.status, 410);
    const page = await (await owner.get(`/account/orders/${refunded}`)).text();
    assert.equal(linksIn(page).length, 0);
  });
});
