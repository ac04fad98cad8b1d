// GET|HEAD /admin/invoices/<number>.pdf: any invoice or credit note, for admins.
import type { LoaderFunctionArgs } from '@remix-run/node';
import { invoiceNumberOfFile } from '#core/invoice-number.ts';
import { db } from '#server/db.server.ts';
import { getEnv } from '#server/env.server.ts';
import { invoiceNotFound, invoicePdfResponse } from '#server/invoices/serve-invoice.server.ts';
import { getStorage } from '#server/storage/storage.server.ts';
import { requireAdmin } from '#app/utils/session.server.ts';

export async function loader({ params, request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const number = invoiceNumberOfFile(params.file);
  if (!number) return invoiceNotFound();
  return invoicePdfResponse(await db(), number, getStorage(getEnv()), request.method);
}
