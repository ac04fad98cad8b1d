// Request bodies are counted as they arrive, and refused (413) the moment they pass their route's limit,
// whether or not they declared a length: a declared Content-Length over the limit is refused before a
// byte is read; a chunked body is refused as soon as it has sent one byte too many. Either way nothing
// past the limit is kept, the body Remix reads (remix-handler.server.ts) fails instead of ending, so no
// action ever sees a cut-off form or webhook, and the request's signal is aborted. Forms here are small;
// the webhook routes and the forms that upload a file (the stock page's CSV of counts, a product's photos)
// get more room (their handlers keep tighter limits of their own, also while reading).
import type { NextFunction, Request, Response } from 'express';
import type { RequestRouteOf } from './route-match.server.ts';

export const BODY_LIMITS = { webhook: 1024 * 1024, form: 256 * 1024, upload: 2 * 1024 * 1024, photo: 16 * 1024 * 1024 } as const;
const WEBHOOK_ROUTES = new Set(['routes/webhooks.stripe', 'routes/webhooks.resend', 'routes/webhooks.print-provider']);
/**
 * Forms that upload a file, and which limit they get: the file's own limit (1 MB of CSV, 15 MB of photo) is
 * checked while it is read, so a file just over it gets the form's answer rather than a bare 413.
 */
const UPLOAD_ROUTES = new Map<string, 'upload' | 'photo'>([
  ['routes/admin.stock', 'upload'],
  ['routes/admin.products.$id_.photos', 'photo'],
]);

/**
 * After the 413, what the client still sends is read and dropped for this long (or this much) so that
 * it can read the answer instead of meeting a reset connection; then the connection is closed. A client
 * on a busy machine may take a few hundred ms to read the answer while it goes on sending, and closing
 * with its bytes unread resets the connection, answer and all.
 */
export const DISCARD_AFTER_REFUSAL = { ms: 5000, bytes: 8 * 1024 * 1024 } as const;
/** How much of an accepted body is read ahead of the action (as Remix's own adapter does). */
const READ_AHEAD_BYTES = 64 * 1024;

export class RequestBodyTooLargeError extends Error {
  readonly status = 413;
  constructor(readonly limit: number) {
    super(`the request body is larger than ${limit} bytes`);
    this.name = 'RequestBodyTooLargeError';
  }
}

export interface CountedBody {
  /** The body as Remix reads it: it errors instead of ending once the limit is passed. */
  stream: ReadableStream<Uint8Array>;
  /** Aborted when the body was refused (or the client went away before it ended). */
  signal: AbortSignal;
}

const counted = new WeakMap<Request, CountedBody>();

/** The counted body bodyLimit() made for this request; null for GET and HEAD, which have none. */
export function countedBodyOf(req: Request): CountedBody | null {
  return counted.get(req) ?? null;
}

export function bodyLimit(
  routeOf: RequestRouteOf,
  limits: { webhook: number; form: number; upload?: number; photo?: number } = BODY_LIMITS,
) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method === 'GET' || req.method === 'HEAD') return next();
    const routeId = routeOf(req).routeId ?? '';
    const upload = UPLOAD_ROUTES.get(routeId);
    const limit = WEBHOOK_ROUTES.has(routeId) ? limits.webhook : upload ? (limits[upload] ?? limits.form) : limits.form;
    const declared = Number(req.get('content-length') ?? '0');
    if (Number.isFinite(declared) && declared > limit) {
      refuse(req, res, limit);
      return;
    }
    counted.set(req, countBody(req, res, limit));
    next();
  };
}

/** Answers 413 (unless an answer is already on its way), then drops what still arrives, for a while. */
function refuse(req: Request, res: Response, limit: number): void {
  if (!res.headersSent)
    res
      .status(413)
      .type('text/plain')
      .send(`Request body too large: at most ${Math.floor(limit / 1024)} KB.`);
  discardRest(req);
}

/**
 * Reads and drops the rest of the body, up to DISCARD_AFTER_REFUSAL, then closes the connection. Used
 * after a refusal and when the action stopped reading early (a handler's own smaller limit), so the
 * answer reaches the client and the connection is not left holding an unread upload.
 */
function discardRest(req: Request): void {
  if (req.readableEnded || req.destroyed) return;
  let dropped = 0;
  const close = () => req.socket.destroy();
  const timer = setTimeout(close, DISCARD_AFTER_REFUSAL.ms);
  timer.unref();
  req.removeAllListeners('data');
  req.on('data', (chunk: Buffer) => {
    dropped += chunk.length;
    if (dropped > DISCARD_AFTER_REFUSAL.bytes) {
      clearTimeout(timer);
      close();
    }
  });
  req.once('end', () => clearTimeout(timer));
  req.once('close', () => clearTimeout(timer));
  req.resume();
}

function countBody(req: Request, res: Response, limit: number): CountedBody {
  const aborter = new AbortController();
  let received = 0;
  let settled = false;
  const stream = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        req.on('data', (chunk: Buffer) => {
          if (settled) return;
          received += chunk.length;
          if (received > limit) {
            settled = true;
            controller.error(new RequestBodyTooLargeError(limit));
            aborter.abort(new RequestBodyTooLargeError(limit));
            refuse(req, res, limit);
            return;
          }
          controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
          if ((controller.desiredSize ?? 0) <= 0) req.pause();
        });
        req.once('end', () => {
          if (settled) return;
          settled = true;
          controller.close();
        });
        req.once('close', () => {
          if (settled) return;
          settled = true;
          const gone = new Error('the client closed the connection before the request body ended');
          controller.error(gone);
          aborter.abort(gone);
        });
      },
      pull() {
        req.resume();
      },
      cancel() {
        // The action stopped reading (it answers on its own): the rest is not wanted.
        settled = true;
        discardRest(req);
      },
    },
    { highWaterMark: READ_AHEAD_BYTES, size: (chunk) => chunk.byteLength },
  );
  // Answered without reading the whole body (an action that never reads it): the rest is not wanted either.
  res.once('finish', () => {
    if (settled) return;
    settled = true;
    discardRest(req);
  });
  return { stream, signal: aborter.signal };
}
