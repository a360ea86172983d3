import { describe, expect, it } from 'vitest';
import { estimateDid, estimateEventStudy, estimatePrePost } from '../../stats/evaluation/index.ts';
import { createDraws } from '../../stats/random.ts';
import { translator } from '../../i18n/index.ts';
import { analyseParticipants, analyseSurveyDid, type SurveyPoint } from './analysis.ts';
import { outcomeItem, type AnalysisResult, type OutcomeItem } from './model.ts';
import { estimateParts, estimateSentence, eventStudyView, planPower } from './present/results.ts';
import { linkDetailText } from '../../kernel/links.ts';
import { parseParticipants } from './services/data.ts';
import { participantCsv } from './testing.ts';
import type { ParticipantRow } from './repository/evaluations.ts';

const belonging = outcomeItem('belonging') as OutcomeItem;
const life = outcomeItem('life_satisfaction') as OutcomeItem;
const en = translator('en');

async function rowsOf(csv: string, item = belonging): Promise<ParticipantRow[]> {
  const { rows, problems } = await parseParticipants(Buffer.from(csv), item, null);
  expect(problems).toEqual([]);
  return rows.map((r) => ({
    external_id: r.externalId,
    treated: r.treated,
    ward_code: r.wardCode,
    pre: r.pre,
    post: r.post,
    covariates: r.covariates,
  }));
}

describe('parseParticipants', () => {
  it('reports every bad row with its line and keeps none of them', async () => {
    const csv = [
      'id,group,pre,post,age,ward',
      'a,participant,1,0,30,E05000001',
      ',participant,1,0,30,',
      'c,Comparison,3,,x,',
      'a,nobody,1,1,40,E05000009',
    ].join('\n');
    const { rows, problems } = await parseParticipants(Buffer.from(csv), belonging, new Set(['E05000001']));
    expect(rows.map((r) => r.externalId)).toEqual(['a']);
    expect(problems.map((p) => [p.line, p.key.split('.').pop()])).toEqual([
      [3, 'id'],
      [4, 'share'],
      [4, 'covariate'],
      [5, 'duplicate'],
      [5, 'group'],
      [5, 'ward'],
    ]);
  });

  it('checks 0–10 scores for ONS4 items, and needs the id, group and post columns', async () => {
    const { problems } = await parseParticipants(
      Buffer.from('id,group,pre,post\na,participant,7,11\nb,participant,6.5,7\n'),
      life,
      null,
    );
    expect(problems.map((p) => p.line)).toEqual([2, 3]);
    await expect(parseParticipants(Buffer.from('id,pre\na,1\n'), life, null)).rejects.toMatchObject({
      key: 'evaluation.data.errors.columns',
      params: { columns: 'group, post' },
    });
  });
});

describe('analyseParticipants', () => {
  it('pre-post is the paired change of participants, labelled SMS 2 and said as a change', async () => {
    const rows = await rowsOf(participantCsv(5, 60, 20));
    const r = analyseParticipants('pre-post', belonging, rows, 30);
    const people = rows.filter((p) => p.treated);
    const ref = estimatePrePost(
      people.map((p) => p.pre as number),
      people.map((p) => p.post as number),
    );
    expect(r.estimate).toBeCloseTo(ref.estimate, 12);
    expect(r.ciLow).toBeCloseTo(ref.ciLow, 12);
    expect(r.nTreated).toBe(60);
    expect(r.evidence).toMatchObject({ sms: 2, nesta: 2 });
    expect(estimateSentence(r, en)).toMatch(/^Among participants, the share who feel they belong .* (rose|fell) by/);
    expect(estimateSentence(r, en)).toContain('This is a change, not an effect');
  });

  it('matched designs balance the groups and recover a built-in effect', async () => {
    const rows = await rowsOf(participantCsv(8, 300, 900, 1.2));
    const r = analyseParticipants('matched-did', belonging, rows, 30);
    expect(r.balance?.map((b) => b.covariate)).toEqual(['age', 'baseline']);
    for (const b of r.balance ?? []) expect(Math.abs(b.smdAfter ?? 1)).toBeLessThan(Math.abs(b.smdBefore ?? 0) + 1e-9);
    expect(r.balanceAchieved).toBe(true);
    expect(r.ciLow).toBeGreaterThan(0);
    expect(r.evidence.sms).toBe(3);
    expect(r.evidence.reasons).toContain('evaluation.evidence.noPreTrendEvidence');
  });
});

