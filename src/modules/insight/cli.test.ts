import { withServices } from '../../cli/context.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { captureIo } from '../../../test/helpers/cli.ts';
import { openPglite } from '../../db/pglite.ts';
import { migrate } from '../../db/migrate.ts';
import { createCouncil } from '../councils/repository.ts';
import { CliError } from '../../cli/types.ts';
import { importCensusCommand, importIndicatorsCommand } from './cli.ts';

const io = captureIo;

describe('insight CLI commands', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cohesion-insight-cli-'));
  const env = { DATA_DIR: dir, LOG_LEVEL: 'silent', SESSION_SECRET: 's'.repeat(40) };
  const count = async (sql: string) => {
    const db = await openPglite(join(dir, 'pglite'));
    try {
      return (await db.query<{ n: number }>(sql))[0].n;
    } finally {
      await db.close();
    }
  };

  beforeAll(async () => {
    const db = await openPglite(join(dir, 'pglite'));
    await migrate(db);
    await createCouncil(db, { slug: 'luton', name: 'Luton Borough Council', areaCode: 'E06000032', isDemo: false });
    await db.close();
  });

  it('imports a gzipped Nomis table, detecting its format, and again without duplicates', async () => {
    const file = join(dir, 'census2021-ts019-ltla.csv.gz');
    writeFileSync(
      file,
      gzipSync(
        [
          'date,geography,geography code,Migrant indicator: Total: All usual residents,Migrant indicator: Address one year ago is the same as the address of enumeration,Migrant indicator: Migrant from within the UK: Address one year ago was in the UK,Migrant indicator: Migrant from outside the UK: Address one year ago was outside the UK',
          '2021,Luton,E06000032,225000,200000,20000,5000',
          '2021,Bedford,E06000055,185000,168000,15000,2000',
        ].join('\n'),
      ),
    );
    const c = io(env);
    expect(await importCensusCommand.run([file, '--council', 'luton'], c.io, { withServices })).toBe(0);
    expect(c.stdout).toContain('dataset ts019_2021');
    expect(c.stdout).toContain('indicators lg_inform.migration, ioi.stability.same_address');
    const n = await count('select count(*)::int as n from indicator_values');
    expect(n).toBe(4);
    expect(await importCensusCommand.run([file, '--council', 'luton'], io(env).io, { withServices })).toBe(0);
    expect(await count('select count(*)::int as n from indicator_values')).toBe(n);
  });

  it('lists every bad row of a tidy file with its line number and changes nothing', async () => {
    const file = join(dir, 'values.csv');
    writeFileSync(
      file,
      'area_code,period,indicator,group,value,numerator,denominator\nE06000032,2022,lg_inform.migration,,2.5,,\nE06000032,2022,lg_inform.migration,,x,,\nE0600003,2022,lg_inform.migration,,1,,\n',
    );
    const before = await count('select count(*)::int as n from indicator_values');
    const c = io(env);
    await expect(importIndicatorsCommand.run([file, '--council', 'luton'], c.io, { withServices })).rejects.toThrow(
      CliError,
    );
    expect(c.stderr).toContain('values.csv: line 3: value "x" is not a number');
    expect(c.stderr).toContain('values.csv: line 4: area_code "E0600003" is not a GSS code');
    expect(await count('select count(*)::int as n from indicator_values')).toBe(before);
    writeFileSync(
      file,
      'area_code,period,indicator,group,value,numerator,denominator\nE06000032,2022,lg_inform.migration,,2.5,,\n',
    );
    const ok = io(env);
    expect(await importIndicatorsCommand.run([file, '--council', 'luton'], ok.io, { withServices })).toBe(0);
    expect(ok.stdout).toContain('imported');
    expect(await count('select count(*)::int as n from indicator_values')).toBe(before + 1);
  });

  it('refuses an unknown council, a missing file and a file of another kind in one line', async () => {
    await expect(
      importIndicatorsCommand.run([join(dir, 'values.csv'), '--council', 'nowhere'], io(env).io, { withServices }),
    ).rejects.toThrow('no council with the slug "nowhere"');
    await expect(
      importIndicatorsCommand.run([join(dir, 'missing.csv'), '--council', 'luton'], io(env).io, { withServices }),
    ).rejects.toThrow(/missing\.csv: no such file/);
    const other = join(dir, 'other.csv');
    writeFileSync(other, 'a,b\n1,2\n');
    await expect(importCensusCommand.run([other, '--council', 'luton'], io(env).io, { withServices })).rejects.toThrow(
      /not a Nomis bulk table/,
    );
  });
});
