/**
 * Real data (skipped without ../shared/data): Tower Hamlets' 2011 output area counts and LSOA boundaries
 * imported into a council for E09000030, whose segregation page must show the engine's D for
 * Bangladeshi against White British.
 */
import { systemActor, type Actor } from '../../kernel/actor.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { readCsv } from '../../lib/csv.ts';
import { Client, PASSWORD, createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { analyseScope } from '../../stats/segregation/index.ts';
import { CENSUS2011_GROUPS } from './parse.ts';

const OA_FILE = '../shared/data/census2011/ethnic_group_oa.csv.gz';
const LSOA_BOUNDARIES = '../shared/data/boundaries2011/lsoa/E09000030.geojson.gz';
const HAS_DATA = existsSync(OA_FILE) && existsSync(LSOA_BOUNDARIES);
const REASON = HAS_DATA
  ? ''
  : ` – skipped: ${OA_FILE} or ${LSOA_BOUNDARIES} not found (the shared real data is absent)`;
if (!HAS_DATA) console.warn(`insight real-data test${REASON}`);

describe.skipIf(!HAS_DATA)(`insight on real data: Tower Hamlets, 2011 census${REASON}`, () => {
  let t: TestApp;
  let client: Client;
  let councilId: string;
  let actor: Actor;

  beforeAll(async () => {
    t = await createTestApp('pglite');
    councilId = await t.services.councils.create({
      slug: 'tower-hamlets',
      name: 'London Borough of Tower Hamlets',
      areaCode: 'E09000030',
      isDemo: false,
    });
    const council = await t.services.councils.byId(councilId);
    if (!council) throw new Error('no council');
    actor = systemActor(council, 'cli');
    await t.services.admin.createUser(actor, {
      email: 'analyst@th.test',
      displayName: 'TH analyst',
      role: 'analyst',
      organisationId: null,
      password: PASSWORD,
    });
    client = new Client(t.app);
    await client.signIn('analyst@th.test');
  });
  afterAll(() => t?.close());

  it("imports the borough's output areas and shows the engine's D for Bangladeshi against White British", async () => {
    const svc = t.services.insight.imports;
    const outcome = await svc.importCensus2011(readCsv(OA_FILE), actor, {
      source: 'ethnic_group_oa.csv.gz',
      lad: { code: 'E09000030', name: 'Tower Hamlets' },
    });
    expect(outcome.ok).toBe(true);
    expect(outcome.rows).toBe(748);
    const boundaries = await t.services.geography.importBoundaries(readFileSync(LSOA_BOUNDARIES), {
      source: 'E09000030.geojson.gz',
    });
    expect(boundaries.ok).toBe(true);

    // The engine on the same rows, read straight from the file.
    const counts: number[] = [];
    const totals: number[] = [];
    for await (const { record } of readCsv(OA_FILE)) {
      if (record.LAD !== 'Tower Hamlets') continue;
      counts.push(...CENSUS2011_GROUPS.map((g) => Number(record[g])));
      totals.push(Number(record.Persons));
    }
    const direct = analyseScope(
      'Tower Hamlets',
      {
        areas: totals.length,
        groups: CENSUS2011_GROUPS,
        counts: Float64Array.from(counts),
        totals: Float64Array.from(totals),
      },
      { pair: { y: 'Bangladeshi', x: 'WhiteBrit' } },
    );
    const d = direct.pair!.indices.ok ? direct.pair!.indices.value.dissimilarity : NaN;
    expect(d).toBeGreaterThan(0.3);
    expect(d).toBeLessThan(0.9);

    const url =
      '/c/tower-hamlets/insight/segregation?dataset=census2011_ethnic_group&level=oa&higher=lsoa&y=Bangladeshi&x=WhiteBrit';
    const page = await client.get(url);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`The index of dissimilarity is ${d.toFixed(3)}`);
    expect(page.body).toContain('748 areas');
    expect(page.body).toContain('id="contributions-map');
    const json = (await client.get(`${url}&format=json`)).json();
    expect(
      json.data.find(
        (r: { comparison: string; index: string }) =>
          r.comparison === 'Bangladeshi vs WhiteBrit' && r.index === 'dissimilarity',
      ).value,
    ).toBeCloseTo(d, 12);
    // Local contributions by LSOA add up to D.
    const rows = json.contributions[0].rows as { contribution: number; name: string }[];
    expect(rows.length).toBeGreaterThan(100);
    expect(rows.reduce((s, r) => s + r.contribution, 0)).toBeCloseTo(d, 10);
    expect(rows.some((r) => r.name.startsWith('Tower Hamlets'))).toBe(true);
  });
});
