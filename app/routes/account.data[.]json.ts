// /account/data.json: "Download my data" — everything the shop keeps about the signed-in customer, as a file.
import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireUser } from '#app/utils/session.server.ts';
import { accountDataFileName, exportAccountData } from '#server/accounts/account-data.server.ts';
import { db } from '#server/db.server.ts';
import { logger } from '#server/log.server.ts';

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const data = await exportAccountData(await db(), user.id);
  logger.info({ userId: user.id }, 'account data exported by its owner');
  return new Response(JSON.stringify(data, null, 2), {
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Disposition': `attachment; filename="${accountDataFileName()}"`,
      'Cache-Control': 'private, no-store',
    },
  });
}
