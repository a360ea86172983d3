import { withServices } from '../../context.ts';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { CliError } from '../../types.ts';
import { parseCount, parseSegregationArgs, segregationCommand } from './index.ts';
import { captureIo } from '../../../../test/helpers/cli.ts';

async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const c = captureIo();
  const code = await segregationCommand.run(argv, c.io, { withServices });
  return { code, stdout: c.stdout, stderr: c.stderr };
}

/** The parts of the --json document these tests read. */
interface ImpactRowDoc {
  unit: string;
  index_share: number | null;
  area_share: number;
  impact: number | null;
}
interface ScopeDoc {
  scope: string;
  by: string | null;
  areas: number;
  population: number;
  indices: Record<string, number | null>;
  groups: Record<string, Record<string, number | null>>;
  pair: Record<string, unknown> | null;
  impacts: Record<string, { index: string; rows: ImpactRowDoc[] }>;
  notes: string[];
  expected: {
    method: string;
    draws: number;
    seed: number;
    dissimilarity: { observed: number; mean: number };
    groups: Record<string, unknown>;
  };
  [key: string]: unknown;
}
interface ReportDoc {
  scopes: ScopeDoc[];
  [key: string]: unknown;
}

async function runJson(argv: string[]): Promise<ReportDoc> {
  const { code, stdout } = await run([...argv, '--json']);
  expect(code).toBe(0);
  expect(stdout.trim().split('\n').length).toBe(1); // exactly one JSON document
  return JSON.parse(stdout);
}

async function cliError(argv: string[]): Promise<CliError> {
  try {
    await run(argv);
  } catch (error) {
    expect(error).toBeInstanceOf(CliError);
    expect((error as Error).message).not.toMatch(/\n/);
    return error as CliError;
  }
  throw new Error(`expected a CliError for ${argv.join(' ')}`);
}

