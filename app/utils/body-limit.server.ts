// Oversized request bodies are refused before anything reads them (413), so a large POST costs
// nothing. Forms here are small; Stripe's webhooks are well under the webhook limit. Browsers and
// Stripe declare Content-Length; a chunked body (no length) is bounded by the proxy in front.
import type { NextFunction, Request, Response } from 'express';

export const BODY_LIMITS = { webhook: 1024 * 1024, form: 256 * 1024 } as const;

export function bodyLimit(limits: { webhook: number; form: number } = BODY_LIMITS) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method === 'GET' || req.method === 'HEAD') return next();
    const limit = req.path.startsWith('/webhooks/') ? limits.webhook : limits.form;
    const declared = Number(req.get('content-length') ?? '0');
    if (Number.isFinite(declared) && declared > limit) {
      res.status(413).set('Connection', 'close').type('text/plain').send(`Request body too large: at most ${Math.floor(limit / 1024)} KB.`);
      req.resume();
      return;
    }
    next();
  };
}
