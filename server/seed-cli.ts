// `tsx server/seed-cli.ts`: the opening catalog and the superadmin (server/seed.server.ts), after `db/cli.ts migrate`.
import { initOrm } from '#db/orm.ts';
import { seed } from './seed.server.ts';

const orm = await initOrm({ poolMax: 2 });
try {
  process.stdout.write(`seeded: ${await seed(orm.em.fork())}\n`);
} catch (err) {
  process.stderr.write(`seed failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
} finally {
  await orm.close(true);
}
