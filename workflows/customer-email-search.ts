import { patched } from '@temporalio/workflow';
import { CustomerEmailKey } from './messages';

/**
 * The CustomerEmail search attribute for an activity's result. The activity computes the value
 * (CUSTOMER_EMAIL_SEARCH: the email, its keyed hash, or null for none) so the key never reaches workflow
 * code; histories without the `customer-email-search` marker replay with the plain email, as they ran.
 * See docs/decisions/011-customer-email-search-attribute.md.
 */
export function customerEmailAttributes(found: { email: string | null; emailSearch?: string | null }) {
  const value = patched('customer-email-search') ? found.emailSearch : found.email;
  return value ? [{ key: CustomerEmailKey, value }] : [];
}
