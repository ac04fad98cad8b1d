// Starting and ending sessions (cookies). The magic links that lead here: server/accounts/magic-links.server.ts;
// reading the session (getUser, requireUser, requireAdmin): session.server.ts.
import type { EntityManager } from '@mikro-orm/postgresql';
import { SESSION_TTL_MS, hashToken, isWellFormedToken, newToken } from '#core/auth.ts';
import { Session } from '#db/entities/auth.ts';
import { User } from '#db/entities/user.ts';
import { mergeGuestCartIntoAccount } from './cart.server.ts';
import { sessionCookie } from './session.server.ts';

/**
 * Starts a session for the user: always a fresh session id (no fixation); the guest cart of this
 * browser joins the account's cart. Returns the Set-Cookie headers to send.
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
  const clearCart = await mergeGuestCartIntoAccount(em, request, user.id);
  if (clearCart) headers.push(clearCart);
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
