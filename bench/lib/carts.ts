// Guest carts for the buy flow: the product they hold (a personalised poster by default), made through the product page's form.
import type pg from 'pg';
import { errorText, Failures } from './failures.ts';
import { describe, postForm } from './shop-forms.ts';
import { pool } from './stats.ts';

export const PRODUCT_SLUG = 'night-sky-poster';
export const VARIANT_SKU = 'NSP-PHY-A3';

const PERSONALISATION = {
  title: 'Our first night',
  subtitle: 'Benchmark edition',
  place: 'Dublin, Ireland',
  date: '2024-05-01',
  theme: 'midnight',
};

export async function lookupVariantId(db: pg.Pool, sku = VARIANT_SKU): Promise<number> {
  const { rows } = await db.query<{ id: number }>('select id from product_variants where sku = $1', [sku]);
  if (!rows[0]) throw new Error(`no product variant with sku ${sku} in the bench database (was it seeded?)`);
  return rows[0].id;
}

/** What goes in a cart: a product page's slug and the fields its form sends besides variantId and quantity. */
export interface CartProduct {
  slug: string;
  fields: Record<string, string>;
}

/** One personalised poster (the default cart). */
export const POSTER: CartProduct = { slug: PRODUCT_SLUG, fields: PERSONALISATION };

/** Creates a guest cart holding one of the product (a personalised poster by default); returns its cookie (`name=value`). */
export async function createCart(baseUrl: string, variantId: number, product: CartProduct = POSTER): Promise<string> {
  const res = await postForm(`${baseUrl}/products/${product.slug}?index`, { variantId, quantity: 1, ...product.fields });
  if (res.status !== 303) throw new Error(`add to cart answered ${await describe(res)}`);
  await res.arrayBuffer();
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .find((c) => /^(__Host-)?atelier_cart=/.test(c));
  if (!cookie) throw new Error(`add to cart set no cart cookie (Set-Cookie: ${res.headers.getSetCookie().join(' | ') || 'none'})`);
  return cookie;
}

export async function createCarts(opts: {
  baseUrl: string;
  variantId: number;
  count: number;
  concurrency: number;
  deadline: number;
  product?: CartProduct;
}) {
  const cookies: string[] = [];
  const failures = new Failures();
  const started = performance.now();
  await pool(
    opts.count,
    opts.concurrency,
    async () => {
      try {
        cookies.push(await createCart(opts.baseUrl, opts.variantId, opts.product));
      } catch (err) {
        failures.add('error', errorText(err));
      }
    },
    opts.deadline,
  );
  return { cookies, failures, seconds: (performance.now() - started) / 1000 };
}
