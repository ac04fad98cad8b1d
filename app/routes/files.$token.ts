// GET|HEAD /files/<token>: a rendered file, behind a signed link that expires (downloads.server.ts).
// The token names a download row and a link version; the storage key never reaches the browser.
import type { LoaderFunctionArgs } from '@remix-run/node';
import { db } from '#server/db.server.ts';
import { serveDownload } from '#server/downloads/downloads.server.ts';
import { getEnv } from '#server/env.server.ts';
import { getStorage } from '#server/storage/storage.server.ts';

export async function loader({ params, request }: LoaderFunctionArgs) {
  const env = getEnv();
  return serveDownload(await db(), params.token ?? '', { secret: env.SESSION_SECRET, storage: getStorage(env), method: request.method });
}
