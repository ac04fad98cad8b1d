// /admin/customers/:id/data.json: a customer's data as they would download it, for a request received by email.
import type { LoaderFunctionArgs } from '@remix-run/node';
import { loadCustomerOr404 } from '#app/utils/admin-records.server.ts';
import { requireAdmin } from '#app/utils/session.server.ts';
import { accountDataDownload } from '#server/accounts/account-data.server.ts';
import { logger } from '#server/log.server.ts';

export async function loader({ request, params }: LoaderFunctionArgs) {
  const admin = await requireAdmin(request);
  const { em, user } = await loadCustomerOr404(params.id);
  logger.info({ userId: user.id, adminId: admin.id }, 'account data exported by an admin');
  return accountDataDownload(em, user.id);
}
