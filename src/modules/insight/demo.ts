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
const DATASET_ADULTS = 'demo_ethnic_group_16plus';
const SOURCE = 'demo data (fictional)';
const GROUPS = ['WhiteBrit', 'Pakistani', 'Bangladeshi', 'BlkAfrican', 'Indian'];

function share(rng: RandomDraws, centre: number, spread: number): number {
  return Math.min(0.95, Math.max(0.005, centre + spread * rng.normal()));
}

/** A percentage value with its counts and Wilson interval. */
function pct(areaCode: string, period: string, p: number, denominator: number, groupCode = 'all'): IndicatorValueInput {
  const den = Math.max(1, Math.round(denominator));
  return fromCounts(areaCode, period, Math.round(p * den), den, groupCode);
}

/** A percentage from a numerator and denominator, with its Wilson interval. */
function fromCounts(
  areaCode: string,
  period: string,
  numerator: number,
  denominator: number,
  groupCode = 'all',
): IndicatorValueInput {
  const den = Math.max(1, Math.round(denominator));
  const num = Math.min(den, Math.max(0, Math.round(numerator)));
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

  const wards = await geography.descendants(lad, 'ward');
  const wardCodes = wards.map((w) => w.code);
  const wardPop = new Map((await geography.populationFor(DATASET, wardCodes)).map((r) => [r.area_code, r]));
  const wardAdults = new Map(
    (await geography.populationFor(DATASET_ADULTS, wardCodes)).map((r) => [r.area_code, r.total]),
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

  // Wards first: the census indicators, higher where more minority residents live, on each census's own
  // population (the 2021 census counts more people than 2011's). The council's value is then the sum of its
  // wards' numerators over the sum of their denominators, so it always lies within its wards' range.
  const councilCounts = new Map<string, { num: number; den: number }>();
  const tally = (code: string, period: string, v: IndicatorValueInput) => {
    const key = `${code}@${period}`;
    const acc = councilCounts.get(key) ?? { num: 0, den: 0 };
    acc.num += v.numerator ?? 0;
    acc.den += v.denominator ?? 0;
    councilCounts.set(key, acc);
  };
  const people = { '2011': 0, '2021': 0 };
  for (const w of wards) {
    const m = minorityShare(w.code);
    const pop2011 = wardPop.get(w.code)?.total ?? 6000;
    const adults2011 = wardAdults.get(w.code) ?? Math.round(pop2011 * 0.78);
    const growth = 1.03 + 0.07 * rng.next();
    for (const [period, drift] of [
      ['2011', 0],
      ['2021', 1],
    ] as const) {
      const pop = drift ? Math.round(pop2011 * growth) : pop2011;
      const adults = drift ? Math.round(adults2011 * growth * 1.01) : adults2011;
      people[period] += pop;
      const eng = pct(w.code, period, (0.005 + 0.09 * m) * (1 - 0.12 * drift) * (0.85 + 0.3 * rng.next()), pop * 0.96);
      const inact = pct(w.code, period, (0.31 + 0.14 * m - 0.015 * drift) * (0.95 + 0.1 * rng.next()), adults);
      const mig = pct(w.code, period, (0.008 + 0.03 * m) * (1 + 0.2 * drift) * (0.8 + 0.4 * rng.next()), pop);
      for (const [code, v] of [
        ['lg_inform.english_proficiency', eng],
        ['lg_inform.economic_inactivity', inact],
        ['lg_inform.migration', mig],
      ] as const) {
        add(code, v);
        tally(code, period, v);
      }
    }
  }
  for (const [key, c] of councilCounts) {
    const [code, period] = key.split('@');
    add(code, fromCounts(lad, period, c.num, c.den));
    if (code === 'lg_inform.english_proficiency')
      add('ioi.language.english', fromCounts(lad, period, c.den - c.num, c.den));
  }
  const population = people['2021'] || 150_000;

  // Neighbour councils: the same census indicators, their population growing between the censuses too.
  for (const n of neighbours) {
    const pop2011 = 90_000 + Math.round(rng.next() * 160_000);
    const growth = 1.03 + 0.07 * rng.next();
    const base = { eng: share(rng, 0.028, 0.012), inact: share(rng, 0.36, 0.03), mig: share(rng, 0.016, 0.007) };
    for (const [period, drift] of [
      ['2011', 0],
      ['2021', 1],
    ] as const) {
      const pop = drift ? Math.round(pop2011 * growth) : pop2011;
      add('lg_inform.english_proficiency', pct(n.code, period, base.eng * (1 - 0.12 * drift), pop * 0.96));
      add('ioi.language.english', pct(n.code, period, 1 - base.eng * (1 - 0.12 * drift), pop * 0.96));
      add('lg_inform.economic_inactivity', pct(n.code, period, base.inact - 0.015 * drift, pop * 0.8));
      add('lg_inform.migration', pct(n.code, period, base.mig * (1 + 0.2 * drift), pop));
    }
    add('lg_inform.residential_segregation', { areaCode: n.code, period: '2011', value: share(rng, 0.33, 0.07) });
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
  // The whole population's value pools its groups' counts with the residents of the other groups (at the
  // base rate), so "all" always lies within the range of its parts.
  const pooled = (code: string, period: string, base: number, others: number, parts: IndicatorValueInput[]) => {
    for (const v of parts) add(code, v);
    const num = parts.reduce((t, v) => t + (v.numerator ?? 0), Math.round(base * others));
    const den = parts.reduce((t, v) => t + (v.denominator ?? 0), others);
    add(code, fromCounts(lad, period, num, den));
  };
  years.forEach((year, k) => {
    const close = 1 - k / 12; // gaps narrow slowly over time
    const emp = 0.7 + 0.004 * k;
    const att = 0.46 + 0.006 * k;
    const getOn = 0.78 + 0.004 * k + 0.01 * rng.normal();
    pooled(
      'scorecard.employment.rate',
      year,
      emp,
      15_000,
      GROUPS.map((g) => pct(lad, year, emp + groupGaps[g].employment * close, g === 'WhiteBrit' ? 60_000 : 5_000, g)),
    );
    pooled(
      'scorecard.education.attainment8',
      year,
      att,
      220,
      GROUPS.map((g) => {
        const gap = groupGaps[g].attainment * (g === 'BlkAfrican' ? 1.1 - close / 2 : close);
        return pct(lad, year, att + gap, g === 'WhiteBrit' ? 1_200 : 120, g);
      }),
    );
    pooled(
      'gla.relationships.get_on_well',
      year,
      getOn,
      150,
      GROUPS.map((g) => pct(lad, year, getOn + groupGaps[g].getOn, g === 'WhiteBrit' ? 700 : 80, g)),
    );
    add('ioi.safety.hate_crime', { areaCode: lad, period: year, value: 1.1 + 0.09 * k + 0.05 * rng.normal() });
  });
  for (const [period, k] of [
    ['2011', 0],
    ['2021', 1],
  ] as const) {
    pooled(
      'scorecard.housing.overcrowding',
      period,
      0.08 - 0.01 * k,
      12_000,
      GROUPS.map((g) =>
        pct(
          lad,
          period,
          (g === 'WhiteBrit' ? 0.05 : g === 'Indian' ? 0.1 : 0.27) - 0.02 * k,
          g === 'WhiteBrit' ? 42_000 : 2_500,
          g,
        ),
      ),
    );
    add('scorecard.health.bad_health', pct(lad, period, 0.062 + 0.004 * k, people[period] || population));
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
