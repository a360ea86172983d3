/**
 * Demo data for the insight pages of the fictional demo council: segregation results computed from the
 * demo census counts, invented LG Inform, Race Equality Scorecard, GLA and Home Office values over
 * several periods for the council and its wards, and fifteen invented neighbour councils (X-coded
 * local authorities with values only) chosen as comparators by nearest neighbours.
 * Everything is fictional and deterministic (seeded PRNG).
 */
import { systemActor, type Council } from '../../kernel/actor.ts';
import { createDraws, type RandomDraws } from '../../stats/random.ts';
import { wilsonInterval } from '../../stats/intervals.ts';
import { findIndicatorId, upsertIndicatorValues, type IndicatorValueInput } from './indicator-values.ts';
import * as repo from './repository.ts';
import type { InsightContext } from './services/context.ts';
import type { InsightServices } from './services/index.ts';

const NEIGHBOUR_NAMES = [
  'Northvale',
  'Eastbrook',
  'Millford',
  'Westmoor',
  'Stanbridge',
  'Ashcombe',
  'Kirkhallam',
  'Redford',
  'Thornbury Vale',
  'Coldharbour',
  'Hollinsby',
  'Marden Cross',
  'Oxhey Fields',
  'Brackenridge',
  'Fenwick Dale',
];
const DATASET = 'demo_ethnic_group';
const SOURCE = 'demo data (fictional)';
const GROUPS = ['WhiteBrit', 'Pakistani', 'Bangladeshi', 'BlkAfrican', 'Indian'];

function share(rng: RandomDraws, centre: number, spread: number): number {
  return Math.min(0.95, Math.max(0.005, centre + spread * rng.normal()));
}

/** A percentage value with its counts and Wilson interval. */
function pct(areaCode: string, period: string, p: number, denominator: number, groupCode = 'all'): IndicatorValueInput {
  const den = Math.max(1, Math.round(denominator));
  const num = Math.min(den, Math.max(0, Math.round(p * den)));
  const w = wilsonInterval(num, den);
  return {
    areaCode,
    period,
    groupCode,
    value: (100 * num) / den,
    numerator: num,
    denominator: den,
    ciLow: w.low * 100,
    ciHigh: w.high * 100,
  };
}

