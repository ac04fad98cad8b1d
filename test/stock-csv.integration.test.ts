// Stock as CSV on the whole stack: the admin downloads the stock table (/admin/stock.csv) and uploads shelf counts
// on /admin/stock, as a browser without JavaScript sends a file. An import is all or nothing: a file with bad rows
// changes nothing and lists every bad row by its line; a good one sets each count with an `adjusted` movement, so
// the levels stay the sums of the movement log. Files that cannot be counts are refused with why; only admins may.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'csv-parse/sync';
import type pg from 'pg';
import { ProcessGroup } from '../scripts/lib/process-group.ts';
import { startStack, type Stack } from '../scripts/lib/stack.ts';
import { database, waitFor } from './http.ts';
import { Visitor, signIn } from './sign-in.ts';

let stack: Stack;
let db: pg.Pool;
let admin: Visitor;

before(async () => {
  stack = await startStack({ name: 'stock-csv', payments: 'local', group: new ProcessGroup() });
  db = database(stack.databaseUrl);
  admin = new Visitor(stack.baseUrl);
  assert.equal((await signIn(db, admin, 'admin@example.com', '/admin/stock')).status, 303);
});
after(async () => {
  await db?.end();
  await stack?.stop();
});

interface Level {
  id: number;
  sku: string;
  track_inventory: boolean;
  on_hand: number;
  reserved: number;
  low_stock_threshold: number;
}

async function levels(): Promise<Map<string, Level>> {
  const { rows } = await db.query<Level>(
    "select id, sku, track_inventory, on_hand, reserved, low_stock_threshold from product_variants where format <> 'digital' order by id",
  );
  return new Map(rows.map((r) => [r.sku, r]));
}

const movementCount = async () => (await db.query<{ n: number }>('select count(*)::int as n from stock_movements')).rows[0]!.n;

/** Every shelf variant's on hand and reserved are the sums of its movement log. */
async function assertLogMatches() {
  const { rows } = await db.query<{ sku: string; on_hand: number; reserved: number; logged_on_hand: number; logged_reserved: number }>(
    `select v.sku, v.on_hand, v.reserved, coalesce(sum(m.on_hand_delta), 0)::int as logged_on_hand, coalesce(sum(m.reserved_delta), 0)::int as logged_reserved
       from product_variants v left join stock_movements m on m.variant_id = v.id
      where v.format <> 'digital' group by v.id order by v.id`,
  );
  for (const r of rows)
    assert.deepEqual([r.logged_on_hand, r.logged_reserved], [r.on_hand, r.reserved], `${r.sku}: levels are the log's sums`);
}

/** The import form as a browser sends it (multipart, with the shop's Origin); `file` null: no file chosen. */
async function upload(v: Visitor, file: { name: string; content: string | Uint8Array } | null): Promise<Response> {
  const form = new FormData();
  const bytes = file ? (typeof file.content === 'string' ? file.content : new Uint8Array(file.content)) : null;
  form.set(
    'file',
    bytes !== null ? new Blob([bytes], { type: 'text/csv' }) : new Blob([], { type: 'application/octet-stream' }),
    file?.name ?? '',
  );
  form.set('intent', 'import');
  return fetch(new URL('/admin/stock', stack.baseUrl), {
    method: 'POST',
    body: form,
    headers: { Cookie: v.cookieHeader, Origin: new URL(stack.baseUrl).origin, 'X-Forwarded-For': v.ip },
    redirect: 'manual',
  });
}

/** Lines of text in a page, as a reader sees them (tags gone, entities decoded). */
const textOf = (html: string) =>
  html
    .replace(/<[^>]+>/g, '\n')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&amp;/g, '&');

