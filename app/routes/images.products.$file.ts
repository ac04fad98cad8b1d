// GET /images/products/<slug>.svg[?theme=<id>][&v=<hash>]: a product's picture (see product-images.server.ts).
import type { LoaderFunctionArgs } from '@remix-run/node';
import { getProduct } from '#server/catalog/catalog.server.ts';
import { db } from '#server/db.server.ts';
import { isThemeId, productImageFile } from '#server/catalog/product-images.server.ts';

const IMMUTABLE = 'public, max-age=31536000, immutable';
// Without the current version in the URL the picture may still change: cache it briefly.
const REVALIDATE = 'public, max-age=300';

export async function loader({ params, request }: LoaderFunctionArgs) {
  const slug = /^([a-z0-9-]+)\.svg$/.exec(params.file ?? '')?.[1];
  const search = new URL(request.url).searchParams;
  const theme = search.get('theme');
  if (!slug || (theme !== null && !isThemeId(theme))) throw new Response('Not found', { status: 404 });
  const product = await getProduct(await db(), slug);
  if (!product) throw new Response('Not found', { status: 404 });

  const file = productImageFile(product, theme);
  const headers = new Headers({
    'Cache-Control': search.get('v') === file.version ? IMMUTABLE : REVALIDATE,
    ETag: file.etag,
    // An SVG opened on its own is a document: it may not run or load anything.
    'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
  });
  // If-None-Match compares weakly (RFC 9110 13.1.2).
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  const ifNoneMatch = request.headers.get('If-None-Match');
  if (ifNoneMatch && (ifNoneMatch.trim() === '*' || ifNoneMatch.split(',').some((tag) => opaque(tag) === opaque(file.etag)))) {
    return new Response(null, { status: 304, headers });
  }
  headers.set('Content-Type', 'image/svg+xml; charset=utf-8');
  return new Response(file.svg, { headers });
}
