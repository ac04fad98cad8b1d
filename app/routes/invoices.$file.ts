// GET|HEAD /invoices/<number>.pdf?access=…: an invoice or credit note, behind the signed, expiring link that order
// pages and the confirmation email carry (server/invoices/invoice-links.server.ts). Anything else is a 404.
import type { LoaderFunctionArgs } from '@remix-run/node';
import { invoiceNumberOfFile } from '#core/invoice-number.ts';
import { db } from '#server/db.server.ts';
import { getEnv } from '#server/env.server.ts';
import { verifyInvoiceToken } from '#server/invoices/invoice-links.server.ts';
import { invoiceNotFound, invoicePdfResponse } from '#server/invoices/serve-invoice.server.ts';
import { getStorage } from '#server/storage/storage.server.ts';

export async function loader({ params, request }: LoaderFunctionArgs) {
  const env = getEnv();
  const number = invoiceNumberOfFile(params.file);
  const token = new URL(request.url).searchParams.get('access') ?? '';
  if (!number || !verifyInvoiceToken(number, token, env.SESSION_SECRET)) return invoiceNotFound();
  return invoicePdfResponse(await db(), number, getStorage(env), request.method);
}