export async function seedInsightDemo(
  ctx: InsightContext,
  services: Pick<InsightServices, 'segregation' | 'comparators'>,
  council: Council,
): Promise<void> {
  const { db, geography } = ctx;
  const councilId = council.id;
  // Seeds once: skipped when the council already holds values of the built-in frameworks (other modules,
  // such as the survey, write their own indicators and do not count).
  if ((await repo.builtInValueCount(db, councilId)) > 0) return;
  if (!council.areaCode) return;
  const lad = council.areaCode;
  const rng = createDraws(4242);
  const actor = systemActor(council, 'demo');

  const population = (await geography.populationFor(DATASET, [lad]))[0]?.total ?? 150_000;
  const wards = await geography.descendants(lad, 'ward');
  const wardPop = new Map(
    (
      await geography.populationFor(
        DATASET,
        wards.map((w) => w.code),
      )
    ).map((r) => [r.area_code, r]),
  );
  const groupIndex = (await geography.dataset(council, DATASET))?.categories ?? [];
  const minorityShare = (code: string) => {
    const r = wardPop.get(code);
    if (!r || !(r.total > 0)) return 0.2;
    const wb = groupIndex.indexOf('WhiteBrit');
    return 1 - (wb >= 0 ? r.counts[wb] / r.total : 0.8);
  };

  // Fictional neighbour councils: areas with names only (no boundaries, no people).
  const neighbours = NEIGHBOUR_NAMES.map((name, i) => ({
    code: `X08${String(i + 2).padStart(6, '0')}`,
    name: `${name} (fictional)`,
    level: 'lad' as const,
  }));

  const values = new Map<string, IndicatorValueInput[]>();
  const add = (code: string, v: IndicatorValueInput) => values.set(code, [...(values.get(code) ?? []), v]);

  // LG Inform four (and two Home Office measures from the same census tables), council and neighbours.
  const places = [
    { code: lad, pop: population, base: { eng: 0.032, inact: 0.37, mig: 0.018 } },
    ...neighbours.map((n) => ({
      code: n.code,
      pop: 90_000 + Math.round(rng.next() * 160_000),
      base: { eng: share(rng, 0.028, 0.012), inact: share(rng, 0.36, 0.03), mig: share(rng, 0.016, 0.007) },
    })),
  ];
  for (const p of places) {
    for (const [period, drift] of [
      ['2011', 0],
      ['2021', 1],
    ] as const) {
      const adults = p.pop * 0.78;
      add('lg_inform.english_proficiency', pct(p.code, period, p.base.eng * (1 - 0.12 * drift), p.pop * 0.96));
      add('ioi.language.english', pct(p.code, period, 1 - p.base.eng * (1 - 0.12 * drift), p.pop * 0.96));
      add('lg_inform.economic_inactivity', pct(p.code, period, p.base.inact - 0.015 * drift, adults));
      add('lg_inform.migration', pct(p.code, period, p.base.mig * (1 + 0.2 * drift), p.pop));
    }
    if (p.code !== lad)
      add('lg_inform.residential_segregation', { areaCode: p.code, period: '2011', value: share(rng, 0.33, 0.07) });
  }
  // Wards: the same census indicators, higher where more minority residents live.
  for (const w of wards) {
    const m = minorityShare(w.code);
    const pop = wardPop.get(w.code)?.total ?? 6000;
    for (const [period, drift] of [
      ['2011', 0],
      ['2021', 1],
    ] as const) {
      add(
        'lg_inform.english_proficiency',
        pct(w.code, period, (0.005 + 0.09 * m) * (1 - 0.12 * drift) * (0.85 + 0.3 * rng.next()), pop * 0.96),
      );
      add(
        'lg_inform.economic_inactivity',
        pct(w.code, period, (0.31 + 0.14 * m - 0.015 * drift) * (0.95 + 0.1 * rng.next()), pop * 0.78),
      );
      add(
        'lg_inform.migration',
        pct(w.code, period, (0.008 + 0.03 * m) * (1 + 0.2 * drift) * (0.8 + 0.4 * rng.next()), pop),
      );
    }
  }

  // Race Equality Scorecard and GLA measures for the council, by group, over several years.
  const years = ['2017', '2018', '2019', '2020', '2021', '2022', '2023'];
  const groupGaps: Record<string, { employment: number; attainment: number; getOn: number }> = {
    WhiteBrit: { employment: 0.03, attainment: 0.01, getOn: 0.02 },
    Pakistani: { employment: -0.14, attainment: -0.06, getOn: -0.03 },
    Bangladeshi: { employment: -0.16, attainment: 0.02, getOn: -0.02 },
    BlkAfrican: { employment: -0.08, attainment: -0.09, getOn: -0.05 },
    Indian: { employment: 0.01, attainment: 0.08, getOn: 0.01 },
  };
  years.forEach((year, k) => {
    const close = 1 - k / 12; // gaps narrow slowly over time
    add('scorecard.employment.rate', pct(lad, year, 0.7 + 0.004 * k, 95_000));
    add('scorecard.education.attainment8', pct(lad, year, 0.46 + 0.006 * k, 1_900));
    add('gla.relationships.get_on_well', pct(lad, year, 0.78 + 0.004 * k + 0.01 * rng.normal(), 1_100));
    add('ioi.safety.hate_crime', { areaCode: lad, period: year, value: 1.1 + 0.09 * k + 0.05 * rng.normal() });
    for (const g of GROUPS) {
      const gap = groupGaps[g];
      const size = g === 'WhiteBrit' ? 60_000 : 5_000;
      add('scorecard.employment.rate', pct(lad, year, 0.7 + 0.004 * k + gap.employment * close, size, g));
      add(
        'scorecard.education.attainment8',
        pct(
          lad,
          year,
          0.46 + 0.006 * k + gap.attainment * (g === 'BlkAfrican' ? 1.1 - close / 2 : close),
          g === 'WhiteBrit' ? 1_200 : 120,
          g,
        ),
      );
      add(
        'gla.relationships.get_on_well',
        pct(lad, year, 0.78 + 0.004 * k + gap.getOn, g === 'WhiteBrit' ? 700 : 80, g),
      );
    }
  });
  for (const [period, k] of [
    ['2011', 0],
    ['2021', 1],
  ] as const) {
    add('scorecard.housing.overcrowding', pct(lad, period, 0.09 - 0.01 * k, 60_000));
    add('scorecard.health.bad_health', pct(lad, period, 0.062 + 0.004 * k, population));
    for (const g of GROUPS) {
      add(
        'scorecard.housing.overcrowding',
        pct(
          lad,
          period,
          (g === 'WhiteBrit' ? 0.05 : g === 'Indian' ? 0.1 : 0.27) - 0.02 * k,
          g === 'WhiteBrit' ? 42_000 : 2_500,
          g,
        ),
      );
    }
  }

  await db.transaction(async (tx) => {
    await geography.write.areas(tx, neighbours);
    for (const [code, list] of values) {
      const id = await findIndicatorId(tx, councilId, code);
      if (id) await upsertIndicatorValues(tx, councilId, id, list, SOURCE);
    }
  });

  // Segregation from the demo counts: LSOAs within the council, wards for local contributions.
  await services.segregation.store(actor, { dataset: DATASET, level: 'lsoa', higher: 'ward' }, [
    { y: 'Pakistani', x: 'WhiteBrit' },
    { y: 'Bangladeshi', x: 'WhiteBrit' },
  ]);
  await services.comparators.setNearest(
    actor,
    ['lg_inform.english_proficiency', 'lg_inform.economic_inactivity', 'lg_inform.migration'],
    8,
  );
}
