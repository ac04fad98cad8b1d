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

/**
 * A redirect target that stays on this site: a path starting with one "/", not "//" or "/\"
 * (protocol-relative), no scheme, no control characters. Anything else becomes the fallback.
 */
export function safeRedirect(to: unknown, fallback = '/account'): string {
  if (typeof to !== 'string' || to.length === 0 || to.length > 512) return fallback;
  if (!to.startsWith('/') || to.startsWith('//') || to.startsWith('/\\')) return fallback;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\\]/.test(to)) return fallback;
  try {
    const url = new URL(to, 'http://atelier.invalid');
    if (url.origin !== 'http://atelier.invalid') return fallback;
    return url.pathname + url.search + url.hash;
  } catch {
    return fallback;
  }
}

export interface RateLimit {
  /** At most `max` requests per `windowMs`. */
  max: number;
  windowMs: number;
}

/** Sign-in links: per email address and per client IP (link requests and order lookups together). */
export const LOGIN_LIMITS = {
  perEmail: { max: 5, windowMs: 15 * 60 * 1000 },
  perIp: { max: 20, windowMs: 15 * 60 * 1000 },
} satisfies Record<string, RateLimit>;

/** Whether one more request is allowed, given the timestamps of earlier ones; and when to retry. */
export function checkRateLimit(previous: Date[], limit: RateLimit, now = new Date()): { allowed: true } | { allowed: false; retryAfterMs: number } {
  const since = now.getTime() - limit.windowMs;
  const inWindow = previous.map((d) => d.getTime()).filter((t) => t > since).sort((a, b) => a - b);
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
 * failing that the Referer, must be the shop's own. Safe methods always pass.
 */
export function checkOrigin(
  method: string,
  headers: { origin?: string | null; referer?: string | null },
  appUrl: string,
): { ok: true } | { ok: false; reason: string } {
  if (['GET', 'HEAD', 'OPTIONS'].includes(method.toUpperCase())) return { ok: true };
  const app = new URL(appUrl);
  const source = headers.origin && headers.origin !== 'null' ? headers.origin : headers.referer;
  if (!source) return { ok: false, reason: 'The request has neither an Origin nor a Referer header.' };
  let url: URL;
  try {
    url = new URL(source);
  } catch {
    return { ok: false, reason: 'The request’s origin is not a valid URL.' };
  }
  return sameOrigin(url, app) ? { ok: true } : { ok: false, reason: `Requests from ${url.origin} are not accepted.` };
}

export const normaliseEmail = (email: string): string => email.trim().toLowerCase();
