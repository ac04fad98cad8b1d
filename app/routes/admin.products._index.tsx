// /admin/products: every product with its status, price range and stock; search by title, slug or SKU.
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, json, useLoaderData } from '@remix-run/react';
import { Pagination } from '#app/components/pagination.tsx';
import { Price } from '#app/components/price.tsx';
import { requireAdmin } from '#app/utils/session.server.ts';
import { parsePage } from '#core/order-display.ts';
import { parseSearchText } from '#core/order-filters.ts';
import { PRODUCT_STATUSES, type ProductStatus } from '#core/schemas/admin-product.ts';
import { ADMIN_PRODUCTS_PAGE, listAdminProducts } from '#server/catalog/admin-products.server.ts';
import { db } from '#server/db.server.ts';
import { getEnv } from '#server/env.server.ts';

export const meta: MetaFunction = () => [{ title: 'Products — Admin — Atelier' }];

const STATUS_LABELS: Record<ProductStatus, string> = { draft: 'Draft', active: 'On sale', archived: 'Archived' };

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const url = new URL(request.url);
  const q = parseSearchText(url.searchParams.get('q')) ?? '';
  const wanted = url.searchParams.get('status');
  const status = PRODUCT_STATUSES.find((s) => s === wanted) ?? null;
  const page = parsePage(url.searchParams.get('page'));
  const { rows, total } = await listAdminProducts(await db(), { q, status, page });
  return json(
    { q, status, page, pages: Math.max(1, Math.ceil(total / ADMIN_PRODUCTS_PAGE)), total, rows, currency: getEnv().SHOP_CURRENCY },
    { headers: { 'Cache-Control': 'private, no-store' } },
  );
}

export default function AdminProducts() {
  const { q, status, page, pages, total, rows, currency } = useLoaderData<typeof loader>();
  const link = (p: number) => `?${new URLSearchParams({ ...(q ? { q } : {}), ...(status ? { status } : {}), page: String(p) }).toString()}`;
  return (
    <div className="stack">
      <div className="cluster">
        <h1>Products</h1>
        <Link to="/admin/products/new" className="btn btn-primary">
          New product
        </Link>
      </div>
      <Form method="get" className="cluster" aria-label="Search products">
        <div className="form-field">
          <label htmlFor="q">Title, address or SKU</label>
          <input id="q" name="q" type="search" defaultValue={q} maxLength={200} />
        </div>
        <div className="form-field">
          <label htmlFor="status">Status</label>
          <select id="status" name="status" defaultValue={status ?? ''}>
            <option value="">Any</option>
            {PRODUCT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="btn btn-primary">
          Search
        </button>
      </Form>
      <p>
        {total} {total === 1 ? 'product' : 'products'}
      </p>
      <table className="cart-table admin-table" data-testid="products">
        <caption className="visually-hidden">Products</caption>
        <thead>
          <tr>
            <th scope="col">Product</th>
            <th scope="col">Status</th>
            <th scope="col">Options</th>
            <th scope="col">Price</th>
            <th scope="col">Stock</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((p) => (
            <tr key={p.id} data-slug={p.slug}>
              <td>
                <Link to={`/admin/products/${p.id}`}>{p.title}</Link> <span className="muted">/{p.slug}</span>
              </td>
              <td>{STATUS_LABELS[p.status]}</td>
              <td>
                {p.variants}
                {p.creditPacks > 0 ? (
                  <span className="muted">
                    {' '}
                    (
                    {p.creditPacks === p.variants
                      ? 'credit packs'
                      : `${p.creditPacks} ${p.creditPacks === 1 ? 'credit pack' : 'credit packs'}`}
                    )
                  </span>
                ) : null}
              </td>
              <td>
                {p.minPrice == null ? '—' : <Price amount={p.minPrice} currency={currency} />}
                {p.maxPrice != null && p.maxPrice !== p.minPrice ? (
                  <>
                    {' – '}
                    <Price amount={p.maxPrice} currency={currency} />
                  </>
                ) : null}
              </td>
              <td>{p.available == null ? <span className="muted">not counted</span> : `${p.available} available`}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pagination page={page} pages={pages} href={link} />
    </div>
  );
}
