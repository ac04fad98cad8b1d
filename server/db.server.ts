import { MikroORM, RequestContext, type EntityManager } from '@mikro-orm/postgresql';
import { makeConfig } from '#db/mikro-orm.config.ts';
import { getEnv } from '#server/env.server.ts';

declare global {
  // Survives module re-evaluation so one process has one pool.
  var __atelierOrm: Promise<MikroORM> | undefined;
}

export function getOrm(): Promise<MikroORM> {
  globalThis.__atelierOrm ??= MikroORM.init(makeConfig({ url: getEnv().DATABASE_URL, poolMax: getEnv().DATABASE_POOL_MAX })).catch(
    (err: unknown) => {
      globalThis.__atelierOrm = undefined;
      throw err;
    },
  );
  return globalThis.__atelierOrm;
}

/** The request's EntityManager (server.ts opens a RequestContext per request); a fresh fork elsewhere. */
export async function db(): Promise<EntityManager> {
  const orm = await getOrm();
  return (RequestContext.getEntityManager() as EntityManager | undefined) ?? orm.em.fork();
}

export async function pingDatabase(): Promise<number> {
  const started = performance.now();
  const orm = await getOrm();
  await orm.em.fork().getConnection().execute('select 1');
  return performance.now() - started;
}
