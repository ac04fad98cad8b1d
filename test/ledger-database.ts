// A database of its own for the ledger's DB-only tests (no web server, workers or Temporal): created afresh, migrated,
// with this process's environment set to the shop's so server code reading getEnv() sees the test's settings.
import { createHash } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import { initOrm, migrate } from '#db/orm.ts';
import type { ServerDeps } from '#server/deps.server.ts';
import { getEnv } from '#server/env.server.ts';
import { dropAndCreateDatabase, withDatabaseName } from '../scripts/lib/postgres.ts';
import { ROOT } from '../scripts/tools.mjs';

export interface LedgerDatabase {
  orm: MikroORM;
  deps: ServerDeps;
  close(): Promise<void>;
}

/** `atelier_<name>_<checkout>`, migrated, with `env` on top of the shop's defaults (no Stripe, Resend or S3). */
export async function ledgerDatabase(name: string, env: Record<string, string>, poolMax = 5): Promise<LedgerDatabase> {
  const checkout = createHash('sha256').update(ROOT).digest('hex').slice(0, 6);
  const url = withDatabaseName(
    process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    `atelier_${name}_${checkout}`,
  );
  Object.assign(process.env, {
    DATABASE_URL: url,
    DATABASE_POOL_MAX: String(poolMax),
    SESSION_SECRET: `${name}-test-session-secret-0123456789`,
    ...env,
  });
  for (const k of ['STRIPE_SECRET_KEY', 'RESEND_API_KEY', 'S3_BUCKET', 'NODE_ENV']) delete process.env[k];
  await dropAndCreateDatabase(url);
  const orm = await initOrm({ url, poolMax });
  await migrate(orm);
  return {
    orm,
    deps: { orm, env: getEnv(), stripe: null, resend: null },
    async close() {
      await orm.close(true);
      await (await globalThis.__atelierOrm?.catch(() => undefined))?.close(true);
    },
  };
}
