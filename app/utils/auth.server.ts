// Starting and ending sessions (cookies). The magic links that lead here: server/accounts/magic-links.server.ts;
// reading the session (getUser, requireUser, requireAdmin): session.server.ts.
import { createCookie } from '@remix-run/node';
import type { EntityManager } from '@mikro-orm/postgresql';
import { LOGIN_TOKEN_TTL_MS, SESSION_TTL_MS, hashToken, isWellFormedToken, newToken, normaliseEmail } from '#core/auth.ts';
import { getEnv } from '#server/env.server.ts';
import { Session } from '#db/entities/auth.ts';
import { User } from '#db/entities/user.ts';
import { mergeGuestCartIntoAccount } from './cart.server.ts';
import { sessionCookie } from './session.server.ts';

let requestCookie: ReturnType<typeof createCookie> | undefined;
/**
 * Which address this browser asked a sign-in link for (signed, as long as a link lives). A link opened in a
 * browser that did not ask for it still signs in, but its guest cart stays its own: a link someone else
 * sent cannot move this browser's cart into their account.
 */
export function signInRequestCookie() {
  const env = getEnv();
  const secure = env.APP_URL.startsWith('https:');
  requestCookie ??= createCookie(secure ? '__Host-atelier_sign_in_request' : 'atelier_sign_in_request', {
    secrets: [env.SESSION_SECRET],
    httpOnly: true,
    sameSite: 'lax',
    secure,
    path: '/',
    maxAge: LOGIN_TOKEN_TTL_MS / 1000 + 60,
  });
  return requestCookie;
}

/** The Set-Cookie that remembers this browser asked a link for `email`. */
export function rememberSignInRequest(email: string): Promise<string> {
  return signInRequestCookie().serialize(normaliseEmail(email));
}

/** Whether this browser asked a sign-in link for `email` (in the last few minutes). */
async function askedForLinkTo(request: Request, email: string): Promise<boolean> {
  const asked: unknown = await signInRequestCookie().parse(request.headers.get('Cookie'));
  return typeof asked === 'string' && asked === normaliseEmail(email);
}

/**
 * Starts a session for the user: always a fresh session id (no fixation). The guest cart of this browser
 * joins the account's cart only when this browser asked for the link. Returns the Set-Cookie headers to send.
 */
export async function createUserSession(em: EntityManager, user: User, request: Request, ip: string | null): Promise<string[]> {
  const headers: string[] = [];
  // A session this browser already had (another account, or the same) ends here.
  const previous: unknown = await sessionCookie().parse(request.headers.get('Cookie'));
  if (isWellFormedToken(previous)) {
    await em.nativeUpdate(Session, { tokenHash: hashToken(previous), revokedAt: null }, { revokedAt: new Date() });
  }
  const token = newToken();
  const session = new Session({
    tokenHash: hashToken(token),
    user: em.getReference(User, user.id, { wrapped: true }),
    expiresAt: new Date(Date.now() + SESSION_TTL_MS),
    ip,
    userAgent: request.headers.get('User-Agent')?.slice(0, 255) ?? null,
  });
  em.persist(session);
  await em.flush();
  headers.push(await sessionCookie().serialize(token));
  if (await askedForLinkTo(request, user.email)) {
    const clearCart = await mergeGuestCartIntoAccount(em, request, user.id);
    if (clearCart) headers.push(clearCart);
    headers.push(await signInRequestCookie().serialize('', { maxAge: 0 }));
  }
  return headers;
}

/** Ends this browser's session (the row is kept, revoked) and clears the cookie. */
export async function destroySession(em: EntityManager, request: Request): Promise<string> {
  const token: unknown = await sessionCookie().parse(request.headers.get('Cookie'));
  if (isWellFormedToken(token)) {
    await em.nativeUpdate(Session, { tokenHash: hashToken(token), revokedAt: null }, { revokedAt: new Date() });
  }
  return sessionCookie().serialize('', { maxAge: 0 });
}

/** Ends every session of a user (blocking, "sign out everywhere"). */
export async function revokeAllSessions(em: EntityManager, userId: number): Promise<number> {
  return em.nativeUpdate(Session, { user: userId, revokedAt: null }, { revokedAt: new Date() });
}
