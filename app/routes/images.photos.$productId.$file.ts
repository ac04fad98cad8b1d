// GET /images/photos/<productId>/<token>-<large|thumb>.webp: a product photo from the shop's storage
// (product-photos.server.ts). The token is random per upload, so the bytes at a URL never change.
import { createReadableStreamFromReadable, type LoaderFunctionArgs } from '@remix-run/node';
import { getEnv } from '#server/env.server.ts';
import { openProductPhoto } from '#server/catalog/product-photos.server.ts';
import { getStorage } from '#server/storage/storage.server.ts';

export async function loader({ params }: LoaderFunctionArgs) {
  const file = await openProductPhoto(getStorage(getEnv()), `${params.productId}/${params.file}`);
  if (!file) throw new Response('Not found', { status: 404, headers: { 'Cache-Control': 'no-store' } });
  return new Response(createReadableStreamFromReadable(file.stream), {
    headers: {
      'Content-Type': 'image/webp',
      'Content-Length': String(file.size),
      'Cache-Control': 'public, max-age=31536000, immutable',
      'X-Content-Type-Options': 'nosniff',
    },
  });
}
