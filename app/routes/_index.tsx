import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json, useLoaderData } from '@remix-run/react';
import { ProductCard } from '#app/components/product-card.tsx';
import { ProductImage } from '#app/components/product-image.tsx';
import { listProducts } from '#app/utils/catalog.server.ts';
import { db } from '#app/utils/db.server.ts';

export async function loader(_: LoaderFunctionArgs) {
  const products = await listProducts(await db());
  return json({ products }, { headers: { 'Cache-Control': 'public, max-age=30, stale-while-revalidate=300' } });
}

export const meta: MetaFunction = () => [{ title: 'Atelier — personalised prints and goods' }];

export default function Catalog() {
  const { products } = useLoaderData<typeof loader>();
  return (
    <div className="stack">
      <section className="stack">
        <h1>Prints for the moments you keep</h1>
        <p className="muted">
          Personalise a night-sky print with your own words, place and date — as print-ready files, a poster shipped to your
          door, or both.
        </p>
      </section>
      <div className="grid-products">
        {products.map((p, i) => (
          <ProductCard
            key={p.slug}
            href={`/products/${p.slug}`}
            title={p.title}
            fromPrice={p.fromPrice}
            currency={p.currency}
            showFrom={new Set(p.variants.map((v) => v.price)).size > 1}
            art={<ProductImage kind={p.kind} art={p.art} printSize={p.variants[0]?.printSize} index={i} className="poster-thumb" />}
          />
        ))}
      </div>
    </div>
  );
}
