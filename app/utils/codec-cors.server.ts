// CORS for the codec endpoint (app/routes/codec.$operation.ts), mounted by server.ts in front of
// Remix, which never sees OPTIONS requests. Kept apart from the endpoint so server.ts loads nothing else.
import type { NextFunction, Request, Response } from 'express';

export const CODEC_PATH = /^\/codec\/(decode|encode)$/;

/**
 * CORS for the codec endpoint: exactly the Temporal UI's origin, with credentials (its admin
 * session cookie); answers the preflight itself (Remix routes never see OPTIONS). Any other origin
 * gets no CORS headers, so its pages cannot read an answer (and the endpoint refuses its Origin anyway).
 */
export function codecCors(uiUrl = process.env.TEMPORAL_UI_URL ?? 'http://localhost:8233') {
  const allowed = new URL(uiUrl).origin;
  return (req: Request, res: Response, next: NextFunction) => {
    if (!CODEC_PATH.test(req.path)) return next();
    const origin = req.get('origin');
    res.vary('Origin');
    if (origin === allowed) {
      res.set({ 'Access-Control-Allow-Origin': allowed, 'Access-Control-Allow-Credentials': 'true' });
    }
    if (req.method !== 'OPTIONS') return next();
    if (origin !== allowed) {
      res.status(403).type('text/plain').send('Origin not allowed.');
      return;
    }
    res
      .status(204)
      .set({
        'Access-Control-Allow-Methods': 'POST',
        'Access-Control-Allow-Headers': 'Content-Type, X-Namespace',
        'Access-Control-Max-Age': '600',
      })
      .end();
  };
}
