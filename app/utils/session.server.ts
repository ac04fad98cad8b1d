// Who is asking: the session cookie, the signed-in user, role checks. Used by every loader that cares.
import { createCookie, redirect } from '@remix-run/node';
import { SESSION_TTL_MS, hashToken, isWellFormedToken } from '#core/auth.ts';
import { Session } from '#db/entities/auth.ts';
import type { Role } from '#db/entities/user.ts';
import { db } from '#server/db.server.ts';
import { getEnv } from '#server/env.server.ts';

// The session cookie: a random token (its hash is the session row's key), signed with SESSION_SECRET.

let cookie: ReturnType<typeof createCookie> | undefined;
export function sessionCookie() {
  const env = getEnv();
  const secure = env.APP_URL.startsWith('https:');
  cookie ??= createCookie(secure ? '__Host-atelier_session' : 'atelier_session', {
    secrets: [env.SESSION_SECRET],
    httpOnly: true,
    sameSite: 'lax',
    secure,
    path: '/',
    maxAge: SESSION_TTL_MS / 1000,
  });
  return cookie;
}

/** The client's address as Express saw it (server.ts passes it in the load context). */
export function clientIp(context: unknown): string | null {
  const ip = (context as { ip?: unknown } | undefined)?.ip;
  return typeof ip === 'string' && ip.length <= 64 ? ip : null;
}

export interface CurrentUser {
  id: number;
  email: string;
  name: string | null;
  role: Role;
  blocked: boolean;
  blockedReason: string | null;
  sessionId: number;
}

const perRequest = new WeakMap<Request, Promise<CurrentUser | null>>();

async function lookupSession(request: Request): Promise<CurrentUser | null> {
  const token: unknown = await sessionCookie().parse(request.headers.get('Cookie'));
  if (!isWellFormedToken(token)) return null;
  const em = await db();
  const session = await em.findOne(
    Session,
    { tokenHash: hashToken(token), revokedAt: null, expiresAt: { $gt: new Date() } },
    { populate: ['user'] },
  );
  if (!session) return null;
  // A user blocked after signing in keeps the session only to be told why (checkout refuses them).
  const user = session.user.getEntity();
  // Touch at most once an hour: a read-mostly table stays read-mostly.
  if (Date.now() - session.lastSeenAt.getTime() > 60 * 60 * 1000) {
    await em.nativeUpdate(Session, { id: session.id }, { lastSeenAt: new Date() });
  }
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    blocked: user.blocked,
    blockedReason: user.blockedReason,
    sessionId: session.id,
  };
}

/** The signed-in user of this request, or null. Looked up once per request. */
export function getUser(request: Request): Promise<CurrentUser | null> {
  let found = perRequest.get(request);
  if (!found) {
    found = lookupSession(request);
    perRequest.set(request, found);
  }
  return found;
}

const here = (request: Request) => {
  const url = new URL(request.url);
  return url.pathname + url.search;
};

/** The signed-in user, or a redirect to sign in that comes back here afterwards. */
export async function requireUser(request: Request): Promise<CurrentUser> {
  const user = await getUser(request);
  if (!user) throw redirect(`/login?redirectTo=${encodeURIComponent(here(request))}`);
  return user;
}

export const isAdmin = (user: Pick<CurrentUser, 'role'> | null) => user?.role === 'admin' || user?.role === 'superadmin';

/**
 * Every admin loader and action starts with this: anonymous → sign in and back; a customer → 403;
 * `superadmin` routes refuse plain admins too.
 */
export async function requireAdmin(request: Request, level: 'admin' | 'superadmin' = 'admin'): Promise<CurrentUser> {
  const user = await requireUser(request);
  const allowed = level === 'superadmin' ? user.role === 'superadmin' : isAdmin(user);
  if (!allowed) throw new Response('You do not have access to this page.', { status: 403, statusText: 'Forbidden' });
  return user;
}
