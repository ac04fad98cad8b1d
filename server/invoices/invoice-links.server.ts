// Invoice links: `/invoices/<number>.pdf?access=<expiry>.<signature>`, the signature an HMAC of the invoice number and
// the expiry under a key derived from SESSION_SECRET, like order-access links. Order pages mint one on each load,
// the confirmation email carries one that works as long as its order-access link.
import { signExpiringToken, verifyExpiringToken } from '#server/signing.server.ts';

const PURPOSE = 'atelier:invoice:v1';
export const INVOICE_LINK_TTL_DAYS = 30;

export const signInvoiceToken = (invoiceNumber: string, expiresAt: Date, secret: string): string =>
  signExpiringToken(invoiceNumber, expiresAt, secret, PURPOSE);

export const verifyInvoiceToken = (invoiceNumber: string, token: string, secret: string, now: Date = new Date()): boolean =>
  verifyExpiringToken(invoiceNumber, token, secret, PURPOSE, now).ok;

/** The PDF's path (relative to APP_URL), working until `expiresAt` (default: 30 days from now). */
export function invoicePath(
  invoiceNumber: string,
  secret: string,
  expiresAt: Date = new Date(Date.now() + INVOICE_LINK_TTL_DAYS * 86400_000),
): string {
  return `/invoices/${encodeURIComponent(invoiceNumber)}.pdf?access=${signInvoiceToken(invoiceNumber, expiresAt, secret)}`;
}