const dir = mkdtempSync(join(tmpdir(), 'segregation-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function fixture(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/**
 * Four areas in two local authorities:
 *   OA  Persons  a   b   LSOA  LAD
 *   O1     10   10   0   L1    X
 *   O2     10    0  10   L1    X
 *   O3     10    5   5   L2    Y
 *   O4     11    5   5   L2    Y     (one person in neither group)
 * a vs b (pair): y = 10,0,5,5; x = 0,10,5,5; Y = X = 20;
 *   D = ½ (0.5 + 0.5 + 0 + 0) = 0.5 overall; X: D = 1; Y: D = 0.
 */
const CSV = 'OA,Persons,a,b,LSOA,LAD\nO1,10,10,0,L1,X\nO2,10,0,10,L1,X\nO3,10,5,5,L2,Y\nO4,11,5,5,L2,Y\n';
const small = fixture('small.csv', CSV);
const smallGz = fixture('small.csv.gz', gzipSync(Buffer.from(CSV)));

describe('segregation command: small fixture', () => {
  it('--json prints one document with every scope and index', async () => {
    const doc = await runJson([small, '--groups', 'a,b', '--pair', 'a,b', '--by', 'LAD', '--levels', 'LSOA,LAD']);
    expect(doc.scopes.map((s) => s.scope)).toEqual(['ALL', 'X', 'Y']);
    const [all, x, y] = doc.scopes;
    expect(all).toMatchObject({ areas: 4, population: 40, empty_areas: 0, by: null });
    expect(x.by).toBe('LAD');
    expect(all.indices.dissimilarity).toBeCloseTo(0.5, 12);
    expect(x.indices.dissimilarity).toBeCloseTo(1, 12);
    expect(y.indices.dissimilarity).toBeCloseTo(0, 12);
    for (const key of [
      'dissimilarity',
      'gini',
      'entropy',
      'isolation',
      'interaction',
      'correlation_ratio',
      'atkinson_0_1',
      'atkinson_0_5',
      'atkinson_0_9',
      'multi_dissimilarity',
      'multi_gini',
      'information_theory',
      'normalized_exposure',
      'squared_coefficient_of_variation',
      'simpsons_interaction',
      'diversity',
    ]) {
      expect(typeof all.indices[key]).toBe('number');
    }
    // two groups only, so multi-group D equals the pair D
    expect(all.indices.multi_dissimilarity).toBeCloseTo(0.5, 12);
    expect(all.groups.a).toMatchObject({ count: 20, share: 0.5 });
    expect(all.groups.a.dissimilarity).toBeCloseTo(0.5, 12);
    expect(all.pair).toMatchObject({ y: 'a', x: 'b', population: 40, y_count: 20, x_count: 20 });
    // impacts of LSOAs on the pair's D: L1 holds all of it
    expect(all.impacts.LSOA.index).toBe('dissimilarity');
    expect(all.impacts.LSOA.rows.map((r) => [r.unit, r.index_share, r.area_share, r.impact])).toEqual([
      ['L1', 1, 0.5, 2],
      ['L2', 0, 0.5, 0],
    ]);
    expect(all.notes).toEqual([]);
    // D is undefined nowhere here, but Y's scope has perfect mixing: impacts are null, with no NaN anywhere
    expect(JSON.stringify(doc)).not.toMatch(/NaN|Infinity/);
  });

  it('reads gzip and takes the population from --total (the remainder counts as a group)', async () => {
    const doc = await runJson([smallGz, '--total', 'Persons', '--by', 'LAD']);
    const all = doc.scopes[0];
    expect(doc.groups).toEqual(['a', 'b']); // default groups: numeric columns except area/total/by
    expect(all.population).toBe(41);
    expect(all.unallocated).toBe(1);
    expect(all.indices.dissimilarity).toBeUndefined(); // no --pair: two-group values live under "groups"
    expect(all.groups.a.count).toBe(20);
  });

  it('warns when an unnamed column looks like a total', async () => {
    const { code, stderr } = await run([small, '--json']);
    expect(code).toBe(0);
    expect(stderr).toMatch(/column "Persons" is at least the sum of the other groups.*--total Persons/);
  });

  it('explains undefined values with null and a note', async () => {
    const doc = await runJson([small, '--groups', 'a,b', '--by', 'LAD']);
    const x = doc.scopes[1];
    expect(x.groups.a.dissimilarity).toBeCloseTo(1, 12);
    const csv = fixture('zero.csv', 'OA,a,b,LAD\nO1,3,0,X\nO2,0,4,Y\n');
    const zero = await runJson([csv, '--pair', 'a,b', '--by', 'LAD']);
    expect(zero.scopes[1].indices.dissimilarity).toBeNull();
    expect(zero.scopes[1].notes.join(' ')).toMatch(/b has no members/);
    expect(zero.scopes[1].indices.multi_dissimilarity).toBeNull();
  });

  it('--expected adds the expected D under random allocation, reproducibly', async () => {
    const argv = [small, '--groups', 'a,b', '--pair', 'a,b', '--expected', '25', '--seed', '3'];
    const a = await runJson(argv);
    const b = await runJson(argv);
    expect(a.scopes[0].expected).toEqual(b.scopes[0].expected);
    expect(a.scopes[0].expected).toMatchObject({ method: 'hypergeometric', draws: 25, seed: 3 });
    expect(a.scopes[0].expected.dissimilarity.observed).toBeCloseTo(0.5, 12);
    expect(a.scopes[0].expected.dissimilarity.mean).toBeGreaterThan(0);
    const perGroup = await runJson([small, '--groups', 'a,b', '--expected', '5']);
    expect(Object.keys(perGroup.scopes[0].expected.groups)).toEqual(['a', 'b']);
    expect(perGroup.scopes[0].expected.seed).toBe(1);
  });

  it('prints readable tables by default', async () => {
    const { code, stdout } = await run([
      small,
      '--groups',
      'a,b',
      '--pair',
      'a,b',
      '--by',
      'LAD',
      '--levels',
      'LSOA',
      '--expected',
      '5',
    ]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/== ALL: 4 areas, population 40 ==/);
    expect(stdout).toMatch(/== X: 2 areas/);
    expect(stdout).toMatch(/a vs b\s+pair\s+0\.5000/);
    expect(stdout).toMatch(/Local contributions to D \(a vs b\) by LSOA/);
    expect(stdout).toMatch(/Expected D under random allocation \(5 draws, seed 1\)/);
  });

  it('--timings reports parse and compute times on stderr', async () => {
    const { stderr } = await run([small, '--groups', 'a,b', '--timings']);
    expect(stderr).toMatch(/timings: parse \d+ ms \(4 rows\), compute \d+ ms \(1 scopes\)/);
  });
});

describe('segregation command: bad input gives a one-line CliError', () => {
  it('file problems', async () => {
    expect((await cliError([join(dir, 'missing.csv')])).message).toBe('missing.csv: no such file');
    expect((await cliError([fixture('ragged.csv', 'OA,a,b\nO1,1,2\nO2,3\n')])).message).toMatch(
      /ragged\.csv line 3: expected 3 fields, found 2/,
    );
    expect((await cliError([fixture('empty.csv', '')])).message).toMatch(/empty/);
    expect((await cliError([fixture('header.csv', 'OA,a,b\n')])).message).toMatch(/no data rows/);
  });

  it('reports the first bad row in file order, whether a bad count or a broken row comes first', async () => {
    const countFirst = fixture('count-first.csv', 'OA,a,b\nO1,1,2\nO2,x,2\nO3,1,2\nO4,1\n');
    expect((await cliError([countFirst])).message).toBe(
      'count-first.csv line 3: column "a" "x" is not a count (a number ≥ 0)',
    );
    const brokenFirst = fixture('broken-first.csv', 'OA,a,b\nO1,1,2\nO2,1\nO3,x,2\n');
    expect((await cliError([brokenFirst])).message).toBe('broken-first.csv line 3: expected 3 fields, found 2');
    const quotes = fixture('quotes.csv', 'OA,a,b\nO1,1,2\n"O2,1,2\n');
    expect((await cliError([quotes])).message).toMatch(/^quotes\.csv line \d+: Quote Not Closed/);
  });

  it('unknown columns', async () => {
    expect((await cliError([small, '--groups', 'a,zz'])).message).toMatch(
      /^small\.csv: --groups column "zz" not found \(columns: OA, Persons/,
    );
    expect((await cliError([small, '--area-col', 'Nope'])).message).toMatch(/--area-col column "Nope" not found/);
    expect((await cliError([small, '--by', 'Region'])).message).toMatch(/--by column "Region" not found/);
    expect((await cliError([small, '--groups', 'a,b', '--pair', 'a,Persons'])).message).toMatch(
      /--pair: "Persons" is not one of the group columns/,
    );
    expect((await cliError([small, '--groups', 'a,LAD', '--by', 'LAD'])).message).toMatch(/also used as/);
  });

  it('counts that are not non-negative numbers, with the line', async () => {
    expect((await cliError([fixture('text.csv', 'OA,a,b\nO1,1,2\nO2,3,lots\n')])).message).toBe(
      'text.csv line 3: column "b" "lots" is not a count (a number ≥ 0)',
    );
    expect((await cliError([fixture('neg.csv', 'OA,a,b\nO1,1,2\nO2,-3,1\n'), '--groups', 'a,b'])).message).toMatch(
      /neg\.csv line 3: column "a" "-3" is not a count/,
    );
    expect((await cliError([fixture('blank.csv', 'OA,a,b\nO1,1,2\nO2,,1\n'), '--groups', 'a,b'])).message).toMatch(
      /line 3: column "a" is empty/,
    );
    expect((await cliError([fixture('tot.csv', 'OA,T,a,b\nO1,2,1,2\n'), '--total', 'T'])).message).toMatch(
      /line 2: total "T" \(2\) is less than the sum/,
    );
  });

  it('duplicate or empty area codes', async () => {
    expect((await cliError([fixture('dup.csv', 'OA,a,b\nO1,1,2\nO1,3,4\n')])).message).toMatch(
      /line 3: area "O1" appears more than once/,
    );
    expect((await cliError([fixture('noarea.csv', 'OA,a,b\n,1,2\n')])).message).toMatch(/line 2: empty area code/);
  });

  it('bad options', async () => {
    expect((await cliError([])).message).toMatch(/missing FILE/);
    expect((await cliError([small, small])).message).toMatch(/give one FILE/);
    expect((await cliError([small, '--pair', 'a'])).message).toMatch(/--pair needs exactly two groups/);
    expect((await cliError([small, '--expected', 'many'])).message).toMatch(/--expected must be a whole number/);
    expect((await cliError([small, '--expected', '0'])).message).toMatch(/--expected must be from 1/);
    expect((await cliError([small, '--seed', '4'])).message).toMatch(/--seed only applies with --expected/);
    expect((await cliError([small, '--colour'])).message).toMatch(/colour/);
    expect((await cliError([small, '--groups', 'a,,b'])).message).toMatch(/comma-separated/);
  });
});

describe('parsing helpers', () => {
  it('parseCount accepts non-negative decimals only', () => {
    expect(parseCount('0')).toBe(0);
    expect(parseCount('123')).toBe(123);
    expect(parseCount(' 12 ')).toBe(12);
    expect(parseCount('1.5')).toBe(1.5);
    expect(parseCount('2e3')).toBe(2000);
    for (const bad of ['', ' ', '-1', 'abc', '0x10', '1,000', 'NaN', 'Infinity', '1e999'])
      expect(parseCount(bad)).toBeNaN();
  });

  it('parseSegregationArgs reads every option', () => {
    const o = parseSegregationArgs([
      'f.csv',
      '--area-col',
      'OA',
      '--groups',
      'a,b',
      '--pair',
      'a,b',
      '--total',
      'T',
      '--by',
      'LAD',
      '--levels',
      'LSOA,LAD',
      '--expected',
      '10',
      '--seed=-4',
      '--json',
      '--top',
      '3',
    ]);
    expect(o).toMatchObject({
      file: 'f.csv',
      areaColumn: 'OA',
      groups: ['a', 'b'],
      pair: { y: 'a', x: 'b' },
      total: 'T',
      by: 'LAD',
      levels: ['LSOA', 'LAD'],
      expected: { draws: 10, seed: -4 },
      json: true,
      top: 3,
    });
  });
});

// ---------------------------------------------------------------------------
// The national file (skipped when ../shared/data is absent)
// ---------------------------------------------------------------------------

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const dataDir = join(repoRoot, '..', 'shared', 'data', 'census2011');
const oaFile = join(dataDir, 'ethnic_group_oa.csv.gz');
const lsoaFile = join(dataDir, 'ethnic_group_lsoa.csv.gz');
const hasData = existsSync(oaFile) && existsSync(lsoaFile);
const GROUPS =
  'WhiteBrit,Irish,OtherWhite,Mixed,Indian,Pakistani,Bangladeshi,Chinese,OtherAsian,BlkAfrican,BlkCaribbean,OtherBlk,Arab,Other';

describe.skipIf(!hasData)(
  `segregation command on the national 2011 Census files${hasData ? '' : ' (SKIPPED: ../shared/data/census2011 not found)'}`,
  () => {
    it('OA: --pair matches MLID (Bangladeshi 0.852) for the whole country and gives every local authority', async () => {
      const doc = await runJson([
        oaFile,
        '--total',
        'Persons',
        '--groups',
        GROUPS,
        '--pair',
        'Bangladeshi,WhiteBrit',
        '--by',
        'LAD',
        '--levels',
        'LSOA,LAD,RGN',
      ]);
      expect(doc.scopes.length).toBe(349);
      const all = doc.scopes[0];
      expect(all.areas).toBe(181_408);
      expect(Math.round(all.indices.dissimilarity! * 1000) / 1000).toBe(0.852);
      expect(all.impacts.LAD.rows.length).toBe(348);
      const tower = doc.scopes.find((s) => s.scope === 'Tower Hamlets');
      expect(tower!.areas).toBeGreaterThan(700);
      expect(JSON.stringify(doc)).not.toMatch(/NaN/);
    });

    it('OA: Pakistani 0.812 and Indian 0.700 against White British', async () => {
      for (const [group, value] of [
        ['Pakistani', 0.812],
        ['Indian', 0.7],
      ] as const) {
        const doc = await runJson([oaFile, '--groups', GROUPS, '--pair', `${group},WhiteBrit`]);
        expect(Math.round(doc.scopes[0].indices.dissimilarity! * 1000) / 1000).toBe(value);
      }
    });

    it('LSOA: Bangladeshi 0.772, Pakistani 0.777, Indian 0.661 against White British', async () => {
      for (const [group, value] of [
        ['Bangladeshi', 0.772],
        ['Pakistani', 0.777],
        ['Indian', 0.661],
      ] as const) {
        const doc = await runJson([lsoaFile, '--groups', GROUPS, '--pair', `${group},WhiteBrit`]);
        expect(Math.round(doc.scopes[0].indices.dissimilarity! * 1000) / 1000).toBe(value);
      }
    });
  },
);
