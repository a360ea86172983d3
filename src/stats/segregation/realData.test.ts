/**
 * Checks against published values: the index of dissimilarity computed by the
 * R package MLID (Harris 2017) on 2011 Census ethnic group counts, with the
 * population taken as the two groups only (see ../shared/data/README.md).
 * Skipped, with a reason in the test name, when ../shared/data is absent.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCsv } from '../../lib/csv.ts';
import { analyseScopes } from './analyse.ts';
import { groupingFromValues, pairCounts } from './matrix.ts';
import { dissimilarity, twoGroupIndices } from './twoGroup.ts';
import type { CountsMatrix } from './types.ts';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const dataDir = join(repoRoot, '..', 'shared', 'data', 'census2011');
const hasData =
  existsSync(join(dataDir, 'ethnic_group_oa.csv.gz')) && existsSync(join(dataDir, 'ethnic_group_lsoa.csv.gz'));
const suffix = hasData ? '' : ' (SKIPPED: ../shared/data/census2011 not found)';

const GROUPS = ['WhiteBrit', 'Indian', 'Pakistani', 'Bangladeshi'];

async function load(file: string): Promise<{ matrix: CountsMatrix; lad: string[] }> {
  const values: number[] = [];
  const lad: string[] = [];
  for await (const { record } of readCsv(join(dataDir, file))) {
    for (const g of GROUPS) values.push(Number(record[g]));
    lad.push(record.LAD);
  }
  return { matrix: { areas: lad.length, groups: GROUPS, counts: Float64Array.from(values) }, lad };
}

const round3 = (v: number) => Math.round(v * 1000) / 1000;

// Published MLID values, population = the two groups only.
const PUBLISHED: [string, number, number][] = [
  ['Bangladeshi', 0.852, 0.772],
  ['Pakistani', 0.812, 0.777],
  ['Indian', 0.7, 0.661],
];

describe.skipIf(!hasData)(`index of dissimilarity vs published MLID values on 2011 Census data${suffix}`, () => {
  it('output areas (181,408): Bangladeshi 0.852, Pakistani 0.812, Indian 0.700 vs White British', async () => {
    const { matrix, lad } = await load('ethnic_group_oa.csv.gz');
    expect(matrix.areas).toBe(181_408);
    for (const [group, oa] of PUBLISHED) {
      const c = pairCounts(matrix, group, 'WhiteBrit');
      expect(round3(dissimilarity(c))).toBe(oa);
      expect(round3(twoGroupIndices(c).dissimilarity)).toBe(oa);
    }
    // The batch over every local authority gives the same national value.
    const scopes = analyseScopes(matrix, groupingFromValues(lad), { pair: { y: 'Bangladeshi', x: 'WhiteBrit' } });
    expect(scopes.length).toBe(349);
    const all = scopes[0].pair?.indices;
    expect(all?.ok && round3(all.value.dissimilarity)).toBe(0.852);
  });

  it('LSOAs (34,753): Bangladeshi 0.772, Pakistani 0.777, Indian 0.661 vs White British', async () => {
    const { matrix } = await load('ethnic_group_lsoa.csv.gz');
    expect(matrix.areas).toBe(34_753);
    for (const [group, , lsoa] of PUBLISHED) {
      expect(round3(twoGroupIndices(pairCounts(matrix, group, 'WhiteBrit')).dissimilarity)).toBe(lsoa);
    }
  });
});
