// GET|HEAD /print-files/<order>/<item>/<token>: the print file a provider fetches, behind a signed link that expires.
import type { LoaderFunctionArgs } from '@remix-run/node';
import { getEnv } from '#server/env.server.ts';
import { servePrintFile } from '#server/print-provider/print-files.server.ts';
import { getStorage } from '#server/storage/storage.server.ts';

export async function loader({ params, request }: LoaderFunctionArgs) {
  const env = getEnv();
  return servePrintFile(
    { storage: getStorage(env), secret: env.SESSION_SECRET, method: request.method },
    { orderNumber: params.orderNumber ?? '', itemId: params.itemId ?? '', token: params.token ?? '' },
  );
}
