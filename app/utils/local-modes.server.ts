// Pages that exist only while the shop runs a local stand-in (no provider account configured).
import { getEnv } from '#server/env.server.ts';

/** The dev mailbox and the email previews exist in local email mode only (no RESEND_API_KEY): a 404 otherwise. */
export function requireLocalEmailMode(): void {
  if (getEnv().emailMode !== 'outbox') throw new Response('Not found', { status: 404 });
}
