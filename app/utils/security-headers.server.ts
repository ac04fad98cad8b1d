// Security headers on every response (server.ts puts this first, so static files, resource routes and
// pages all get them). Pages get a Content-Security-Policy with a fresh nonce per request: Remix's
// hydration scripts are inline, and the nonce reaches them through the load context
// (entry.server.tsx → NonceProvider → <Scripts nonce>/<ScrollRestoration nonce> in root.tsx).
// Written by hand rather than with helmet: it is eight headers, and the per-path Referrer-Policy and
// the Stripe form target depend on this app's routes and mode.
import { randomBytes } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

export interface SecurityHeaderOptions {
  /** The public base URL: HSTS and upgrade-insecure-requests only when it is https. */
  appUrl: string;
  /** Stripe mode: the checkout form's redirect goes to Stripe Checkout (see formAction below). */
  stripeCheckout: boolean;
}

/** 128 random bits, base64: a CSP nonce (the value res.locals.cspNonce carries to Remix). */
export function createNonce(): string {
  return randomBytes(16).toString('base64');
}

export function contentSecurityPolicy(nonce: string, { appUrl, stripeCheckout }: SecurityHeaderOptions): string {
  const https = new URL(appUrl).protocol === 'https:';
  const directives: Record<string, string> = {
    'default-src': "'self'",
    // Remix's inline context and module scripts carry the nonce; route modules load from /build.
    // No 'unsafe-inline' (a nonce would make browsers ignore it anyway), no 'unsafe-eval'.
    'script-src': `'self' 'nonce-${nonce}'`,
    // Style attributes are allowed, <style> elements are not. The pages render React `style={}`
    // attributes (the theme swatches' colour variables on the product page, the dev mailbox's email
    // frame), which CSP only lets through with 'unsafe-inline' ('unsafe-hashes' with one hash per
    // distinct value would not do: the swatch colours come from data). An attribute cannot hold
    // selectors, so it cannot read the page the way an injected <style> can, and anything it could
    // load (url()) is still held to img-src/font-src. Browsers that know style-src-elem (all current
    // ones) apply 'self' to <style>/<link>; older ones fall back to style-src as a whole.
    'style-src': "'self' 'unsafe-inline'",
    'style-src-elem': "'self'",
    'img-src': "'self' data:",
    'font-src': "'self'",
    'connect-src': "'self'",
    // The dev mailbox shows emails in a sandboxed srcdoc frame (it inherits this policy).
    'frame-src': "'self'",
    'object-src': "'none'",
    'base-uri': "'self'",
    // Chrome and Safari apply form-action to the redirects that follow a form post too: the checkout
    // form posts to /checkout, which answers 303 to Stripe Checkout in Stripe mode (to /dev/pay/… on
    // this origin in local payment mode).
    'form-action': stripeCheckout ? "'self' https://checkout.stripe.com" : "'self'",
    'frame-ancestors': "'none'",
  };
  const policy = Object.entries(directives).map(([name, value]) => `${name} ${value}`);
  if (https) policy.push('upgrade-insecure-requests');
  return policy.join('; ');
}

/**
 * Pages whose URL carries a secret get a stricter Referrer-Policy than the default
 * strict-origin-when-cross-origin (which already sends other sites only the origin): download links
 * send no referrer at all. The sign-in and unsubscribe pages get `same-origin`, not `no-referrer`:
 * with no-referrer a browser sends `Origin: null` on the page's own POST, which the origin check
 * (origin.server.ts) and Remix itself refuse; `same-origin` keeps the Origin for our own form and
 * sends nothing to other sites.
 */
export function referrerPolicyFor(pathname: string): string {
  if (pathname.startsWith('/files/')) return 'no-referrer';
  // Pages with a form of their own (Remix also refuses an action whose Origin is `null`).
  if (pathname === '/auth/verify' || pathname === '/unsubscribe') return 'same-origin';
  return 'strict-origin-when-cross-origin';
}

export function securityHeaders(options: SecurityHeaderOptions) {
  const hsts = new URL(options.appUrl).protocol === 'https:';
  return (req: Request, res: Response, next: NextFunction) => {
    const nonce = createNonce();
    res.locals.cspNonce = nonce;
    const defaults: [string, string][] = [
      ['Content-Security-Policy', contentSecurityPolicy(nonce, options)],
      ['X-Content-Type-Options', 'nosniff'],
      ['Referrer-Policy', referrerPolicyFor(req.path)],
      ['X-Frame-Options', 'DENY'],
      ['Cross-Origin-Opener-Policy', 'same-origin'],
      // One year, this host only: subdomains and preloading are the domain owner's decision.
      ...(hsts ? [['Strict-Transport-Security', 'max-age=31536000'] as [string, string]] : []),
    ];
    // Set as the headers go out, and only those the response has not set itself: Remix's adapter
    // *appends* a route's headers, so setting them now would send two of each where a route has its
    // own (the product images' SVG policy, the download's nosniff) —
    // and two CSP headers are both enforced. Guest pages replayed by the page cache come with their stored
    // policy, in which the cache has put this request's nonce (as it has in the page).
    const writeHead = res.writeHead;
    res.writeHead = function (this: Response, ...args: unknown[]) {
      for (const [name, value] of defaults) if (!this.hasHeader(name)) this.setHeader(name, value);
      return (writeHead as (...a: unknown[]) => Response).apply(this, args);
    } as Response['writeHead'];
    next();
  };
}

/** The nonce securityHeaders() made for this request, for the Remix load context. */
export function cspNonceOf(res: Response): string | undefined {
  const nonce: unknown = res.locals.cspNonce;
  return typeof nonce === 'string' ? nonce : undefined;
}
