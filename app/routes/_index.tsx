import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json, useLoaderData } from '@remix-run/react';
import { ProductCard } from '#app/components/product-card.tsx';
import { ProductPicture } from '#app/components/product-image.tsx';
import { pageCacheHeaders, routeCacheHeaders } from '#app/utils/cache-headers.server.ts';
import { listProducts } from '#server/catalog/catalog.server.ts';
import { db } from '#server/db.server.ts';
import { productImage } from '#server/catalog/product-images.server.ts';
import { THEMES } from '#core/design/themes.ts';

/** Cards in the first row load at once; the rest when scrolled near. */
const EAGER_IMAGES = 3;

export async function loader({ request }: LoaderFunctionArgs) {
  const products = await listProducts(await db());
  const cards = products.map((p, i) => ({
    slug: p.slug,
    title: p.title,
    fromPrice: p.fromPrice,
    currency: p.currency,
    showFrom: new Set(p.variants.map((v) => v.price)).size > 1,
    // Posters take turns in the colour themes so the grid shows what is on offer.
    image: productImage(p, THEMES[i % THEMES.length]?.id ?? null),
  }));
  return json({ products: cards }, { headers: pageCacheHeaders(request) });
}

export const headers: HeadersFunction = routeCacheHeaders;

export const meta: MetaFunction = () => [{ title: 'Atelier — personalised prints and goods' }];

export default function Catalog() {
  const { products } = useLoaderData<typeof loader>();
  return (
    <div className="stack">
      <section className="stack">
        <h1>Prints for the moments you keep</h1>
        <p className="muted">
          Personalise a night-sky print with your own words, place and date — as print-ready files, a poster shipped to your door, or both.
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
            showFrom={p.showFrom}
            art={<ProductPicture image={p.image} className="poster-thumb" lazy={i >= EAGER_IMAGES} />}
          />
        ))}
      </div>
    </div>
  );
}
