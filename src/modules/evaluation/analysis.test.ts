import { describe, expect, it } from 'vitest';
import { estimateDid, estimatePrePost } from '../../stats/evaluation/index.ts';
import { createDraws } from '../../stats/random.ts';
import { translator } from '../../i18n/index.ts';
import { analyseParticipants, analyseSurveyDid, type SurveyPoint } from './analysis.ts';
import { outcomeItem, type AnalysisResult, type OutcomeItem } from './model.ts';
import { estimateSentence, planPower } from './present/results.ts';
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
