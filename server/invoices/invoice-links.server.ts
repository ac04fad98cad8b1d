// Invoice links: `/invoices/<number>.pdf?access=<expiry>.<signature>`, the signature an HMAC of the invoice number and
// the expiry under a key derived from SESSION_SECRET, like order-access links. Order pages mint one on each load,
// the confirmation email carries one that works as long as its order-access link.
import { signPayload, signatureMatches } from '#server/signing.server.ts';

const PURPOSE = 'atelier:invoice:v1';
export const INVOICE_LINK_TTL_DAYS = 30;

export function signInvoiceToken(invoiceNumber: string, expiresAt: Date, secret: string): string {
  const exp = Math.floor(expiresAt.getTime() / 1000).toString(36);
  return `${exp}.${signPayload(`${invoiceNumber}.${exp}`, secret, PURPOSE)}`;
}

export function verifyInvoiceToken(invoiceNumber: string, token: string, secret: string, now: Date = new Date()): boolean {
  const m = /^([0-9a-z]{1,11})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!m) return false;
  const [, exp, signature] = m as unknown as [string, string, string];
  if (!signatureMatches(`${invoiceNumber}.${exp}`, signature, secret, PURPOSE)) return false;
  return parseInt(exp, 36) * 1000 > now.getTime();
}

/** The PDF's path (relative to APP_URL), working until `expiresAt` (default: 30 days from now). */
export function invoicePath(
  invoiceNumber: string,
  secret: string,
  expiresAt: Date = new Date(Date.now() + INVOICE_LINK_TTL_DAYS * 86400_000),
): string {
  return `/invoices/${encodeURIComponent(invoiceNumber)}.pdf?access=${signInvoiceToken(invoiceNumber, expiresAt, secret)}`;
}
