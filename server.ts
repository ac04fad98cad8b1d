// Express in front of Remix: static assets, compression, a page cache for guests, a MikroORM
// RequestContext per request. WEB_CONCURRENCY processes share the port (node:cluster).
import cluster from 'node:cluster';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { RequestContext, type EntityManager, type MikroORM } from '@mikro-orm/postgresql';
import type { ServerBuild } from '@remix-run/node';
import compression from 'compression';
import express from 'express';
import { createPageCache } from './app/utils/page-cache.server.ts';
import { originGuard } from './app/utils/origin.server.ts';
import { codecCors } from './app/utils/codec-cors.server.ts';
import { bodyLimit } from './app/utils/body-limit.server.ts';
import { devRoutesGuard } from './app/utils/dev-routes.server.ts';
import { plainErrorAnswer, requireOriginForm } from './app/utils/http-errors.server.ts';
import { remixRequestHandler } from './app/utils/remix-handler.server.ts';
import { memoizeRemixRouteMatching } from './app/utils/remix-route-memo.server.ts';
import { createRequestRouteOf } from './app/utils/route-match.server.ts';
import { metricsEndpoint, observeRequests, serveClusterMetrics } from './app/utils/metrics.server.ts';
import { withUnavailableAs503 } from './app/utils/unavailable.server.ts';
import { cspNonceOf, securityHeaders } from './app/utils/security-headers.server.ts';
import { startTracing, tracingEnabled } from '#server/tracing.server.ts';
import { traceRequests } from './app/utils/request-tracing.server.ts';
import { getEnv, type Env } from '#server/env.server.ts';
import { logger } from '#server/log.server.ts';

const root = path.dirname(fileURLToPath(import.meta.url));

export interface AtelierBuild extends ServerBuild {
  entry: ServerBuild['entry'] & {
    module: ServerBuild['entry']['module'] & {
      getOrm(): Promise<MikroORM>;
      startLocalSubscriptionClock(getEm: () => Promise<EntityManager>, env: Env): () => void;
    };
  };
}

export async function createApp(buildPath = path.join(root, 'build/index.js')) {
  // Loaders and actions answer 503 (the friendly error page) while PostgreSQL or Temporal is away.
  const build = withUnavailableAs503((await import(pathToFileURL(buildPath).href)) as AtelierBuild);
  const orm = await build.entry.module.getOrm();
  // Local payment mode: the stand-in for Stripe Billing renews subscriptions and delivers their events.
  const stopSubscriptionClock =
    getEnv().stripeMode === 'local'
      ? build.entry.module.startLocalSubscriptionClock(() => Promise.resolve(orm.em.fork()), getEnv())
      : () => {};
  const app = express();
  app.disable('x-powered-by');
  // Client IPs (rate limits) come from X-Forwarded-For only when a trusted proxy sets it.
  app.set('trust proxy', trustProxy(process.env.TRUST_PROXY));
  // A span per request when tracing is on (OTEL_EXPORTER_OTLP_ENDPOINT): first, so it holds all the rest.
  if (tracingEnabled()) app.use(traceRequests(build.routes));
  // Request metrics and the request log (route = Remix route id); /metrics: loopback or METRICS_TOKEN.
  app.use(observeRequests(build.routes));
  app.use(requireOriginForm());
  app.get('/metrics', metricsEndpoint());
  app.use(compression());
  // First, so static files, resource routes and pages all carry them; pages also get the CSP nonce.
  app.use(
    securityHeaders({ appUrl: process.env.APP_URL ?? 'http://localhost:3000', stripeCheckout: Boolean(process.env.STRIPE_SECRET_KEY) }),
  );
  // The Remix route each request reaches, as Remix will route it: checks below go by route, not raw path.
  const routeOf = createRequestRouteOf(build.routes);
  // /dev/… answers loopback clients only unless DEV_ROUTES=open (before the page cache: never replayed to others).
  app.use(devRoutesGuard(routeOf, getEnv().DEV_ROUTES));
  // Fingerprinted assets are immutable; everything else in public/ is cached briefly.
  app.use('/build', express.static(path.join(root, 'public/build'), { immutable: true, maxAge: '1y' }));
  // Guest pages that their route marks as shareable (app/utils/cache-headers.server.ts).
  app.use(createPageCache());
  // public/'s other files all have an extension and no page's path does: pages skip the file lookup (a stat each).
  const publicFiles = express.static(path.join(root, 'public'), { maxAge: '1h' });
  app.use((req, res, next) => (path.posix.extname(req.path) ? publicFiles(req, res, next) : next()));
  app.use((_req, _res, next) => RequestContext.create(orm.em, next));
  // The Temporal UI's codec endpoint: CORS for the UI's origin only, preflight answered here.
  app.use(codecCors(process.env.TEMPORAL_UI_URL));
  app.use(originGuard(routeOf));
  app.use(bodyLimit(routeOf));
  memoizeRemixRouteMatching();
  app.all(
    '*',
    remixRequestHandler({
      build,
      mode: process.env.NODE_ENV ?? 'production',
      getLoadContext: (req, res) => ({ ip: req.ip ?? null, cspNonce: cspNonceOf(res) }),
    }),
  );
  // Errors outside Remix's own handling: a plain answer with the status, never a stack (any NODE_ENV).
  app.use(plainErrorAnswer());
  return { app, orm, stopSubscriptionClock };
}

