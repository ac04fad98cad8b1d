// Prometheus metrics and the request log of the web server (prom-client).
//
// Every request is counted and timed by method, route and status class. The route label is the
// Remix route id the path matches (`routes/account.orders.$orderNumber`), never the raw path, so
// order numbers and tokens never become labels. With node:cluster each web process counts its own
// requests; `GET /metrics` on any of them asks the primary, which gathers all of them
// (prom-client's AggregatorRegistry). Access: loopback clients that did not come through a proxy,
// or anyone with `Authorization: Bearer $METRICS_TOKEN`.
import cluster from 'node:cluster';
import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { RequestHandler } from 'express';
import { AggregatorRegistry, Counter, Histogram, collectDefaultMetrics, register } from 'prom-client';
import { logger, withLogContext } from '#server/log.server.ts';
import { isLoopbackAddress } from './client-address.server.ts';
import { createRouteMatcher, type RouteManifest, type RouteMatch } from './route-match.server.ts';

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
/** Routes whose successful requests are not worth a log line (probes, scrapes, files). */
const QUIET_ROUTES = new Set(['routes/healthz', 'routes/readyz', 'metrics', 'static']);

/**
 * The bounded `route` label of a request: a Remix route id; `metrics`; `static` for files
 * (fingerprinted assets and public/ files that were found); `unmatched` for everything else.
 */
export function routeLabel(pathname: string, status: number, match: (pathname: string) => RouteMatch): string {
  if (pathname === '/metrics') return 'metrics';
  if (pathname.startsWith('/build/')) return 'static';
  if (pathname === '/__manifest') return 'remix-manifest';
  const { routeId } = match(pathname);
  if (routeId) return routeId;
  // A file from public/ (favicon.ico, robots.txt…) when it was there; a probe for /wp-login.php is not.
  if (/\.[a-z0-9]+$/i.test(pathname) && status < 400) return 'static';
  return 'unmatched';
}

export const statusClass = (status: number) => `${Math.floor(status / 100)}xx`;
export const methodLabel = (method: string) => (METHODS.has(method) ? method : 'OTHER');

interface HttpMetrics {
  requests: Counter<'method' | 'route' | 'status_class'>;
  errors: Counter<'method' | 'route' | 'status_class'>;
  duration: Histogram<'method' | 'route' | 'status_class'>;
}
let metrics: HttpMetrics | null = null;

/** Creates the metrics once per process (the web process that serves requests, not the cluster primary). */
function httpMetrics(): HttpMetrics {
  if (metrics) return metrics;
  collectDefaultMetrics();
  // In a cluster worker this answers the primary's requests for this process's metrics.
  if (cluster.isWorker) new AggregatorRegistry();
  const labelNames = ['method', 'route', 'status_class'] as const;
  metrics = {
    requests: new Counter({
      name: 'http_requests_total',
      help: 'HTTP requests answered, by method, route (Remix route id) and status class',
      labelNames,
    }),
    errors: new Counter({
      name: 'http_request_errors_total',
      help: 'HTTP requests answered with a 5xx status or abandoned by the client before the answer',
      labelNames,
    }),
    duration: new Histogram({
      name: 'http_request_duration_seconds',
      help: 'Time to answer an HTTP request',
      labelNames,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    }),
  };
  return metrics;
}

const REQUEST_ID = /^[\w.:-]{1,128}$/;

/**
 * Counts, times and logs every request: one log line per request with method, route, status, ms,
 * requestId (the caller's X-Request-Id when it looks like one, else a new UUID, echoed back) and
 * the orderNumber when the route has one. Successful probes, scrapes and files are not logged.
 */
export function observeRequests(manifest: RouteManifest): RequestHandler {
  const m = httpMetrics();
  const match = createRouteMatcher(manifest);
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    const incoming = req.get('x-request-id');
    const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    res.setHeader('X-Request-Id', requestId);
    const pathname = req.path;
    res.once('close', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const aborted = !res.writableFinished;
      // The route is matched at most once, when first needed (not at all for an answered /build/ file or scrape): label and orderNumber share it.
      let matched: RouteMatch | undefined;
      const matchOnce = (p: string) => (matched ??= match(p));
      const route = routeLabel(pathname, res.statusCode, matchOnce);
      const labels = { method: methodLabel(req.method), route, status_class: aborted ? 'aborted' : statusClass(res.statusCode) };
      m.requests.inc(labels);
      m.duration.observe(labels, seconds);
      if (aborted || res.statusCode >= 500) m.errors.inc(labels);
      if (QUIET_ROUTES.has(route) && !aborted && res.statusCode < 400) return;
      const orderNumber = matchOnce(pathname).params.orderNumber;
      const level = aborted ? 'warn' : res.statusCode >= 500 ? 'error' : 'info';
      logger[level](
        {
          method: req.method,
          route,
          status: res.statusCode,
          ms: Math.round(seconds * 1000 * 10) / 10,
          requestId,
          ...(orderNumber ? { orderNumber } : {}),
        },
        aborted ? 'request aborted' : 'request',
      );
    });
    // Whatever the request logs on its way (a loader, a server operation) carries its id.
    withLogContext({ requestId }, next);
  };
}

