// What the `CustomerEmail` search attribute holds (CUSTOMER_EMAIL_SEARCH). Search attributes are indexed by
// Temporal's server, so the payload codec never sees them: `plain` keeps the address readable in the
// visibility store (ops search by typing it), `hashed` stores a keyed hash instead (ops search by pasting
// it; not reversible without the key), `off` stores nothing. Computed by activities and the web app, never
// by workflow code, which must not see the key.
import { createHmac } from 'node:crypto';
import { normaliseEmail } from './auth';

export const CUSTOMER_EMAIL_SEARCH_MODES = ['plain', 'hashed', 'off'] as const;
export type CustomerEmailSearch = (typeof CUSTOMER_EMAIL_SEARCH_MODES)[number];

/** Marks a hashed value, so nobody mistakes it for an address (or an address for it). */
export const HASHED_EMAIL_PREFIX = 'h:';
/** 32 hex characters: 128 bits, far from any collision among a shop's customers. */
const HASH_HEX_CHARS = 32;

/** The attribute's value for an email, or null when there is none to set (no email, or `off`). */
export function customerEmailSearchValue(email: string | null | undefined, setting: CustomerEmailSearch, key?: string): string | null {
  if (!email || setting === 'off') return null;
  // The address as the order or the account has it.
  if (setting === 'plain') return email;
  if (!key) throw new Error('CUSTOMER_EMAIL_SEARCH=hashed needs CUSTOMER_EMAIL_HASH_KEY');
  // Normalised first, so " Jane@Example.com" from a form and "jane@example.com" from an order find each other.
  return HASHED_EMAIL_PREFIX + createHmac('sha256', key).update(normaliseEmail(email), 'utf8').digest('hex').slice(0, HASH_HEX_CHARS);
}
