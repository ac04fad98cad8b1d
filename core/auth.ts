// Pure pieces of sign-in: tokens, redirects, rate limits, origin checks. No I/O, so unit-testable.
import { createHash, randomBytes } from 'node:crypto';
import { LOGIN_TOKEN_PATTERN } from './schemas/account';

/** A random 32-byte token, URL-safe. */
export const newToken = (): string => randomBytes(32).toString('base64url');

/** What the database stores instead of a token: its SHA-256, hex. */
export const hashToken = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

/** A token as it may arrive in a URL: 43 base64url characters, nothing else. */
export const isWellFormedToken = (token: unknown): token is string => typeof token === 'string' && LOGIN_TOKEN_PATTERN.test(token);

export const LOGIN_TOKEN_TTL_MS = 10 * 60 * 1000;
export const SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000;

const REDIRECT_BASE = 'http://atelier.invalid';
// Control characters (browsers drop tabs and newlines from URLs) and backslashes (read as "/").
// eslint-disable-next-line no-control-regex
const UNSAFE_IN_PATH = /[\u0000-\u001f\u007f\\]/;
const isLocalPath = (path: string) => path.startsWith('/') && !path.startsWith('//') && !path.startsWith('/\\');

/** The path with its escapes undone, again and again (double encoding), or null when they do not decode. */
function fullyDecoded(path: string): string | null {
  let current = path;
  for (let i = 0; i < 5; i++) {
    let next: string;
    try {
      next = decodeURIComponent(current);
    } catch {
      return null;
    }
    if (next === current) return current;
    current = next;
  }
  return null;
}

/**
 * A redirect target that stays on this site, or the fallback. The target is normalised first, as the
 * browser will (resolved with the URL parser: dot segments collapsed, tabs and newlines dropped), and
 * the result is what is checked and returned: a path starting with one "/", never "//" or "/\"
 * (protocol-relative). Its escapes are undone too (repeatedly, for double encoding), and that must still
 * be a path here without control characters or backslashes, so a server or browser that decodes once
 * more cannot be led off-site either.
 */
export function safeRedirect(to: unknown, fallback = '/account'): string {
  if (typeof to !== 'string' || to.length === 0 || to.length > 512) return fallback;
  if (!to.startsWith('/') || UNSAFE_IN_PATH.test(to)) return fallback;
  const url = resolvedHere(to);
  if (!url) return fallback;
  const decoded = fullyDecoded(url.pathname);
  if (decoded === null || UNSAFE_IN_PATH.test(decoded) || !resolvedHere(decoded)) return fallback;
  return url.pathname + url.search + url.hash;
}

/** `target` as the URL parser resolves it on this site, or null when the result is not a path here. */
function resolvedHere(target: string): URL | null {
  try {
    const url = new URL(target, REDIRECT_BASE);
    return url.origin === REDIRECT_BASE && isLocalPath(target) && isLocalPath(url.pathname) ? url : null;
  } catch {
    return null;
  }
}

export interface RateLimit {
  /** At most `max` requests per `windowMs`. */
  max: number;
  windowMs: number;
}

const FIFTEEN_MINUTES = 15 * 60 * 1000;

/**
 * Sign-in links and order lookups. What blocks is keyed by the client, so nobody can use up another
 * person's allowance from elsewhere: per address and client, separately for links and for lookups (a
 * lookup never spends a sign-in link), and per client whatever the address. Per address alone there is
 * only a ceiling that raises an alert: its owner can always ask for a link from their own device.
 */
export const LOGIN_LIMITS = {
  linksPerEmailAndClient: { max: 5, windowMs: FIFTEEN_MINUTES },
  lookupsPerEmailAndClient: { max: 5, windowMs: FIFTEEN_MINUTES },
  perClient: { max: 20, windowMs: FIFTEEN_MINUTES },
  alertPerEmail: { max: 20, windowMs: 60 * 60 * 1000 },
} satisfies Record<string, RateLimit>;

/** Whether one more request is allowed, given the timestamps of earlier ones; and when to retry. */
export function checkRateLimit(
  previous: Date[],
  limit: RateLimit,
  now = new Date(),
): { allowed: true } | { allowed: false; retryAfterMs: number } {
  const since = now.getTime() - limit.windowMs;
  const inWindow = previous
    .map((d) => d.getTime())
    .filter((t) => t > since)
    .sort((a, b) => a - b);
  if (inWindow.length < limit.max) return { allowed: true };
  // The oldest request in the window that must fall out before one more fits.
  const oldest = inWindow[inWindow.length - limit.max]!;
  return { allowed: false, retryAfterMs: Math.max(1000, oldest + limit.windowMs - now.getTime()) };
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

function sameOrigin(a: URL, b: URL): boolean {
  if (a.origin === b.origin) return true;
  // localhost and 127.0.0.1 are the same machine: a developer may open either.
  return a.protocol === b.protocol && a.port === b.port && LOOPBACK.has(a.hostname) && LOOPBACK.has(b.hostname);
}

/**
 * CSRF defence for state-changing requests (beside SameSite=Lax cookies): the Origin header, or
 * failing that the Referer, must be the shop's own. Safe methods always pass. `Origin: null` (a
 * sandboxed or privacy-sensitive context) is refused whatever the Referer says. An Origin must also
 * name the host the request was sent to (`host`: X-Forwarded-Host, else Host), as Remix's own check
 * insists (checked when `host` is given; null: the request had none): localhost and 127.0.0.1 are
 * both the shop in development, but not for each other.
 */
export function checkOrigin(
  method: string,
  headers: { origin?: string | null; referer?: string | null; host?: string | null },
  appUrl: string,
): { ok: true } | { ok: false; reason: string } {
  if (['GET', 'HEAD', 'OPTIONS'].includes(method.toUpperCase())) return { ok: true };
  if (headers.origin === 'null') return { ok: false, reason: 'The request comes from an opaque origin (Origin: null).' };
  const app = new URL(appUrl);
  const source = headers.origin || headers.referer;
  if (!source) return { ok: false, reason: 'The request has neither an Origin nor a Referer header.' };
  let url: URL;
  try {
    url = new URL(source);
  } catch {
    return { ok: false, reason: 'The request’s origin is not a valid URL.' };
  }
  if (!sameOrigin(url, app)) return { ok: false, reason: `Requests from ${url.origin} are not accepted.` };
  if (headers.origin && headers.host !== undefined && url.host !== headers.host)
    return { ok: false, reason: `Requests from ${url.origin} are not accepted at ${headers.host ?? 'a request without a Host header'}.` };
  return { ok: true };
}

export const normaliseEmail = (email: string): string => email.trim().toLowerCase();
