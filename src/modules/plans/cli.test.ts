import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { captureIo } from '../../../test/helpers/cli.ts';
import { withServices } from '../../cli/context.ts';
import { CliError } from '../../cli/types.ts';
import { migrate } from '../../db/migrate.ts';
import { openPglite } from '../../db/pglite.ts';
import { createCouncil } from '../councils/repository.ts';
import { ACTION_COLUMNS } from './services/csv.ts';
import { plansExportActionsCommand, plansImportActionsCommand, plansReportCommand } from './cli.ts';

describe('plans CLI commands', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cohesion-plans-cli-'));
  const env = { DATA_DIR: dir, LOG_LEVEL: 'silent', SESSION_SECRET: 's'.repeat(40) };

  beforeAll(async () => {
    const db = await openPglite(join(dir, 'pglite'));
    await migrate(db);
    await createCouncil(db, { slug: 'luton', name: 'Luton Borough Council', areaCode: 'E06000032', isDemo: false });
    await db.close();
  });

  it('exports the actions as CSV with the import’s columns', async () => {
    const c = captureIo(env);
    expect(await plansExportActionsCommand.run(['--council', 'luton'], c.io, { withServices })).toBe(0);
    expect(c.stdout.trim()).toBe(ACTION_COLUMNS.join(','));
  });

  it('rejects a broken CSV, printing every bad row, and imports nothing', async () => {
    const file = join(dir, 'broken.csv');
    writeFileSync(
      file,
      [
        ACTION_COLUMNS.join(','),
        `00000000-0000-4000-8000-000000000001,,00000000-0000-4000-8000-000000000002,Title,,,,,,,,,in_progress,,,10,1`,
        `not-a-plan,,x,,,,,,,,,,done,,,200,1`,
      ].join('\n'),
    );
    const c = captureIo(env);
    await expect(plansImportActionsCommand.run([file, '--council', 'luton'], c.io, { withServices })).rejects.toThrow(
      new CliError('2 bad rows; nothing was imported'),
    );
    expect(c.stderr).toBe(
      'line 2: the plan is not one of this council\u2019s plans\nline 3: the value in the column plan_id is not valid\n'.replace(
        '\u2019',
        "'",
      ),
    );
  });

  it('writes the quarterly report as a PDF, and refuses a bad quarter in one line', async () => {
    const pdf = join(dir, 'report.pdf');
    const c = captureIo(env);
    expect(
      await plansReportCommand.run(['--council', 'luton', '--quarter', '2026-Q3', '--pdf', pdf], c.io, {
        withServices,
      }),
    ).toBe(0);
    expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    expect(c.stdout).toContain('2026-Q3');
    await expect(
      plansReportCommand.run(['--council', 'luton', '--quarter', '2026-Q5', '--pdf', pdf], captureIo(env).io, {
        withServices,
      }),
    ).rejects.toThrow('--quarter must be a quarter like 2026-Q3');
  });
});