describe('analyseSurveyDid', () => {
  const rng = createDraws(99);
  const wards = Array.from({ length: 12 }, (_, i) => `E0500000${String(i).padStart(2, '0')}`);
  const points: SurveyPoint[] = [];
  for (let i = 0; i < 3000; i++) {
    const ward = wards[i % 12];
    const post = rng.next() < 0.5;
    const treated = ward === wards[0] || ward === wards[1];
    const p = 0.5 + (post ? 0.05 : 0) + (treated && post ? 0.1 : 0);
    points.push({ ward, post, weight: 50 + rng.next() * 200, value: rng.next() < p ? 1 : 0 });
  }
  const programme = new Set(wards.slice(0, 2));

  it('is the weighted DiD with CR1 by ward', () => {
    const r = analyseSurveyDid(belonging, points, programme, 30, 'A → B');
    const ref = estimateDid(
      points.map((p) => p.value),
      points.map((p) => (programme.has(p.ward) ? 1 : 0)),
      points.map((p) => (p.post ? 1 : 0)),
      { weights: points.map((p) => p.weight), cluster: points.map((p) => p.ward) },
    );
    expect(r.estimate).toBeCloseTo(ref.estimate, 12);
    expect(r.se).toBeCloseTo(ref.se, 12);
    expect(r.clusters).toBe(12);
    expect(r.df).toBe(11);
    expect(r.evidence.sms).toBe(3);
  });

  it('rescaling the weights changes nothing; few programme wards are flagged in the sentence', () => {
    const a = analyseSurveyDid(belonging, points, programme, 30, 'A → B');
    const b = analyseSurveyDid(
      belonging,
      points.map((p) => ({ ...p, weight: p.weight / 137 })),
      programme,
      30,
      'A → B',
    );
    expect(b.estimate).toBeCloseTo(a.estimate, 12);
    expect(b.se).toBeCloseTo(a.se, 12);
    expect(estimateSentence(a, en)).toContain('There were only 2 programme wards');
  });

  it('suppresses when any group × wave cell is below the minimum', () => {
    expect(analyseSurveyDid(belonging, points, programme, 400, 'A → B').suppressed).toBe(true);
  });
});

