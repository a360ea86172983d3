import { parseArgs } from 'node:util';
import { loadConfig } from '../../config.ts';
import { openDb } from '../../db/index.ts';
import { migrate, listMigrations } from '../../db/migrate.ts';
import type { CliCommand } from '../types.ts';

export const migrateCommand: CliCommand = {
  name: 'migrate',
  summary: 'Apply database migrations (also done on every start)',
  help: `Usage: cohesion migrate [--list]

Applies every migration not yet applied to the database named by DATABASE_URL,
or to the embedded database in DATA_DIR when DATABASE_URL is not set.
Safe to run while servers are running, and from several machines at once.

Options:
  --list   print the known migrations and exit`,
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: { list: { type: 'boolean' } },
      strict: true,
      allowPositionals: false,
    });
    if (values.list) {
      io.stdout.write((await listMigrations()).join('\n') + '\n');
      return 0;
    }
    const config = loadConfig(io.env);
    const db = await openDb(config);
    try {
      const result = await migrate(db);
      io.stdout.write(
        result.applied.length
          ? `applied ${result.applied.length} migration(s): ${result.applied.join(', ')}\n`
          : `database is up to date (${result.current})\n`,
      );
      return 0;
    } finally {
      await db.close();
    }
  },
};
