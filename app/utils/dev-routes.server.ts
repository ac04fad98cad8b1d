// The developer pages (`/dev/…`: the dev mailbox, the email previews, the local payment page) are for the
// person running the shop on their own machine. They answer loopback clients only — the client as Express
// sees it (`req.ip`, which follows X-Forwarded-For only from the proxies TRUST_PROXY trusts) — and a 404
// to everyone else, unless DEV_ROUTES=open (a shop run in containers, reached through a published port,
// is not reached from loopback). They are recognised by the Remix route that answers, not by the raw path.
import type { NextFunction, Request, Response } from 'express';
import { isLoopbackAddress } from './client-address.server.ts';
import type { RequestRouteOf } from './route-match.server.ts';

export type DevRoutesAccess = 'loopback' | 'open';

export const isDevRoute = (routeId: string | null): boolean => routeId?.startsWith('routes/dev.') ?? false;

export function devRoutesGuard(routeOf: RequestRouteOf, access: DevRoutesAccess) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (access === 'open' || !isDevRoute(routeOf(req).routeId) || isLoopbackAddress(req.ip)) return next();
    res.status(404).type('text/plain').send('Not found');
  };
}
