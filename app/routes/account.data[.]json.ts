// /account/data.json: "Download my data" — everything the shop keeps about the signed-in customer, as a file.
import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireUser } from '#app/utils/session.server.ts';
import { accountDataDownload } from '#server/accounts/account-data.server.ts';
import { db } from '#server/db.server.ts';
import { logger } from '#server/log.server.ts';

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  logger.info({ userId: user.id }, 'account data exported by its owner');
  return accountDataDownload(await db(), user.id);
}
