// Database commands: `tsx db/cli.ts migrate | seed | create-migration [--initial]`.
import { initOrm, migrate } from './orm';
import { seed } from './seeders/seed';

async function main(): Promise<void> {
  const command = process.argv[2];
  const orm = await initOrm({ poolMax: 2 });
  try {
    if (command === 'migrate') {
      const applied = await migrate(orm);
      console.log(applied.length ? `migrated: ${applied.join(', ')}` : 'database schema is up to date');
    } else if (command === 'seed') {
      const summary = await seed(orm.em.fork());
      console.log(`seeded: ${summary}`);
    } else if (command === 'create-migration') {
      const result = await orm.getMigrator().createMigration('db/migrations', false, process.argv.includes('--initial'));
      console.log(result.fileName ? `created db/migrations/${result.fileName}; add it to db/migrations/index.ts` : 'no changes');
    } else {
      console.error('usage: tsx db/cli.ts migrate | seed | create-migration [--initial]');
      process.exitCode = 2;
    }
  } finally {
    await orm.close(true);
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
