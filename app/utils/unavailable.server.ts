// When PostgreSQL or Temporal is briefly away, pages answer 503 with the friendly error page (root
// ErrorBoundary) instead of a 500: it says "try again in a moment", and monitoring and proxies can
// tell an outage from a bug. Every route's loader and action is wrapped once, at start-up.
import type { ServerBuild } from '@remix-run/node';
import { logger } from '#server/log.server.ts';

// PostgreSQL SQLSTATEs of a database that cannot serve right now (not a bad query):
// 08xxx connection exceptions, 57P01-03 shutdown / cannot connect now, 53300 too many connections,
// 55000 e.g. "database is not currently accepting connections".
const PG_UNAVAILABLE = new Set(['08000', '08001', '08003', '08004', '08006', '57P01', '57P02', '57P03', '53300', '55000']);
const NET_UNAVAILABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN']);
// gRPC status codes from Temporal: 14 UNAVAILABLE, 4 DEADLINE_EXCEEDED.
const GRPC_UNAVAILABLE = new Set([14, 4]);
const MESSAGES = [
  /Connection terminated/i,
  /Connection ended unexpectedly/i,
  /connection error and is not queryable/i,
  /Transaction query already complete/i,
  /terminating connection due to administrator command/i,
  /Timeout acquiring a connection/i,
  /connect ECONNREFUSED/i,
  /Client network socket disconnected/i,
];

/** Which part is away, when an error (or one of its causes) says a dependency is unavailable. */
export function unavailablePart(err: unknown): 'database' | 'temporal' | null {
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < 6; e = (e as { cause?: unknown }).cause, depth++) {
    const { code, name, message } = e as { code?: unknown; name?: unknown; message?: unknown };
    if (typeof code === 'number' && GRPC_UNAVAILABLE.has(code)) return 'temporal';
    if (name === 'ServiceError' || name === 'ConnectionError' || name === 'TransportError') return 'temporal';
    if (typeof code === 'string' && (PG_UNAVAILABLE.has(code) || NET_UNAVAILABLE.has(code))) return 'database';
    if (name === 'ConnectionException' || name === 'KnexTimeoutError') return 'database';
    if (typeof message === 'string' && MESSAGES.some((m) => m.test(message))) return 'database';
  }
  return null;
}

type Handler = (args: never) => unknown;

function wrap<T extends Handler>(routeId: string, kind: 'loader' | 'action', fn: T): T {
  const wrapped = async (args: never) => {
    try {
      return await fn(args);
    } catch (err) {
      if (err instanceof Response) throw err;
      const part = unavailablePart(err);
      if (!part) throw err;
      logger.error(
        { route: routeId, part, error: err instanceof Error ? err.message.split('\n')[0] : String(err) },
        `${routeId} ${kind}: the ${part} is unavailable`,
      );
      throw new Response(`The shop is briefly unavailable (${part}). Please try again in a moment.`, {
        status: 503,
        statusText: 'Service Unavailable',
        headers: { 'Retry-After': '5', 'Cache-Control': 'no-store' },
      });
    }
  };
  return wrapped as unknown as T;
}

/** The same build with every loader and action answering 503 (not 500) when a dependency is away. */
export function withUnavailableAs503<B extends ServerBuild>(build: B): B {
  const routes = Object.fromEntries(
    Object.entries(build.routes).map(([id, route]) => {
      const m = route.module;
      const module = {
        ...m,
        ...(m.loader ? { loader: wrap(id, 'loader', m.loader) } : {}),
        ...(m.action ? { action: wrap(id, 'action', m.action) } : {}),
      };
      return [id, { ...route, module }];
    }),
  );
  return { ...build, routes };
}
