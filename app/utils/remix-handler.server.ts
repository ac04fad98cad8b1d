// Remix behind Express. This is what @remix-run/express's createRequestHandler does (the same URL,
// headers, abort-on-disconnect and response writing), with one difference it has no hook for: the body
// Remix reads is the one bodyLimit() counts (body-limit.server.ts), not the raw request stream. When that
// body is refused mid-way, the 413 is already on its way, the request's signal is aborted (so Remix does
// not log the action's failure as an error) and whatever Remix answers afterwards is dropped.
import type { IncomingHttpHeaders } from 'node:http';
import type { AppLoadContext, ServerBuild } from '@remix-run/node';
import {
  createReadableStreamFromReadable,
  createRequestHandler as createRemixRequestHandler,
  writeReadableStreamToWritable,
} from '@remix-run/node';
import type { Request as ExpressRequest, RequestHandler, Response as ExpressResponse } from 'express';
import { countedBodyOf } from './body-limit.server.ts';

export interface RemixHandlerOptions {
  build: ServerBuild;
  mode: string;
  getLoadContext: (req: ExpressRequest, res: ExpressResponse) => AppLoadContext;
}

export function remixRequestHandler({ build, mode, getLoadContext }: RemixHandlerOptions): RequestHandler {
  const handle = createRemixRequestHandler(build, mode);
  return async (req, res, next) => {
    try {
      const request = remixRequest(req, res);
      const response = await handle(request, getLoadContext(req, res));
      if (res.headersSent) {
        // Answered already: the body was refused while the action read it.
        await response.body?.cancel();
        return;
      }
      await sendResponse(res, response);
    } catch (error) {
      next(error);
    }
  };
}

/** The Fetch API request Remix handles, built as the Express adapter builds it, with the counted body. */
function remixRequest(req: ExpressRequest, res: ExpressResponse): Request {
  // req.hostname respects "trust proxy"; the port comes from X-Forwarded-Host or Host.
  const portOf = (host: string | undefined) => Number.parseInt(host?.split(':')[1] ?? '', 10);
  const forwardedPort = portOf(req.get('X-Forwarded-Host'));
  const hostPort = portOf(req.get('host'));
  const port = Number.isSafeInteger(forwardedPort) ? forwardedPort : Number.isSafeInteger(hostPort) ? hostPort : null;
  const url = new URL(`${req.protocol}://${req.hostname}${port !== null ? `:${port}` : ''}${req.originalUrl}`);

  let disconnected: AbortController | null = new AbortController();
  // Abort loaders and actions once no answer can be written any more (closed before it finished).
  res.on('finish', () => (disconnected = null));
  res.on('close', () => disconnected?.abort());
  const init: RequestInit & { duplex?: 'half' } = { method: req.method, headers: fetchHeaders(req.headers), signal: disconnected.signal };
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    const counted = countedBodyOf(req);
    init.body = counted?.stream ?? createReadableStreamFromReadable(req);
    init.duplex = 'half';
    if (counted) init.signal = AbortSignal.any([disconnected.signal, counted.signal]);
  }
  return new Request(url.href, init);
}

function fetchHeaders(incoming: IncomingHttpHeaders): Headers {
  const headers = new Headers();
  for (const [name, values] of Object.entries(incoming)) {
    if (Array.isArray(values)) for (const value of values) headers.append(name, value);
    else if (values) headers.set(name, values);
  }
  return headers;
}

async function sendResponse(res: ExpressResponse, response: Response): Promise<void> {
  res.statusMessage = response.statusText;
  res.status(response.status);
  for (const [name, value] of response.headers.entries()) res.append(name, value);
  if (/text\/event-stream/i.test(response.headers.get('Content-Type') ?? '')) res.flushHeaders();
  if (response.body) await writeReadableStreamToWritable(response.body, res);
  else res.end();
}
