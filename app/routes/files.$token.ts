// GET|HEAD /files/<token>: a rendered file, behind a signed link that expires (downloads.server.ts).
// The token names a download row and a link version; the storage key never reaches the browser.
import type { LoaderFunctionArgs } from '@remix-run/node';
import { db } from '#app/utils/db.server.ts';
import { serveDownload } from '#app/utils/downloads.server.ts';
import { getEnv } from '#app/utils/env.server.ts';
import { getStorage } from '#app/utils/storage.server.ts';

export async function loader({ params, request }: LoaderFunctionArgs) {
  const env = getEnv();
  return serveDownload(await db(), params.token ?? '', { secret: env.SESSION_SECRET, storage: getStorage(env), method: request.method });
}
