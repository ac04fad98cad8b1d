// The stand-in's HTTP server: `/v4/…` speaks Gelato, `/control/…` is for the dev page and the tests.
// Started by main.ts as its own process, and in-process by the unit tests.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { controlApi } from './control.ts';
import { gelatoApi } from './gelato-api.ts';
import { HttpError, sendError } from './http.ts';
import { ConflictError } from './lifecycle.ts';
import { ValidationError } from './order-request.ts';
import { StandIn, type StandInOptions } from './stand-in.ts';

export interface RunningStandIn {
  standIn: StandIn;
  server: Server;
  /** `http://host:port`. */
  url: string;
  close(): Promise<void>;
}

function asHttpError(error: unknown): unknown {
  if (error instanceof ValidationError) return new HttpError(400, 'ValidationError', error.message);
  if (error instanceof ConflictError) return new HttpError(409, 'Conflict', error.message);
  return error;
}

export function createStandInServer(standIn: StandIn): Server {
  return createServer((req, res) => {
    const { pathname } = new URL(req.url ?? '/', 'http://stand-in');
    const handler = pathname.startsWith('/v4/') ? gelatoApi : pathname.startsWith('/control/') ? controlApi : null;
    if (!handler) return sendError(res, new HttpError(404, 'NotFound', `No route ${req.method} ${pathname}`));
    handler(standIn, req, res, pathname).catch((error: unknown) => {
      if (!res.headersSent) sendError(res, asHttpError(error));
      else res.destroy();
    });
  });
}

/** Loads the saved state, resumes its timers and listens on `host:port` (0: any free port). */
export async function startStandIn(options: StandInOptions & { host: string; port: number }): Promise<RunningStandIn> {
  const standIn = new StandIn(options);
  const server = createStandInServer(standIn);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  standIn.start();
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    standIn,
    server,
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`,
    async close() {
      standIn.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