describe('analyseSurveyDid on more than two waves (event study)', () => {
  // Four waves: 0 and 1 before the programme, 1 the reference, 2 the headline after, 3 a later one. The
  // programme wards rise by 10 points from wave 2; with `drift` they also drift apart before it.
  const build = (drift: number) => {
    const rng = createDraws(7);
    const wards = Array.from({ length: 14 }, (_, i) => `E0500001${String(i).padStart(2, '0')}`);
    const points: SurveyPoint[] = [];
    for (let i = 0; i < 8000; i++) {
      const ward = wards[i % 14];
      const period = Math.floor(rng.next() * 4);
      const treated = i % 14 < 3;
      const p = 0.5 + 0.02 * period + (treated ? drift * (period - 1) + (period >= 2 ? 0.1 : 0) : 0);
      points.push({ ward, period, post: period >= 2, weight: 50 + rng.next() * 100, value: rng.next() < p ? 1 : 0 });
    }
    return { points, programme: new Set(wards.slice(0, 3)) };
  };
  const waves = { labels: ['W2021', 'W2022', 'W2023', 'W2024'], reference: 1, headline: 2 };

  it('the headline is the DiD of the reference and headline waves; the event study is the weighted, CR1 one', () => {
    const { points, programme } = build(0);
    const r = analyseSurveyDid(belonging, points, programme, 30, 'W', { waves });
    const two = points.filter((p) => p.period === 1 || p.period === 2);
    const ref = estimateDid(
      two.map((p) => p.value),
      two.map((p) => (programme.has(p.ward) ? 1 : 0)),
      two.map((p) => (p.period === 2 ? 1 : 0)),
      { weights: two.map((p) => p.weight), cluster: two.map((p) => p.ward) },
    );
    expect(r.estimate).toBeCloseTo(ref.estimate, 12);
    expect(r.se).toBeCloseTo(ref.se, 12);
    const es = estimateEventStudy(
      points.map((p) => p.value),
      points.map((p) => (programme.has(p.ward) ? 1 : 0)),
      points.map((p) => p.period ?? 0),
      { reference: 1, weights: points.map((p) => p.weight), cluster: points.map((p) => p.ward) },
    );
    expect(r.eventStudy?.periods.map((p) => [p.label, p.reference, p.post])).toEqual([
      ['W2021', false, false],
      ['W2022', true, false],
      ['W2023', false, true],
      ['W2024', false, true],
    ]);
    r.eventStudy?.periods.forEach((p, i) => {
      expect(p.estimate).toBeCloseTo(es.periods[i].estimate, 12);
      expect(p.ciHigh).toBeCloseTo(es.periods[i].ciHigh, 12);
    });
    expect(r.eventStudy?.periods[2].estimate).toBeGreaterThan(0.05);
    expect(r.eventStudy?.preTrend?.df1).toBe(1);
    expect(r.eventStudy?.preTrend?.pValue).toBeCloseTo(es.periods[0].pValue ?? -1, 10);
  });

  it('a passed pre-trend check and two waves before the programme are in the evidence reasons', () => {
    const { points, programme } = build(0);
    const r = analyseSurveyDid(belonging, points, programme, 30, 'W', { waves });
    expect(r.eventStudy?.preTrend?.passed).toBe(true);
    expect(r.evidence.reasons).toContain('evaluation.evidence.preTrendPassed');
    expect(r.evidence.reasons).toContain('evaluation.evidence.multiplePrePeriods');
    expect(r.evidence.reasons).not.toContain('evaluation.evidence.noPreTrendEvidence');
    expect(r.evidence.sms).toBe(3);
  });

  it('a failed pre-trend check caps the label at SMS 1 without controls, and the page says so', () => {
    const { points, programme } = build(0.08);
    const r = analyseSurveyDid(belonging, points, programme, 30, 'W', { waves });
    expect(r.eventStudy?.preTrend?.passed).toBe(false);
    expect(r.evidence.reasons).toContain('evaluation.evidence.preTrendFailed');
    expect(r.evidence.sms).toBe(1);
    expect(eventStudyView(r, en)?.preTrend).toMatch(/^No: before the programme the programme wards and the rest/);
  });

  it('the page view: a chart with a title, description, zero line and start marker, a table and a summary', () => {
    const { points, programme } = build(0);
    const r = analyseSurveyDid(belonging, points, programme, 30, 'W', { waves });
    const v = eventStudyView(r, en);
    expect(v?.reference).toBe('W2022');
    expect(v?.svg).toMatch(/^<svg[^>]+role="img" aria-labelledby="es-title es-desc"/);
    expect(v?.svg).toContain(
      '<title id="es-title">Event study: the difference from W2022 in each wave, in percentage points</title>',
    );
    expect(v?.svg).toContain('Programme starts');
    expect(v?.svg).toContain('stroke-dasharray="6 4"');
    expect((v?.svg.match(/<circle /g) ?? []).length).toBe(4);
    expect(v?.rows.map((row) => [row.label, row.when, row.estimate === '0'])).toEqual([
      ['W2021', 'Before the programme', false],
      ['W2022', 'Reference wave', true],
      ['W2023', 'After the programme started', false],
      ['W2024', 'After the programme started', false],
    ]);
    expect(v?.summary).toContain('W2022: the reference, 0 by definition.');
    expect(v?.preTrend).toMatch(/^Yes, as far as the data can tell: before W2022/);
    expect(v?.svg).not.toContain('lang="en"');
    const cy = eventStudyView(r, translator('cy'));
    expect(cy?.svg).toContain('Y rhaglen yn dechrau');
    expect(cy?.svg).toMatch(/<text [^>]*lang="en">W2022<\/text>/);
    expect(cy?.preTrend).toMatch(/^Oedd/);
    expect(eventStudyView({ ...r, suppressed: true }, en)).toBeNull();
    expect(eventStudyView({ ...r, eventStudy: undefined }, en)).toBeNull();
  });

  it('is suppressed when any group in any wave is below the minimum; two waves give no event study', () => {
    const { points, programme } = build(0);
    const r = analyseSurveyDid(belonging, points, programme, 30, 'W', { waves });
    const fewest = Math.min(...(r.eventStudy?.periods ?? []).flatMap((p) => [p.nTreated, p.nControl]));
    expect(analyseSurveyDid(belonging, points, programme, fewest + 1, 'W', { waves }).suppressed).toBe(true);
    const two = points.filter((p) => p.period === 1 || p.period === 2).map((p) => ({ ...p, post: p.period === 2 }));
    expect(analyseSurveyDid(belonging, two, programme, 30, 'W').eventStudy).toBeUndefined();
  });
});

