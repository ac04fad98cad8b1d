// The admin's catalog on the whole stack: a product made from scratch (draft → options → on sale) that a
// customer sees and buys; slugs and SKUs stay unique; photos are judged by their bytes (a renamed text file,
// a 40-megapixel picture and an SVG are refused with reasons) and kept without their metadata; a product
// archived while in a cart stops that cart's checkout with a message; a price changed since the cart was
// filled is explained; digital options take a price in print credits, and a product not personalised sells credit
// packs (the seeded "Print credits" among them). Every form answers by its field and keeps what was typed.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type pg from 'pg';
import sharp from 'sharp';
import { ProcessGroup } from '../scripts/lib/process-group.ts';
import { startStack, type Stack } from '../scripts/lib/stack.ts';
import { database, errorByField, formControl, waitFor } from './http.ts';
import { Visitor, signIn, unique } from './sign-in.ts';

let stack: Stack;
let db: pg.Pool;
let admin: Visitor;

before(async () => {
  stack = await startStack({ name: 'products', payments: 'local', group: new ProcessGroup() });
  db = database(stack.databaseUrl);
  admin = new Visitor(stack.baseUrl);
  await signIn(db, admin, 'admin@example.com', '/admin/products');
});
after(async () => {
  await db?.end();
  await stack?.stop();
});

const product = async (slug: string) =>
  (await db.query<{ id: number; status: string; title: string }>('select id, status, title from products where slug = $1', [slug])).rows[0];

/** Creates a draft product with one physical option, puts it on sale; returns its id and the option's id. */
async function productOnSale(slug: string, price = '18.00') {
  const created = await admin.post('/admin/products/new', {
    intent: 'product',
    title: `Linen Napkin ${slug}`,
    slug,
    description: 'Stonewashed linen.',
    kind: 'good',
    art: 'card',
    status: 'draft',
  });
  assert.equal(created.status, 303, await created.text());
  const id = Number(/\/admin\/products\/(\d+)/.exec(created.headers.get('location')!)![1]);
  const sku = `NAP-${unique().toUpperCase()}`;
  const added = await admin.post(`/admin/products/${id}`, {
    intent: 'variant',
    sku,
    title: 'Natural',
    format: 'physical',
    price,
    weightGrams: '80',
  });
  assert.equal(added.status, 200, await added.text());
  const onSale = await admin.post(`/admin/products/${id}`, {
    intent: 'product',
    title: `Linen Napkin ${slug}`,
    slug,
    description: 'Stonewashed linen.',
    kind: 'good',
    art: 'card',
    status: 'active',
  });
  assert.equal(onSale.status, 200, await onSale.text());
  const variant = (await db.query<{ id: number }>('select id from product_variants where sku = $1', [sku])).rows[0]!;
  return { id, sku, variantId: variant.id };
}

async function upload(productId: number, file: { bytes: Buffer; name: string; type: string }, alt = 'A napkin folded on oak') {
  const form = new FormData();
  form.set('intent', 'upload');
  form.set('alt', alt);
  form.set('photo', new Blob([new Uint8Array(file.bytes)], { type: file.type }), file.name);
  return fetch(new URL(`/admin/products/${productId}/photos`, stack.baseUrl), {
    method: 'POST',
    body: form,
    headers: { Cookie: admin.cookieHeader, Origin: new URL(stack.baseUrl).origin, 'X-Forwarded-For': admin.ip },
    redirect: 'manual',
  });
}