// ------------------------------------------------------------------------------------------------
// Access

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * Who may read /metrics: a request with `Authorization: Bearer <token>` when a token is set, or a
 * loopback peer that is not a proxy forwarding someone else (no X-Forwarded-For / Forwarded header).
 */
export function metricsAccessAllowed(
  req: { remoteAddress: string | undefined; headers: IncomingHttpHeaders },
  token: string | undefined,
): boolean {
  const auth = req.headers.authorization;
  if (token && auth?.startsWith('Bearer ') && timingSafeEqual(digest(auth.slice(7).trim()), digest(token))) return true;
  const forwarded =
    req.headers['x-forwarded-for'] !== undefined || req.headers.forwarded !== undefined || req.headers['x-real-ip'] !== undefined;
  return !forwarded && isLoopbackAddress(req.remoteAddress);
}

// ------------------------------------------------------------------------------------------------
// Cluster: a web process asks the primary, which gathers every process's metrics.

const ASK = 'atelier:metrics-ask';
const ANSWER = 'atelier:metrics-answer';

interface MetricsMessage {
  type: typeof ASK | typeof ANSWER;
  id: number;
  text?: string;
  error?: string;
}

function isMetricsMessage(value: unknown): value is MetricsMessage {
  if (typeof value !== 'object' || value === null) return false;
  const { type, id } = value as Record<string, unknown>;
  return (type === ASK || type === ANSWER) && typeof id === 'number';
}

/** In the cluster primary: answers the web processes' requests for the whole cluster's metrics. */
export function serveClusterMetrics(): void {
  const aggregator = new AggregatorRegistry();
  cluster.on('message', (worker, message: unknown) => {
    if (!isMetricsMessage(message) || message.type !== ASK) return;
    aggregator.clusterMetrics().then(
      (text) => worker.send({ type: ANSWER, id: message.id, text } satisfies MetricsMessage),
      (error: unknown) =>
        worker.send({
          type: ANSWER,
          id: message.id,
          error: error instanceof Error ? error.message : String(error),
        } satisfies MetricsMessage),
    );
  });
}

let asked = 0;
let listening = false;
const waiting = new Map<number, (message: MetricsMessage) => void>();

function askPrimary(timeoutMs = 6000): Promise<string> {
  if (!listening) {
    listening = true;
    process.on('message', (message: unknown) => {
      if (isMetricsMessage(message) && message.type === ANSWER) waiting.get(message.id)?.(message);
    });
  }
  const id = ++asked;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      waiting.delete(id);
      reject(new Error('the cluster primary did not answer with the metrics in time'));
    }, timeoutMs);
    waiting.set(id, (message) => {
      clearTimeout(timer);
      waiting.delete(id);
      if (message.error !== undefined || message.text === undefined) reject(new Error(message.error ?? 'no metrics'));
      else resolve(message.text);
    });
    process.send?.({ type: ASK, id } satisfies MetricsMessage);
  });
}

/** `GET /metrics`: the whole cluster's metrics in Prometheus text format, to those allowed. */
export function metricsEndpoint(token: string | undefined = process.env.METRICS_TOKEN || undefined): RequestHandler {
  httpMetrics();
  return (req, res) => {
    if (!metricsAccessAllowed({ remoteAddress: req.socket.remoteAddress, headers: req.headers }, token)) {
      res.status(403).type('text/plain').send('Metrics are served to loopback clients, or with the METRICS_TOKEN bearer token.\n');
      return;
    }
    (cluster.isWorker ? askPrimary() : register.metrics()).then(
      (text) => res.status(200).set('Content-Type', register.contentType).set('Cache-Control', 'no-store').send(text),
      (error: unknown) => {
        logger.error({ err: error }, 'metrics unavailable');
        res.status(503).type('text/plain').send('Metrics are unavailable right now.\n');
      },
    );
  };
}
