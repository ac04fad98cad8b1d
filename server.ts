// Express in front of Remix: static assets, compression, a MikroORM RequestContext per request.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequestHandler } from '@remix-run/express';
import { RequestContext, type MikroORM } from '@mikro-orm/postgresql';
import type { ServerBuild } from '@remix-run/node';
import compression from 'compression';
import express from 'express';

const root = path.dirname(fileURLToPath(import.meta.url));

export interface AtelierBuild extends ServerBuild {
  entry: ServerBuild['entry'] & { module: ServerBuild['entry']['module'] & { getOrm(): Promise<MikroORM> } };
}

export async function createApp(buildPath = path.join(root, 'build/index.js')) {
  const build = (await import(pathToFileURL(buildPath).href)) as AtelierBuild;
  const orm = await build.entry.module.getOrm();
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', true);
  app.use(compression());
  // Fingerprinted assets are immutable; everything else in public/ is cached briefly.
  app.use('/build', express.static(path.join(root, 'public/build'), { immutable: true, maxAge: '1y' }));
  app.use(express.static(path.join(root, 'public'), { maxAge: '1h' }));
  app.use((req, res, next) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'strict-origin-when-cross-origin');
    res.setHeader('X-Frame-Options', 'DENY');
    RequestContext.create(orm.em, next);
  });
  app.all('*', createRequestHandler({ build, mode: process.env.NODE_ENV ?? 'production' }));
  return { app, orm };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const port = Number(process.env.PORT ?? 3000);
  const { app, orm } = await createApp();
  const server = app.listen(port, () => console.log(`web listening on http://127.0.0.1:${port}`));
  // Keep-alive longer than a typical proxy's so idle sockets are closed by the proxy, not us.
  server.keepAliveTimeout = 65_000;
  const stop = () => {
    server.close(() => void orm.close().finally(() => process.exit(0)));
    setTimeout(() => process.exit(0), 5000).unref();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
