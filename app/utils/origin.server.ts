// CSRF defence in depth (beside SameSite=Lax cookies): a state-changing request must come from the
// shop's own pages. Webhooks are exempt: they carry no Origin and are authenticated by signature. So is
// one-click unsubscribe (RFC 8058): mail providers POST it from their servers; its signed token is the
// authority, and all it can do is opt the token's owner out. So is the Temporal UI's codec endpoint
// (/codec/decode, /codec/encode): the UI posts from its own origin; it changes nothing (it only
// encrypts or decrypts what it is sent), needs an admin's session, answers only the UI's origin (CORS,
// codec-cors.server.ts) and refuses any other Origin itself (codec-endpoint.server.ts).
import type { NextFunction, Request, Response } from 'express';
import { checkOrigin } from '#core/auth.ts';

const EXEMPT = /^\/(webhooks\/|unsubscribe$|codec\/(decode|encode)$)/;

export function originGuard(appUrl = process.env.APP_URL ?? 'http://localhost:3000') {
  return (req: Request, res: Response, next: NextFunction) => {
    if (EXEMPT.test(req.path)) return next();
    const verdict = checkOrigin(req.method, { origin: req.get('origin'), referer: req.get('referer') }, appUrl);
    if (verdict.ok) return next();
    res.status(403).type('text/plain').send(`Cross-site request refused. ${verdict.reason}`);
  };
}
