// Database commands: `tsx db/cli.ts migrate | create-migration [--initial]` (the seed: server/seed-cli.ts).
import { initOrm, migrate } from './orm';

async function main(): Promise<void> {
  const command = process.argv[2];
  const orm = await initOrm({ poolMax: 2 });
  try {
    if (command === 'migrate') {
      const applied = await migrate(orm);
      console.log(applied.length ? `migrated: ${applied.join(', ')}` : 'database schema is up to date');
    } else if (command === 'create-migration') {
      const result = await orm.getMigrator().createMigration('db/migrations', false, process.argv.includes('--initial'));
      console.log(result.fileName ? `created db/migrations/${result.fileName}; add it to db/migrations/index.ts` : 'no changes');
    } else {
      console.error('usage: tsx db/cli.ts migrate | create-migration [--initial] (seed: tsx server/seed-cli.ts)');
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
