import { Resend } from 'resend';
import type { Env } from './env.server.ts';

/** The Resend client, or null in outbox-only mode (no RESEND_API_KEY). The SDK reads RESEND_BASE_URL itself. */
export function makeResend(env: Pick<Env, 'RESEND_API_KEY'>): Resend | null {
  return env.RESEND_API_KEY ? new Resend(env.RESEND_API_KEY) : null;
}