/** TRUST_PROXY: `loopback` (default), `true`/`false`, a hop count, or Express's address list. */
function trustProxy(value: string | undefined): boolean | number | string {
  if (!value) return 'loopback';
  if (value === 'true' || value === 'false') return value === 'true';
  return /^\d+$/.test(value) ? Number(value) : value;
}

/** WEB_CONCURRENCY: web processes; by default one per CPU in production, one in development. */
export function webConcurrency(env: NodeJS.ProcessEnv = process.env): number {
  const value = env.WEB_CONCURRENCY?.trim();
  if (value) {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new Error(`WEB_CONCURRENCY must be a whole number of processes, 1 or more (got "${value}")`);
    return n;
  }
  return env.NODE_ENV === 'production' ? os.availableParallelism() : 1;
}

async function serve(): Promise<void> {
  const port = Number(process.env.PORT ?? 3000);
  // Before the build loads, in each web process; null (nothing loaded) unless OTEL_EXPORTER_OTLP_ENDPOINT is set.
  const tracing = await startTracing('atelier-web');
  const { app, orm, stopSubscriptionClock } = await createApp();
  const server = app.listen(port, () => {
    if (cluster.isPrimary) logger.info({ port }, `web listening on http://127.0.0.1:${port}`);
  });
  // Keep-alive longer than a typical proxy's so idle sockets are closed by the proxy, not us.
  server.keepAliveTimeout = 65_000;
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    stopSubscriptionClock();
    server.close(() => void Promise.allSettled([orm.close(), tracing?.shutdown()]).finally(() => process.exit(0)));
    server.closeIdleConnections();
    setTimeout(() => process.exit(0), 5000).unref();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

/** Forks the web processes, replaces one that dies, and stops them all on SIGTERM/SIGINT. */
function supervise(processes: number): void {
  const port = Number(process.env.PORT ?? 3000);
  let stopping = false;
  let exitCode = 0;
  let announced = false;
  const listening = new Set<number>();
  const fork = () => cluster.fork();
  // /metrics on any web process gathers every process's metrics through here.
  serveClusterMetrics();

  cluster.on('listening', (worker) => {
    listening.add(worker.id);
    if (!announced && listening.size === processes) {
      announced = true;
      logger.info({ port, processes }, `web listening on http://127.0.0.1:${port} (${processes} processes)`);
    }
  });
  cluster.on('exit', (worker, code, signal) => {
    const started = listening.delete(worker.id);
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(exitCode);
      return;
    }
    const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
    if (!started) {
      // It could not start (configuration, database): another try would fail the same way.
      logger.error({ pid: worker.process.pid }, `web process ${worker.process.pid} ${how} before listening; stopping`);
      stopping = true;
      exitCode = 1;
      for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGTERM');
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(exitCode);
      return;
    }
    logger.error({ pid: worker.process.pid }, `web process ${worker.process.pid} ${how}; starting another`);
    setTimeout(fork, 1000).unref();
  });

  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill(signal);
    if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
    setTimeout(() => process.exit(0), 7000).unref();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  for (let i = 0; i < processes; i++) fork();
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  if (cluster.isPrimary && webConcurrency() > 1) supervise(webConcurrency());
  else await serve();
}
