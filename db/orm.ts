import { MikroORM } from '@mikro-orm/postgresql';
import { makeConfig, type DbConfigOptions } from './mikro-orm.config';

export type { EntityManager } from '@mikro-orm/postgresql';

export async function initOrm(options: DbConfigOptions = {}): Promise<MikroORM> {
  return MikroORM.init(makeConfig(options));
}

/** Runs pending migrations; returns the names it applied. */
export async function migrate(orm: MikroORM): Promise<string[]> {
  const applied = await orm.getMigrator().up();
  return applied.map((m) => m.name);
}
