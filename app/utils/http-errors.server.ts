// What the web server answers when a request fails outside Remix's own error handling (a malformed escape
// in the path, which Express cannot decode; an error thrown by a middleware or by the adapter): a short
// plain-text answer with the status, in every mode. Express's default error page shows the stack and the
// server's file paths whenever NODE_ENV is not "production"; the stack belongs in the log, with the
// request's id, not in the answer.
import { STATUS_CODES } from 'node:http';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { logger } from '#server/log.server.ts';

/** The HTTP status an error carries (Express and http-errors set `status` or `statusCode`), else 500. */
export function statusOf(error: unknown): number {
  if (typeof error === 'object' && error !== null) {
    const { status, statusCode } = error as { status?: unknown; statusCode?: unknown };
    const value = typeof status === 'number' ? status : statusCode;
    if (typeof value === 'number' && Number.isInteger(value) && value >= 400 && value <= 599) return value;
  }
  return 500;
}

const plain = (status: number) => `${status} ${STATUS_CODES[status] ?? 'Error'}\n`;

/**
 * Request targets in origin form only ("/path?query"). An absolute URI ("GET http://host/ HTTP/1.1", the
 * form for forward proxies) or "*" is answered 400: Remix builds its URL by appending the target to this
 * server's origin, which an absolute URI would turn into nonsense.
 */
export function requireOriginForm(): RequestHandler {
  return (req, res, next) => {
    if (req.url.startsWith('/')) return next();
    res.status(400).set('Connection', 'close').type('text/plain').send(plain(400));
  };
}

/** The last handler: every error that reaches Express becomes a plain answer with its status, and a log line. */
export function plainErrorAnswer(): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const status = statusOf(error);
    const requestId = res.getHeader('X-Request-Id');
    const fields = { err: error, status, method: req.method, requestId };
    if (status >= 500) logger.error(fields, 'request failed');
    else logger.warn(fields, 'request refused');
    if (res.headersSent) {
      // Part of another answer is already out: all that is left is to end the connection.
      req.socket.destroy();
      return;
    }
    res.status(status).set('Cache-Control', 'no-store').type('text/plain').send(plain(status));
  };
}