describe('stock as CSV', () => {
  test('the stock page links the download and has an import form that works without JavaScript', async () => {
    const page = await (await admin.get('/admin/stock')).text();
    assert.match(page, /<a href="\/admin\/stock\.csv" download="">Download stock \(CSV\)<\/a>/);
    const form = /<form[^>]*enctype="multipart\/form-data"[^>]*>[\s\S]*?<\/form>/i.exec(page)?.[0] ?? '';
    assert.match(form, /method="post"/);
    assert.match(form, /<input[^>]*type="file"[^>]*name="file"|<input[^>]*name="file"[^>]*type="file"/);
    assert.match(form, /<button[^>]*name="intent"[^>]*value="import"/);
  });

  test('the export has every shelf item, digital files none, and the numbers of the database', async () => {
    const res = await admin.get('/admin/stock.csv');
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'text/csv; charset=utf-8');
    assert.equal(res.headers.get('cache-control'), 'private, no-store');
    assert.match(res.headers.get('content-disposition') ?? '', /^attachment; filename="stock-\d{4}-\d{2}-\d{2}\.csv"$/);
    const text = await res.text();
    assert.equal(text.split('\r\n')[0], 'sku,product,variant,tracked,on_hand,reserved,available,low_stock_threshold');
    const rows = parse(text, { columns: true }) as Array<Record<string, string>>;
    const stored = await levels();
    assert.deepEqual(rows.map((r) => r.sku).sort(), [...stored.keys()].sort(), 'one row per physical or bundle variant');
    assert.ok(!rows.some((r) => r.sku!.startsWith('NSP-DIG-')), 'no digital files');
    for (const r of rows) {
      const v = stored.get(r.sku!)!;
      const expected = v.track_inventory
        ? {
            tracked: 'yes',
            on_hand: String(v.on_hand),
            reserved: String(v.reserved),
            available: String(Math.max(0, v.on_hand - v.reserved)),
          }
        : { tracked: 'no', on_hand: '', reserved: '', available: '' };
      assert.deepEqual(
        { tracked: r.tracked, on_hand: r.on_hand, reserved: r.reserved, available: r.available, low: r.low_stock_threshold },
        { ...expected, low: String(v.low_stock_threshold) },
        r.sku,
      );
    }
    const mug = rows.find((r) => r.sku === 'MUG-SPK')!;
    assert.deepEqual([mug.product, mug.variant, mug.tracked, mug.on_hand], ['Stoneware Mug', 'Speckled white', 'yes', '500']);
    assert.equal(rows.find((r) => r.sku === 'NSP-PHY-A4')?.tracked, 'no', 'posters are printed to order');

    // Imported back as it is, the export changes nothing: the tracked rows are unchanged, the others skipped.
    const before = await movementCount();
    const again = await upload(admin, { name: 'stock.csv', content: text });
    assert.equal(again.status, 200, await again.clone().text());
    const tracked = rows.filter((r) => r.tracked === 'yes').length;
    const untracked = rows.length - tracked;
    assert.match(
      textOf(await again.text()),
      new RegExp(
        `Imported ${tracked} counts: 0 changed, ${tracked} unchanged\\. ${untracked} rows without an on_hand left as they were\\.`,
      ),
    );
    assert.equal(await movementCount(), before, 'no movement for counts that change nothing');
    assert.deepEqual(await levels(), stored);
  });

  test('a valid import sets each count with an adjusted movement by the admin, and starts tracking a counted poster', async () => {
    const was = await levels();
    const file = [
      'SKU,On hand,Reason',
      'MUG-SPK,480,stocktake',
      `MUG-MID,${was.get('MUG-MID')!.on_hand},`,
      'NSP-PHY-A4,25,',
      'TOTE-NAT,503,found 3',
    ];
    const before = await movementCount();
    const res = await upload(admin, { name: 'counts-march.csv', content: `${file.join('\n')}\n` });
    assert.equal(res.status, 200);
    assert.match(textOf(await res.text()), /Imported 4 counts: 3 changed, 1 unchanged\./);

    const now = await levels();
    assert.equal(now.get('MUG-SPK')!.on_hand, 480);
    assert.equal(now.get('MUG-MID')!.on_hand, was.get('MUG-MID')!.on_hand);
    assert.deepEqual([now.get('NSP-PHY-A4')!.on_hand, now.get('NSP-PHY-A4')!.track_inventory], [25, true]);
    assert.equal(now.get('TOTE-NAT')!.on_hand, 503);
    const { rows } = await db.query<{
      sku: string;
      kind: string;
      on_hand_delta: number;
      reserved_delta: number;
      actor: string;
      reason: string;
    }>(
      `select v.sku, m.kind, m.on_hand_delta, m.reserved_delta, m.actor, m.reason from stock_movements m join product_variants v on v.id = m.variant_id
        order by m.id desc limit 3`,
    );
    assert.deepEqual(
      rows.sort((a, b) => a.sku.localeCompare(b.sku)),
      [
        {
          sku: 'MUG-SPK',
          kind: 'adjusted',
          on_hand_delta: 480 - was.get('MUG-SPK')!.on_hand,
          reserved_delta: 0,
          actor: 'admin@example.com',
          reason: 'stocktake',
        },
        {
          sku: 'NSP-PHY-A4',
          kind: 'adjusted',
          on_hand_delta: 25,
          reserved_delta: 0,
          actor: 'admin@example.com',
          reason: 'CSV import counts-march.csv',
        },
        { sku: 'TOTE-NAT', kind: 'adjusted', on_hand_delta: 3, reserved_delta: 0, actor: 'admin@example.com', reason: 'found 3' },
      ],
    );
    assert.equal(await movementCount(), before + 3, 'the unchanged mug has no movement');
    await assertLogMatches();
    // The shop sees the new numbers (the catalogue cache was dropped): the poster is now counted.
    const exported = parse(await (await admin.get('/admin/stock.csv')).text(), { columns: true }) as Array<Record<string, string>>;
    assert.deepEqual(
      exported.filter((r) => r.sku === 'NSP-PHY-A4').map((r) => [r.tracked, r.on_hand]),
      [['yes', '25']],
    );
  });

  test('a file with bad rows changes nothing, and the form lists every bad row by its line next to the file field', async () => {
    const was = await levels();
    const before = await movementCount();
    const file = [
      'sku,on_hand,reason',
      'MUG-SPK,10,',
      'MUG-MID,12,',
      'NOPE-1,4,',
      'FRM-OAK-A4,-2,',
      'FRM-OAK-A3,twelve,',
      'MUG-SPK,11,',
      'TOTE-NAT,5,',
      'NSP-DIG-A4,1,',
    ];
    const res = await upload(admin, { name: 'bad.csv', content: file.join('\n') });
    assert.equal(res.status, 400);
    const html = await res.text();
    const expected = [
      'Line 4: unknown SKU NOPE-1',
      'Line 5: on_hand must be a whole number 0 or more',
      'Line 6: on_hand must be a whole number 0 or more',
      'Line 7: MUG-SPK appears twice (line 2)',
      'Line 9: NSP-DIG-A4 is a digital item: it has no stock',
    ];
    const list = /<ul id="([^"]+)" class="field-error">([\s\S]*?)<\/ul>/.exec(html);
    assert.ok(list, 'the errors are listed');
    assert.deepEqual(
      [...list[2]!.matchAll(/<li>([^<]*)<\/li>/g)].map((m) => textOf(m[1]!)),
      expected,
    );
    const input = /<input[^>]*name="file"[^>]*>/.exec(html)?.[0] ?? '';
    assert.match(input, /aria-invalid="true"/);
    assert.match(input, new RegExp(`aria-describedby="[^"]*\\b${list[1]}\\b`), 'the file field points at the list');
    assert.equal(await movementCount(), before, 'no movement');
    assert.deepEqual(await levels(), was, 'no level changed, not even of the good rows');
  });

  test('files that cannot be counts are refused as a whole, with why', async () => {
    const before = await movementCount();
    const refusal = async (file: { name: string; content: string | Uint8Array } | null, status = 400) => {
      const res = await upload(admin, file);
      assert.equal(res.status, status, file?.name ?? 'no file');
      return textOf(await res.text());
    };
    assert.match(await refusal(null), /Choose a CSV file/);
    assert.match(await refusal({ name: 'empty.csv', content: '' }), /The file is empty/);
    assert.match(await refusal({ name: 'header.csv', content: 'sku,on_hand\n' }), /The file has no counts: only the header line/);
    assert.match(
      await refusal({ name: 'columns.csv', content: 'sku,count\nMUG-SPK,3\n' }),
      /The first line must name the columns sku and on_hand \(no on_hand column found\)/,
    );
    const rows = ['sku,on_hand', ...Array.from({ length: 5001 }, (_, i) => `SKU-${i},1`)].join('\n');
    assert.match(await refusal({ name: 'many.csv', content: rows }), /The file has 5,001 rows: at most 5,000 at a time/);
    assert.match(
      await refusal({ name: 'latin1.csv', content: Buffer.from('sku,on_hand\nMUG-SPK,1,caf\xe9\n', 'latin1') }),
      /not UTF-8 text/,
    );
    const zip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00]);
    assert.match(await refusal({ name: 'counts.xlsx', content: zip }), /not a CSV text file/);
    // Over 1 MB: the form says so (the upload is not read past the limit). Far over it (past the web server's 2 MB for
    // this page) the upload is refused before the page reads it: a 413, or the connection closed while it is still sent.
    const big = `sku,on_hand\n${'MUG-SPK,1\n'.repeat(110_000)}`;
    assert.match(await refusal({ name: 'big.csv', content: big }, 413), /The file is larger than 1 MB/);
    const huge = await upload(admin, { name: 'huge.csv', content: new Uint8Array(3 * 1024 * 1024).fill(0x41) }).then(
      (res) => res.status,
      () => 'closed',
    );
    assert.ok(huge === 413 || huge === 'closed', `a 3 MB upload: ${huge}`);
    assert.equal(await movementCount(), before, 'nothing was imported');
    // The page still works afterwards (a pooled connection the refusal closed may fail once on the client's side).
    await waitFor(
      'the stock page to answer again',
      async () => (await admin.get('/admin/stock').catch(() => null))?.status === 200,
      10_000,
    );
  });

  test('only admins: a customer is refused the export and the import, a visitor is sent to sign in', async () => {
    const anonymous = new Visitor(stack.baseUrl);
    const toLogin = await anonymous.getAs('/admin/stock.csv');
    assert.equal(toLogin.status, 302);
    assert.match(toLogin.headers.get('location') ?? '', /^\/login\?redirectTo=%2Fadmin%2Fstock\.csv/);
    const customer = new Visitor(stack.baseUrl);
    await signIn(db, customer, `shopper-${Date.now()}@example.com`);
    const res = await customer.getAs('/admin/stock.csv');
    assert.equal(res.status, 403);
    assert.doesNotMatch(await res.text(), /MUG-SPK/);
    const was = await levels();
    assert.equal((await upload(customer, { name: 'c.csv', content: 'sku,on_hand\nMUG-SPK,1\n' })).status, 403);
    assert.equal((await upload(anonymous, { name: 'c.csv', content: 'sku,on_hand\nMUG-SPK,1\n' })).status, 302);
    assert.deepEqual(await levels(), was, 'nothing changed');
  });
});
