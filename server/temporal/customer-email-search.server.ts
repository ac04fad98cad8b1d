// The CustomerEmail search attribute as CUSTOMER_EMAIL_SEARCH says (plain, hashed or off; core/email-search.ts),
// for the web app's starts and signals-with-start, the activities' results (the workflows upsert what these
// give, never computing it: the key stays out of workflow code) and the admin's links into the Temporal UI.
import { customerEmailSearchValue } from '#core/email-search.ts';
import { CustomerEmailKey } from '#workflows/messages.ts';
import { getEnv, type Env } from '#server/env.server.ts';

type Settings = Pick<Env, 'CUSTOMER_EMAIL_SEARCH' | 'CUSTOMER_EMAIL_HASH_KEY'>;

/** The attribute's value for this email, or null (no email, or the setting is off). */
export const customerEmailSearch = (email: string | null | undefined, env: Settings = getEnv()): string | null =>
  customerEmailSearchValue(email, env.CUSTOMER_EMAIL_SEARCH, env.CUSTOMER_EMAIL_HASH_KEY);

/** For `typedSearchAttributes` at a start: the CustomerEmail pair, or nothing. */
export function customerEmailAttributes(email: string | null | undefined, env: Settings = getEnv()) {
  const value = customerEmailSearch(email, env);
  return value ? [{ key: CustomerEmailKey, value }] : [];
}

/** The Temporal UI's workflow list, filtered by a visibility query when one is given. */
export function temporalWorkflowsUrl(env: Pick<Env, 'TEMPORAL_UI_URL' | 'TEMPORAL_NAMESPACE'>, query?: string): string {
  const list = `${env.TEMPORAL_UI_URL}/namespaces/${encodeURIComponent(env.TEMPORAL_NAMESPACE)}/workflows`;
  return query ? `${list}?query=${encodeURIComponent(query)}` : list;
}

/** A customer's workflows in the Temporal UI (`CustomerEmail="…"`, the hash when hashed); null when the attribute is off. */
export function customerWorkflowsLink(email: string, env: Settings & Pick<Env, 'TEMPORAL_UI_URL' | 'TEMPORAL_NAMESPACE'> = getEnv()) {
  const value = customerEmailSearch(email, env);
  if (!value) return null;
  const query = `CustomerEmail="${value}"`;
  return { value, query, url: temporalWorkflowsUrl(env, query) };
}
