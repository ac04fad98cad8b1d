// CSRF defence in depth (beside SameSite=Lax cookies): a state-changing request must come from the
// shop's own pages. Exemptions go by the Remix route that will answer (route-match.server.ts), never by
// the raw path: "/webhooks/%2e%2e/cart" is the cart, and gets no exemption.
// - Webhooks carry no Origin and are authenticated by signature.
// - The Temporal UI's codec endpoint (/codec/decode, /codec/encode): the UI posts from its own origin; it
//   changes nothing (it only encrypts or decrypts what it is sent), needs an admin's session, answers only
//   the UI's origin (CORS, codec-cors.server.ts) and refuses any other Origin itself (codec-endpoint.server.ts).
// - One-click unsubscribe (RFC 8058): mail providers POST it from their servers, without an Origin; its
//   signed token is the authority, and all it can do is opt the token's owner out. A request that does
//   carry an Origin (a browser) is checked like any other.
// The check also refuses what Remix's own check would turn into a 500 (an Origin naming another host than
// the request's, `Origin: null`), so those are a 403 with a reason.
import type { NextFunction, Request, Response } from 'express';
import { checkOrigin } from '#core/auth.ts';
import type { RequestRouteOf } from './route-match.server.ts';

const EXEMPT_ROUTES = new Set([
  'routes/webhooks.stripe',
  'routes/webhooks.resend',
  'routes/webhooks.print-provider',
  'routes/codec.$operation',
]);
const ORIGIN_CHECKED_WHEN_SENT = new Set(['routes/unsubscribe']);

/** The host Remix compares the Origin with: the first X-Forwarded-Host, else Host (null: neither). */
export function requestHost(req: Pick<Request, 'get'>): string | null {
  const forwarded = req.get('x-forwarded-host')?.split(',')[0]?.trim();
  return forwarded || req.get('host') || null;
}

/** The route id a request's action runs in: the leaf route, unless `?_data=` names another one. */
function actionRouteId(req: Request, routeOf: RequestRouteOf): string | null {
  const leaf = routeOf(req).routeId;
  const data = req.query._data;
  if (data === undefined) return leaf;
  return data === leaf ? leaf : null;
}

export function originGuard(routeOf: RequestRouteOf, appUrl = process.env.APP_URL ?? 'http://localhost:3000') {
  return (req: Request, res: Response, next: NextFunction) => {
    const routeId = actionRouteId(req, routeOf);
    if (routeId && EXEMPT_ROUTES.has(routeId)) return next();
    if (routeId && ORIGIN_CHECKED_WHEN_SENT.has(routeId) && req.get('origin') === undefined) return next();
    const verdict = checkOrigin(req.method, { origin: req.get('origin'), referer: req.get('referer'), host: requestHost(req) }, appUrl);
    if (verdict.ok) return next();
    res.status(403).type('text/plain').send(`Cross-site request refused. ${verdict.reason}`);
  };
}
