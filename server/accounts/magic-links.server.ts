// Magic sign-in links: limits per address and per client, hashed single-use tokens, the email that
// carries them, and using a token once. Sessions (cookies) are the web app's: app/utils/auth.server.ts.
import { createElement } from 'react';
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  LOGIN_LIMITS,
  LOGIN_TOKEN_TTL_MS,
  checkRateLimit,
  hashToken,
  isWellFormedToken,
  newToken,
  normaliseEmail,
  safeRedirect,
  type RateLimit,
} from '#core/auth.ts';
import { LoginToken } from '#db/entities/auth.ts';
import { Email } from '#db/entities/email.ts';
import { User } from '#db/entities/user.ts';
import MagicLink, { magicLinkSubject } from '#emails/magic-link.tsx';
import { TASK_QUEUES, emailWorkflowId } from '#workflows/messages.ts';
import { getEnv } from '#server/env.server.ts';
import { renderEmail } from '#server/emails/render-email.server.ts';
import { getTemporalClient } from '#server/temporal/client.server.ts';
import { logger } from '#server/log.server.ts';

export type LinkRequestResult =
  { ok: true } | { ok: false; reason: 'rate_limited'; message: string } | { ok: false; reason: 'unavailable'; message: string };

function minutes(ms: number) {
  const m = Math.ceil(ms / 60_000);
  return m === 1 ? '1 minute' : `${m} minutes`;
}

export type LinkPurpose = 'login' | 'lookup';

/**
 * Inside a transaction: waits for other requests for the same address (advisory lock), then checks the
 * limits of core/auth.ts LOGIN_LIMITS against the login_tokens ledger, whose rows record the address,
 * the client and what was asked (a link or a lookup). Returns the message when limited. Past the
 * per-address ceiling it logs an alert and lets the request through: an owner is never locked out.
 */
export async function checkLinkLimits(
  tx: EntityManager,
  input: { email: string; ip: string | null; purpose: LinkPurpose; now: Date },
): Promise<string | null> {
  const { email, ip, purpose, now } = input;
  const since = (limit: RateLimit) => new Date(now.getTime() - limit.windowMs);
  const times = (rows: Array<{ createdAt: Date }>) => rows.map((r) => r.createdAt);
  await tx.getConnection().execute('select pg_advisory_xact_lock(hashtext(?))', [`login:${email}`], 'get', tx.getTransactionContext());

  const mine = purpose === 'login' ? LOGIN_LIMITS.linksPerEmailAndClient : LOGIN_LIMITS.lookupsPerEmailAndClient;
  const fromHere = await tx.find(LoginToken, { email, ip, purpose, createdAt: { $gt: since(mine) } }, { fields: ['createdAt'] });
  const here = checkRateLimit(times(fromHere), mine, now);
  if (!here.allowed) {
    return purpose === 'login'
      ? `Too many sign-in links were asked for this address. Please try again in ${minutes(here.retryAfterMs)}.`
      : `Too many lookups for this address. Please try again in ${minutes(here.retryAfterMs)}.`;
  }
  if (ip) {
    const byClient = await tx.find(LoginToken, { ip, createdAt: { $gt: since(LOGIN_LIMITS.perClient) } }, { fields: ['createdAt'] });
    const client = checkRateLimit(times(byClient), LOGIN_LIMITS.perClient, now);
    if (!client.allowed) return `Too many sign-in links were asked from your network. Please try again in ${minutes(client.retryAfterMs)}.`;
  }
  const everywhere = await tx.find(
    LoginToken,
    { email, createdAt: { $gt: since(LOGIN_LIMITS.alertPerEmail) } },
    { fields: ['createdAt', 'ip'] },
  );
  if (!checkRateLimit(times(everywhere), LOGIN_LIMITS.alertPerEmail, now).allowed) {
    // Someone is asking for this address from many places (a mailbox being flooded, or a lockout attempt): alert, do not block.
    const clients = new Set(everywhere.map((r) => r.ip ?? 'unknown')).size;
    logger.warn(
      { alert: 'sign-in-links-per-address', emailHash: hashToken(email).slice(0, 16), requests: everywhere.length, clients, purpose },
      'many sign-in requests for one address',
    );
  }
  return null;
}

/**
 * Stores a hashed single-use token and the email carrying it (one transaction), then hands the email
 * to the `deliverEmail` workflow. The answer never says whether the address has an account.
 */
