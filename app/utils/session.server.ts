// Who is asking: the session cookie, the signed-in user, role checks. Used by every loader that cares.
import { RequestContext } from '@mikro-orm/postgresql';
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

const TOUCH_EVERY_MS = 60 * 60 * 1000;

/** A signed-in visitor: the user, and the item count of their account's open cart (every page's header shows it). */
export interface SignedIn {
  user: CurrentUser;
  cartItems: number;
}

interface SessionRow {
  session_id: number;
  cart_items: number;
  /** Last seen over an hour ago. */
  stale: boolean;
  user_id: number;
  email: string;
  name: string | null;
  role: Role;
  blocked: boolean;
  blocked_reason: string | null;
}

async function lookupSession(request: Request): Promise<SignedIn | null> {
  const token: unknown = await sessionCookie().parse(request.headers.get('Cookie'));
  if (!isWellFormedToken(token)) return null;
  const em = await db();
  const now = Date.now();
  // Every signed-in page asks, and its header shows the cart's count: one plain query, no entities to hydrate or track.
  // The cart is the one loadCart loads (cart.server.ts): the account's newest active cart.
  const [row] = await em.getConnection().execute<SessionRow[]>(
    `select s.id as session_id, s.last_seen_at < ? as stale, u.id as user_id, u.email, u.name, u.role, u.blocked, u.blocked_reason,
            coalesce((select sum(ci.quantity) from cart_items ci
                       where ci.cart_id = (select id from carts where user_id = u.id and status = 'active' order by id desc limit 1)), 0)::int
              as cart_items
       from sessions s join users u on u.id = s.user_id
      where s.token_hash = ? and s.revoked_at is null and s.expires_at > ?`,
    [new Date(now - TOUCH_EVERY_MS), hashToken(token), new Date(now)],
  );
  if (!row) return null;
  // Touch at most once an hour: a read-mostly table stays read-mostly.
  if (row.stale) {
    await em.nativeUpdate(Session, { id: row.session_id }, { lastSeenAt: new Date() });
  }
  // A user blocked after signing in keeps the session only to be told why (checkout refuses them).
  const user: CurrentUser = {
    id: row.user_id,
    email: row.email,
    name: row.name,
    role: row.role,
    blocked: row.blocked,
    blockedReason: row.blocked_reason,
    sessionId: row.session_id,
  };
  return { user, cartItems: row.cart_items };
}

/**
 * Lookups of this HTTP request. Remix gives each loader its own copy of the Request, so they are kept by the
 * request's MikroORM context (server.ts opens one per HTTP request), or by the Request outside one (a loader
 * called on its own). Within it, by method and cookie: the loaders that follow an action in the same request
 * (a form posted without JavaScript) look again and see what the action changed.
 */
const perRequest = new WeakMap<object, Map<string, Promise<SignedIn | null>>>();

/** The signed-in user of this request with their cart's item count, or null. Looked up once per request. */
export function getSignedIn(request: Request): Promise<SignedIn | null> {
  const scope: object = RequestContext.currentRequestContext() ?? request;
  let lookups = perRequest.get(scope);
  if (!lookups) {
    lookups = new Map();
    perRequest.set(scope, lookups);
  }
  const key = `${request.method} ${request.headers.get('Cookie') ?? ''}`;
  let found = lookups.get(key);
  if (!found) {
    found = lookupSession(request);
    lookups.set(key, found);
  }
  return found;
}

/** The signed-in user of this request, or null. Looked up once per request. */
export async function getUser(request: Request): Promise<CurrentUser | null> {
  return (await getSignedIn(request))?.user ?? null;
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