describe('plain English', () => {
  const base: AnalysisResult = {
    design: 'matched',
    outcome: 'belonging',
    scale: 'share',
    estimate: 0.06,
    se: 0.02,
    ciLow: 0.02,
    ciHigh: 0.1,
    pValue: 0.003,
    df: 100,
    n: 200,
    clusters: 100,
    nTreated: 100,
    nControl: 100,
    balance: null,
    balanceAchieved: true,
    suppressed: false,
    minN: 30,
    evidence: { sms: 3, nesta: 3, reasons: [] },
    source: 'participants',
  };

  it('reads as the issue asks, with points and a 95% interval', () => {
    expect(estimateSentence(base, en)).toBe(
      'The programme raised the share who feel they belong to their neighbourhood by 6 points (95% interval 2 to 10).',
    );
    expect(estimateSentence({ ...base, estimate: -0.03, ciLow: -0.08, ciHigh: 0.02 }, en)).toBe(
      'The programme lowered the share who feel they belong to their neighbourhood by 3 points (95% interval −8 to 2). The interval includes no change, so the data cannot rule out that the programme made no difference.',
    );
    expect(
      estimateSentence({ ...base, outcome: 'anxiety', scale: 'score', estimate: 0.42, ciLow: 0.1, ciHigh: 0.74 }, en),
    ).toBe(
      'The programme raised average anxiety by 0.4 points on the 0–10 scale (95% interval 0.1 to 0.7). This is a change in the unwanted direction.',
    );
    expect(estimateSentence({ ...base, suppressed: true }, en)).toMatch(/^Too few people to report/);
  });

  it('the same sentences travel as link details, translated by the page that shows them', () => {
    const parts = estimateParts({ ...base, estimate: -0.03, ciLow: -0.08, ciHigh: 0.02 });
    expect(parts.map((d) => linkDetailText(en, d)).join(' ')).toBe(
      estimateSentence({ ...base, estimate: -0.03, ciLow: -0.08, ciHigh: 0.02 }, en),
    );
    expect(linkDetailText(translator('cy'), parts[0])).not.toBe(linkDetailText(en, parts[0]));
  });

  it('the plan power for a share uses the binomial SD and the design effect', () => {
    const r = planPower({
      design: 'matched-did',
      outcome_code: 'belonging',
      plan: { nTreated: 120, nControl: 300, baseline: 0.5, icc: 0.05, clusterSize: 11, correlation: 0.5 },
    });
    expect(r?.designEffect).toBeCloseTo(1.5, 12);
    expect(r?.mde).toBeCloseTo(2.801585 * 0.5 * Math.sqrt(1.5 * (1 / 120 + 1 / 300)), 5);
  });
});
