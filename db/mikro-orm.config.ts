import { defineConfig } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { entities } from './entities/index';
import { migrationsList } from './migrations/index';

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/atelier';

export interface DbConfigOptions {
  url?: string;
  poolMax?: number;
  debug?: boolean;
}

export function makeConfig(options: DbConfigOptions = {}) {
  return defineConfig({
    clientUrl: options.url ?? process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL,
    entities,
    extensions: [Migrator],
    // Entities are defined with EntitySchema, so no reflection is needed and bundlers do no harm.
    discovery: { disableDynamicFileAccess: true, requireEntitiesArray: true },
    pool: { min: 0, max: options.poolMax ?? Number(process.env.DATABASE_POOL_MAX ?? 10) },
    // Fail fast instead of hanging a request when PostgreSQL is away.
    driverOptions: { connection: { connectionTimeoutMillis: 5000 }, acquireConnectionTimeout: 10_000 },
    migrations: {
      tableName: 'mikro_orm_migrations',
      migrationsList,
      transactional: true,
      allOrNothing: true,
      snapshot: false,
    },
    forceUtcTimezone: true,
    debug: options.debug ?? false,
    // Never the global EntityManager: a fork per request (RequestContext) or per activity.
    allowGlobalContext: false,
  });
}

export default makeConfig();