export async function requestLoginLink(
  em: EntityManager,
  input: { email: string; redirectTo: string; ip: string | null; purpose?: LinkPurpose; orderNumber?: string | null },
): Promise<LinkRequestResult> {
  const email = normaliseEmail(input.email);
  const purpose = input.purpose ?? 'login';
  const now = new Date();

  const created = await em.transactional(async (tx) => {
    const limited = await checkLinkLimits(tx, { email, ip: input.ip, purpose, now });
    if (limited) return { limited };
    const token = newToken();
    const redirectTo = safeRedirect(input.redirectTo);
    tx.persist(
      new LoginToken({
        tokenHash: hashToken(token),
        email,
        redirectTo,
        expiresAt: new Date(now.getTime() + LOGIN_TOKEN_TTL_MS),
        ip: input.ip,
        purpose,
      }),
    );
    return { emailId: await storeLinkEmail(tx, { token, email, purpose, orderNumber: input.orderNumber ?? null }) };
  });
  if ('limited' in created) return { ok: false, reason: 'rate_limited', message: created.limited ?? '' };

  try {
    await startEmailDelivery(created.emailId);
  } catch (error) {
    logger.error({ err: error }, 'could not hand the sign-in email to Temporal');
    return { ok: false, reason: 'unavailable', message: 'We could not send the email just now. Please try again in a moment.' };
  }
  return { ok: true };
}

/** Renders the email that carries a sign-in link and stores it in the outbox (flushing `tx`); its id. */
export async function storeLinkEmail(
  tx: EntityManager,
  input: { token: string; email: string; purpose: 'login' | 'lookup'; orderNumber: string | null },
): Promise<number> {
  const url = `${getEnv().APP_URL}/auth/verify?token=${input.token}`;
  const element = createElement(MagicLink, {
    url,
    purpose: input.purpose,
    orderNumber: input.orderNumber,
    minutes: LOGIN_TOKEN_TTL_MS / 60_000,
  });
  const message = new Email({
    idempotencyKey: `magic-link:${hashToken(input.token)}`,
    template: 'magic-link',
    to: input.email,
    subject: magicLinkSubject({ purpose: input.purpose, orderNumber: input.orderNumber }),
    ...(await renderEmail(element)),
  });
  tx.persist(message);
  await tx.flush();
  return message.id;
}

/** Hands an outbox email with a sign-in link to the `deliverEmail` workflow. */
export async function startEmailDelivery(emailId: number): Promise<void> {
  await getTemporalClient().workflow.start('deliverEmail', {
    workflowId: emailWorkflowId(emailId),
    taskQueue: TASK_QUEUES.commerce,
    args: [{ emailId }],
    staticSummary: `Sign-in link email ${emailId}`,
  });
}

/** The address a sign-in link would sign into, while it can still be used; nothing is changed (a GET may ask). */
export async function addressOfLoginToken(em: EntityManager, token: unknown): Promise<string | null> {
  if (!isWellFormedToken(token)) return null;
  const row = await em.findOne(
    LoginToken,
    { tokenHash: hashToken(token), usedAt: null, expiresAt: { $gt: new Date() } },
    { fields: ['email'] },
  );
  return row?.email ?? null;
}

export type VerifyResult =
  | { ok: true; user: User; redirectTo: string }
  | { ok: false; reason: 'invalid' | 'used' | 'expired' }
  | { ok: false; reason: 'blocked'; blockedReason: string | null };

/** Uses a token (atomically, once) and finds or creates its account. */
export async function verifyLoginToken(em: EntityManager, token: unknown): Promise<VerifyResult> {
  if (!isWellFormedToken(token)) return { ok: false, reason: 'invalid' };
  const tokenHash = hashToken(token);
  const rows = await em
    .getConnection()
    .execute<Array<{ email: string; redirect_to: string }>>(
      'update login_tokens set used_at = now(), updated_at = now() where token_hash = ? and used_at is null and expires_at > now() returning email, redirect_to',
      [tokenHash],
    );
  const used = rows[0];
  if (!used) {
    const known = await em.findOne(LoginToken, { tokenHash });
    if (!known) return { ok: false, reason: 'invalid' };
    return { ok: false, reason: known.usedAt ? 'used' : 'expired' };
  }
  await em
    .createQueryBuilder(User)
    .insert({ email: used.email, role: 'customer', createdAt: new Date(), updatedAt: new Date() })
    .onConflict('email')
    .ignore()
    .execute('run');
  const user = await em.findOneOrFail(User, { email: used.email });
  if (user.blocked) return { ok: false, reason: 'blocked', blockedReason: user.blockedReason };
  return { ok: true, user, redirectTo: safeRedirect(used.redirect_to) };
}