describe('admin catalog', () => {
  test('a new product: draft, refused until it has an option, then on sale and bought at its price', async () => {
    const slug = `napkin-${unique()}`;
    // On sale without any option: refused by the status field, what was typed kept.
    const early = await admin.post('/admin/products/new', {
      intent: 'product',
      title: 'Napkin',
      slug,
      description: 'Linen.',
      kind: 'good',
      status: 'active',
    });
    assert.equal(early.status, 400);
    const html = await early.text();
    assert.match(errorByField(html, 'status') ?? '', /Add at least one option/);
    assert.match(formControl(html, 'title') ?? '', /value="Napkin"/);
    assert.equal(await product(slug), undefined, 'nothing saved');

    const { id, variantId } = await productOnSale(slug);
    // No tax category chosen: plain goods that ship are general goods.
    const category = await db.query<{ tax_category: string }>('select tax_category from product_variants where id = $1', [variantId]);
    assert.equal(category.rows[0]?.tax_category, 'general');
    const page = await (await admin.get(`/products/${slug}`)).text();
    assert.match(page, /Linen Napkin/);
    assert.match(page, /€18\.00/);
    const list = await (await admin.get(`/admin/products?q=${slug}`)).text();
    assert.match(list, new RegExp(`data-slug="${slug}"`));
    assert.match(list, /On sale/);

    // A customer buys it; the order keeps the title and price even after the admin changes them.
    const buyer = new Visitor(stack.baseUrl);
    assert.equal((await buyer.postAs(`/products/${slug}?index`, { variantId, quantity: 2 })).status, 303);
    const checkout = await buyer.postAs('/checkout', {});
    assert.equal(checkout.status, 303, await checkout.text());
    const order = await db.query<{ subtotal: number }>(
      'select o.subtotal from orders o join order_items i on i.order_id = o.id where i.variant_id = $1',
      [variantId],
    );
    assert.equal(order.rows[0]?.subtotal, 3600);
    assert.ok(id > 0);
  });

  test('slugs and SKUs are unique; prices, former prices and weights are checked by their fields', async () => {
    const { id, sku } = await productOnSale(`napkin-${unique()}`);
    const taken = await admin.post(`/admin/products/new`, {
      intent: 'product',
      title: 'Another',
      slug: 'stoneware-mug',
      description: 'x',
      kind: 'good',
      status: 'draft',
    });
    assert.equal(taken.status, 400);
    assert.match(errorByField(await taken.text(), 'slug') ?? '', /stoneware-mug is already the address of “Stoneware Mug”/);

    const cases: Array<[Record<string, string>, string, RegExp]> = [
      [{ sku: 'MUG-SPK' }, 'sku', /MUG-SPK is already used by “Stoneware Mug — Speckled white”/],
      [{ sku: 'has space' }, 'sku', /Letters, digits and single dashes/],
      [{ price: '12,345.00' }, 'price', /Enter the price, like 24\.00/],
      [{ compareAtPrice: '10.00' }, 'compareAtPrice', /former price must be above the price/],
      [{ weightGrams: '' }, 'weightGrams', /Enter the packed weight/],
    ];
    for (const [change, field, message] of cases) {
      const form = {
        intent: 'variant',
        sku: `NEW-${unique().toUpperCase()}`,
        title: 'Blue',
        format: 'physical',
        price: '18.00',
        weightGrams: '80',
        ...change,
      };
      const res = await admin.post(`/admin/products/${id}`, form);
      assert.equal(res.status, 400, `${field}: ${res.status}`);
      // The page has a form per option: the answer is in the "add an option" form.
      const page = await res.text();
      const html = /<form[^>]*id="variant-new"[\s\S]*?<\/form>/.exec(page)?.[0] ?? '';
      assert.match(errorByField(html, field) ?? '', message, field);
      assert.match(formControl(html, 'title') ?? '', /value="Blue"/, 'what was typed is kept');
    }
    const variants = await db.query('select sku from product_variants where product_id = $1', [id]);
    assert.deepEqual(
      variants.rows.map((r) => r.sku),
      [sku],
      'no refused option was saved',
    );
    // A former price shows struck through on the product page.
    const v = (await db.query<{ id: number }>('select id from product_variants where sku = $1', [sku])).rows[0]!;
    const edit = await admin.post(`/admin/products/${id}`, {
      intent: 'variant',
      variantId: String(v.id),
      sku,
      title: 'Natural',
      format: 'physical',
      price: '15.00',
      compareAtPrice: '18.00',
      weightGrams: '80',
      taxCategory: 'printed_matter',
    });
    assert.equal(edit.status, 200, await edit.text());
    const saved = await db.query<{ tax_category: string }>('select tax_category from product_variants where id = $1', [v.id]);
    assert.equal(saved.rows[0]?.tax_category, 'printed_matter', 'the tax category chosen is saved');
    // …and shown in the option's summary line.
    assert.match(await (await admin.get(`/admin/products/${id}`)).text(), /physical(?:<!-- -->)? · (?:<!-- -->)?Printed matter/);
    const slug = (await db.query<{ slug: string }>('select slug from products where id = $1', [id])).rows[0]!.slug;
    const page = await (await admin.get(`/products/${slug}`)).text();
    assert.match(page, /€15\.00/);
    assert.match(page, /<s class="price-former"><span class="visually-hidden">was <\/span>€18\.00<\/s>/);
  });

  test('photos are judged by their bytes: a real one is kept re-encoded without metadata; a renamed text file, 40 megapixels and an SVG are refused', async () => {
    const { id } = await productOnSale(`napkin-${unique()}`);
    const jpeg = await sharp({ create: { width: 1200, height: 900, channels: 3, background: '#c8b89a' } })
      .withExif({ IFD0: { Copyright: 'Secret Camera Owner', Make: 'TestCam' } })
      .jpeg()
      .toBuffer();
    assert.ok((await sharp(jpeg).metadata()).exif, 'the upload carries EXIF');
    const ok = await upload(id, { bytes: jpeg, name: 'napkin.jpg', type: 'image/jpeg' });
    assert.equal(ok.status, 200, await ok.text());
    const row = (
      await db.query<{ storage_key: string; width: number; height: number }>(
        'select storage_key, width, height from product_images where product_id = $1',
        [id],
      )
    ).rows[0]!;
    assert.deepEqual([row.width, row.height], [1200, 900]);
    const slug = (await db.query<{ slug: string }>('select slug from products where id = $1', [id])).rows[0]!.slug;
    const page = await (await admin.get(`/products/${slug}`)).text();
    const src = new RegExp(`/images/photos/${id}/[A-Za-z0-9_-]{12}-large\\.webp`).exec(page)?.[0];
    assert.ok(src, 'the product page shows the photo');
    const served = await fetch(new URL(src, stack.baseUrl));
    assert.equal(served.status, 200);
    assert.equal(served.headers.get('content-type'), 'image/webp');
    assert.match(served.headers.get('cache-control') ?? '', /immutable/);
    const meta = await sharp(Buffer.from(await served.arrayBuffer())).metadata();
    assert.equal(meta.format, 'webp');
    assert.equal(meta.exif, undefined, 'no EXIF kept');
    assert.equal(meta.width, 1200);

    // The cart shows the photo too.
    const shopper = new Visitor(stack.baseUrl);
    const variantId = (await db.query<{ id: number }>('select id from product_variants where product_id = $1', [id])).rows[0]!.id;
    assert.equal((await shopper.postAs(`/products/${slug}?index`, { variantId, quantity: 1 })).status, 303);
    assert.match(
      await (await shopper.get('/cart')).text(),
      new RegExp(`<img src="/images/photos/${id}/[A-Za-z0-9_-]{12}-thumb\\.webp" alt="A napkin folded on oak"`),
    );

    const refusals: Array<[{ bytes: Buffer; name: string; type: string }, RegExp]> = [
      [
        { bytes: Buffer.from('just some text, not a picture\n'.repeat(40)), name: 'photo.png', type: 'image/png' },
        /not a PNG, JPEG or WebP picture/,
      ],
      [
        {
          bytes: await sharp({ create: { width: 8000, height: 5000, channels: 3, background: '#ffffff' } })
            .png({ compressionLevel: 9 })
            .toBuffer(),
          name: 'huge.png',
          type: 'image/png',
        },
        /40\.0 megapixels \(8000 × 5000\); at most 24 megapixels/,
      ],
      [
        {
          bytes: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="400" height="400"><script>alert(1)</script></svg>'),
          name: 'logo.png',
          type: 'image/png',
        },
        /SVG drawings are not accepted/,
      ],
    ];
    for (const [file, reason] of refusals) {
      const res = await upload(id, file, 'Kept alt text');
      assert.equal(res.status, 400, file.name);
      const html = await res.text();
      assert.match(errorByField(html, 'photo') ?? '', reason, file.name);
      assert.match(formControl(html, 'alt') ?? '', /value="Kept alt text"/, 'the description is kept');
    }
    const count = await db.query<{ n: number }>('select count(*)::int as n from product_images where product_id = $1', [id]);
    assert.equal(count.rows[0]!.n, 1, 'only the real photo was kept');
  });

  test('archived while in a cart: the cart says so and checkout refuses with a message; no order is made', async () => {
    const slug = `napkin-${unique()}`;
    const { id, variantId } = await productOnSale(slug);
    const buyer = new Visitor(stack.baseUrl);
    assert.equal((await buyer.postAs(`/products/${slug}?index`, { variantId, quantity: 1 })).status, 303);
    const archived = await admin.post(`/admin/products/${id}`, { intent: 'change', change: 'archive' });
    assert.equal(archived.status, 200, await archived.text());
    assert.equal((await product(slug))!.status, 'archived');
    // Gone from the shop: at once in the web process that archived it, within the catalog cache's few seconds in any other.
    await waitFor('the product page to 404', async () => (await buyer.get(`/products/${slug}`)).status === 404, 15_000);

    const cart = await (await buyer.get('/cart')).text();
    assert.match(cart, /No longer available: remove it to check out/);
    assert.doesNotMatch(cart, />Check out</);
    const refused = await buyer.postAs('/checkout', {});
    assert.equal(refused.status, 409);
    assert.match(await refused.text(), new RegExp(`Linen Napkin ${slug} \\(Natural\\) is no longer available`));
    const orders = await db.query('select 1 from order_items where variant_id = $1', [variantId]);
    assert.equal(orders.rowCount, 0);

    // Restored, it comes back as a draft (not on sale until the admin says so).
    const restored = await admin.post(`/admin/products/${id}`, { intent: 'change', change: 'restore' });
    assert.equal(restored.status, 200);
    assert.equal((await product(slug))!.status, 'draft');
  });

  test('a price changed since the cart was filled is explained in the cart; the order is made at the new price', async () => {
    const slug = `napkin-${unique()}`;
    const { id, sku, variantId } = await productOnSale(slug, '18.00');
    const buyer = new Visitor(stack.baseUrl);
    assert.equal((await buyer.postAs(`/products/${slug}?index`, { variantId, quantity: 1 })).status, 303);
    const edit = await admin.post(`/admin/products/${id}`, {
      intent: 'variant',
      variantId: String(variantId),
      sku,
      title: 'Natural',
      format: 'physical',
      price: '21.00',
      weightGrams: '80',
    });
    assert.equal(edit.status, 200, await edit.text());
    const cart = await (await buyer.get('/cart')).text();
    assert.match(cart, /The price changed from €18\.00 to €21\.00 since you added it/);
    const checkout = await buyer.postAs('/checkout', {});
    assert.equal(checkout.status, 303, await checkout.text());
    const order = await db.query<{ subtotal: number }>(
      'select o.subtotal from orders o join order_items i on i.order_id = o.id where i.variant_id = $1',
      [variantId],
    );
    assert.equal(order.rows[0]?.subtotal, 2100);
  });

  test('print credits: a price in credits for digital files, credit packs for a product not personalised; refused by their fields', async () => {
    const { id } = await productOnSale(`napkin-${unique()}`);
    const option = (change: Record<string, string>) => ({
      intent: 'variant',
      sku: `NEW-${unique().toUpperCase()}`,
      title: 'Pattern files',
      format: 'digital',
      price: '9.00',
      ...change,
    });
    const refusals: Array<[Record<string, string>, string, RegExp]> = [
      [{ creditsPrice: '0' }, 'creditsPrice', /Price in credits: a whole number from 1 to 1,000/],
      [{ format: 'physical', weightGrams: '80', creditsPrice: '2' }, 'creditsPrice', /Only digital files are paid with credits/],
      [{ format: 'bundle', weightGrams: '80', grantsCredits: '5' }, 'grantsCredits', /A credit pack has nothing to ship/],
      [{ grantsCredits: '5', creditsPrice: '1' }, 'creditsPrice', /A credit pack cannot be paid for with credits/],
      [{ grantsCredits: '10001' }, 'grantsCredits', /Credits granted: a whole number from 1 to 10,000/],
    ];
    for (const [change, field, message] of refusals) {
      const res = await admin.post(`/admin/products/${id}`, option(change));
      assert.equal(res.status, 400, `${field}: ${res.status}`);
      const html = /<form[^>]*id="variant-new"[\s\S]*?<\/form>/.exec(await res.text())?.[0] ?? '';
      assert.match(errorByField(html, field) ?? '', message, JSON.stringify(change));
      assert.match(formControl(html, field) ?? '', new RegExp(`value="${change[field]}"`), 'what was typed is kept');
    }

    const priced = option({ creditsPrice: '3' });
    assert.equal((await admin.post(`/admin/products/${id}`, priced)).status, 200);
    const pack = option({ title: '3 credits', grantsCredits: '3' });
    assert.equal((await admin.post(`/admin/products/${id}`, pack)).status, 200);
    const saved = await db.query<{ sku: string; credits_price: number | null; grants_credits: number | null }>(
      'select sku, credits_price, grants_credits from product_variants where sku = any($1) order by id',
      [[priced.sku, pack.sku]],
    );
    assert.deepEqual(
      saved.rows.map((r) => [r.sku, r.credits_price, r.grants_credits]),
      [
        [priced.sku, 3, null],
        [pack.sku, null, 3],
      ],
    );
    const page = await (await admin.get(`/admin/products/${id}`)).text();
    assert.match(page, /digital(?:<!-- -->)? · (?:<!-- -->)?Digital goods(?:<!-- -->)? · 3 credits/, 'the files cost 3 credits');
    assert.match(page, /credit pack: grants 3 credits/);
    assert.match(formControl(page, 'grantsCredits') ?? '', /name="grantsCredits"/, 'a product not personalised offers packs');

    // A personalised product sells no packs: its form has no such field, and a pack sent all the same is refused.
    const personalised = (await product('night-sky-print-digital'))!;
    const refused = await admin.post(`/admin/products/${personalised.id}`, option({ grantsCredits: '5' }));
    assert.equal(refused.status, 400);
    const form = /<form[^>]*id="variant-new"[\s\S]*?<\/form>/.exec(await refused.text())?.[0] ?? '';
    assert.equal(formControl(form, 'grantsCredits'), null);
    assert.match(form, /role="alert"[\s\S]*A credit pack takes no personalisation/);
    // …and a product with a pack cannot become personalised.
    const print = await admin.post('/admin/products/new', {
      intent: 'product',
      title: 'Pattern club',
      slug: `pattern-club-${unique()}`,
      description: 'Patterns.',
      kind: 'print',
      status: 'draft',
    });
    assert.equal(print.status, 303, await print.text());
    const printId = Number(/\/admin\/products\/(\d+)/.exec(print.headers.get('location')!)![1]);
    assert.equal((await admin.post(`/admin/products/${printId}`, option({ grantsCredits: '5' }))).status, 200);
    const slug = (await db.query<{ slug: string }>('select slug from products where id = $1', [printId])).rows[0]!.slug;
    const personalise = await admin.post(`/admin/products/${printId}`, {
      intent: 'product',
      title: 'Pattern club',
      slug,
      description: 'Patterns.',
      kind: 'print',
      personalisable: 'on',
      status: 'draft',
    });
    assert.equal(personalise.status, 400);
    assert.match(errorByField(await personalise.text(), 'personalisable') ?? '', /is a credit pack, which takes no personalisation/);

    // The seeded packs: on sale with no stock to count, their page a plain add to cart.
    const packs = await db.query<{ sku: string; price: number; grants_credits: number; format: string; track_inventory: boolean }>(
      `select v.sku, v.price, v.grants_credits, v.format, v.track_inventory from product_variants v
         join products p on p.id = v.product_id where p.slug = 'print-credits' order by v.position`,
    );
    assert.deepEqual(
      packs.rows.map((r) => [r.sku, r.price, r.grants_credits, r.format, r.track_inventory]),
      [
        ['CREDITS-5', 4000, 5, 'digital', false],
        ['CREDITS-10', 7500, 10, 'digital', false],
      ],
    );
    const list = await (await admin.get('/admin/products?q=print-credits')).text();
    assert.match(list, /credit packs/);
    const shopper = new Visitor(stack.baseUrl);
    const shop = await shopper.get('/products/print-credits');
    assert.equal(shop.status, 200);
    const html = await shop.text();
    assert.match(html, /10 print credits/);
    assert.match(html, /€75\.00/);
    assert.doesNotMatch(html, /Update preview/, 'nothing to personalise');
    const tenId = (await db.query<{ id: number }>("select id from product_variants where sku = 'CREDITS-10'")).rows[0]!.id;
    assert.equal((await shopper.postAs('/products/print-credits?index', { variantId: tenId, quantity: 1 })).status, 303);
    assert.match(await (await shopper.get('/cart')).text(), /10 print credits/);
  });
});
