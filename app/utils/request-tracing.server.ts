// The web server's span per request (with tracing on: server/tracing.server.ts starts the SDK).
import { SpanKind, SpanStatusCode, context, propagation, trace } from '@opentelemetry/api';
import type { RequestHandler } from 'express';
import { methodLabel, routeLabel } from './metrics.server.ts';
import { createRouteMatcher, type RouteManifest } from './route-match.server.ts';

// Stable HTTP semantic-convention names (@opentelemetry/semantic-conventions' ATTR_HTTP_*), written out so
// that module is loaded only when tracing is on.
const ATTR_HTTP_REQUEST_METHOD = 'http.request.method';
const ATTR_HTTP_RESPONSE_STATUS_CODE = 'http.response.status_code';
const ATTR_HTTP_ROUTE = 'http.route';

/**
 * A SERVER span per request, named `METHOD route` with the same bounded route as the metrics (a
 * Remix route id, `static`, `unmatched`…; never a raw path), the status code, and the order number on
 * order routes. Everything the request does — the Temporal calls above all — happens inside it.
 */
export function traceRequests(manifest: RouteManifest): RequestHandler {
  const tracer = trace.getTracer('atelier-web');
  const match = createRouteMatcher(manifest);
  return (req, res, next) => {
    const method = methodLabel(req.method);
    const pathname = req.path;
    const parent = propagation.extract(context.active(), req.headers);
    const span = tracer.startSpan(method, { kind: SpanKind.SERVER, attributes: { [ATTR_HTTP_REQUEST_METHOD]: method } }, parent);
    res.once('close', () => {
      const route = routeLabel(pathname, res.statusCode, match);
      const orderNumber = match(pathname).params.orderNumber;
      span.updateName(`${method} ${route}`);
      span.setAttributes({
        [ATTR_HTTP_ROUTE]: route,
        [ATTR_HTTP_RESPONSE_STATUS_CODE]: res.statusCode,
        ...(orderNumber ? { 'atelier.order_number': orderNumber } : {}),
      });
      if (!res.writableFinished) span.setStatus({ code: SpanStatusCode.ERROR, message: 'aborted by the client' });
      else if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    });
    context.with(trace.setSpan(parent, span), next);
  };
}
