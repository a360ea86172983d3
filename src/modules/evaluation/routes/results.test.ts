/**
 * Route tests (stub services, no database) for what a DiD on more than two survey waves shows: the event-study
 * chart with its table, text summary and pre-trend check on the results page and in the board report, and the
 * plan page's choice of further waves (saved through the service, a bad wave id refused with the error summary).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { routeTestApp, TEST_COUNCIL, type RouteTestApp } from '../../../../test/helpers/routes.ts';
import type { AnalysisResult, EvaluationRow } from '../model.ts';
import type { EvaluationServices } from '../services/index.ts';
import { evaluationRoutes } from './index.ts';

const ID = '00000000-0000-4000-8000-0000000000e1';
const W = ['00000000-0000-4000-8000-0000000000a1', '00000000-0000-4000-8000-0000000000a2'];
const W3 = '00000000-0000-4000-8000-0000000000a3';
const base = `/c/${TEST_COUNCIL.slug}/evaluations/${ID}`;

const result = (preTrendPassed: boolean): AnalysisResult => ({
  design: 'did',
  outcome: 'belonging',
  scale: 'share',
  estimate: 0.02,
  se: 0.015,
  ciLow: -0.01,
  ciHigh: 0.05,
  pValue: 0.2,
  df: 13,
  n: 3600,
  clusters: 14,
  nTreated: 400,
  nControl: 2400,
  treatedClusters: 2,
  balance: null,
  balanceAchieved: null,
  eventStudy: {
    periods: [
      {
        label: 'Autumn 2023',
        post: false,
        reference: false,
        estimate: -0.01,
        se: 0.02,
        ciLow: -0.05,
        ciHigh: 0.03,
        nTreated: 120,
        nControl: 800,
      },
      {
        label: 'Autumn 2024',
        post: false,
        reference: true,
        estimate: 0,
        se: 0,
        ciLow: 0,
        ciHigh: 0,
        nTreated: 130,
        nControl: 820,
      },
      {
        label: 'Autumn 2025',
        post: true,
        reference: false,
        estimate: 0.02,
        se: 0.015,
        ciLow: -0.01,
        ciHigh: 0.05,
        nTreated: 150,
        nControl: 900,
      },
    ],
    preTrend: { statistic: 0.25, df1: 1, df2: 13, pValue: preTrendPassed ? 0.626 : 0.004, passed: preTrendPassed },
  },
  suppressed: false,
  minN: 30,
  evidence: {
    sms: preTrendPassed ? 3 : 1,
    nesta: preTrendPassed ? 3 : 1,
    reasons: [
      'evaluation.evidence.comparisonGroup',
      preTrendPassed ? 'evaluation.evidence.preTrendPassed' : 'evaluation.evidence.preTrendFailed',
    ],
  },
  source: 'Autumn 2023 → Autumn 2024 → Autumn 2025',
});

function evaluation(r: AnalysisResult | null, plan: EvaluationRow['plan'] = {}): EvaluationRow {
  return {
    id: ID,
    council_id: TEST_COUNCIL.id,
    title: 'Shared Tables on the survey',
    summary: '',
    design: 'did',
    outcome_code: 'belonging',
    status: 'analysed',
    links: [],
    theory: {},
    plan,
    result: r,
    analysed_at: new Date(),
    concluded_at: null,
    created_at: new Date(),
  };
}

function stubs(e: EvaluationRow) {
  const setPlan = vi.fn(async () => undefined);
  const services = {
    evaluations: {
      get: vi.fn(async () => e),
      links: vi.fn(async () => []),
      surveyWaves: vi.fn(async () => [
        { id: W[0], label: 'Residents: Autumn 2024' },
        { id: W[1], label: 'Residents: Autumn 2025' },
        { id: W3, label: 'Residents: Autumn 2023' },
      ]),
      wards: vi.fn(async () => [{ code: 'E05000001', name: 'Abbey' }]),
      setPlan,
    },
    data: {},
    analysis: {},
  } as unknown as EvaluationServices;
  return { services, setPlan };
}

describe('an event study on the evaluation pages', () => {
  let r: RouteTestApp | undefined;
  afterEach(async () => r?.close());

  it('shows the chart with its table, a text summary and the pre-trend check, in the results and the report', async () => {
    r = await routeTestApp({ routes: evaluationRoutes(stubs(evaluation(result(true))).services), role: 'viewer' });
    const page = await r.client.get(`${base}/results`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('The effect wave by wave (event study)');
    expect(page.body).toMatch(/<svg[^>]+aria-labelledby="es-title es-desc"/);
    expect(page.body).toContain('Programme starts');
    expect(page.body).toContain('The difference in each wave relative to Autumn 2024');
    expect(page.body).toMatch(/Autumn 2023[\s\S]*Before the programme[\s\S]*−1[\s\S]*−5 to 3/);
    expect(page.body).toContain('Autumn 2024: the reference, 0 by definition.');
    expect(page.body).toMatch(/id="pre-trend">Yes, as far as the data can tell: before Autumn 2024 .*p = 0.626/);
    expect(page.body).toContain('The groups followed parallel trends before the programme.');
    // The estimate and its interval carry their unit, not only the Units row below them.
    expect(page.body).toMatch(/Estimate\s*<\/dt>\s*<dd class="govuk-summary-list__value">\s*2 percentage points/);
    expect(page.body).toMatch(/−1 to 5 percentage points/);
    expect(page.body).toContain('Difference (percentage points)');
    const report = await r.client.get(`${base}/report`);
    expect(report.body).toContain('Event study and pre-trend check');
    expect(report.body).toContain('Difference (percentage points)');
    expect(report.body).toMatch(/<svg[^>]+aria-labelledby="es-title es-desc"/);
    const pdf = await r.client.get(`${base}/report?format=pdf`);
    expect(pdf.headers['content-type']).toBe('application/pdf');
  });

  it('says when the trends before the programme differed; shows no event study for two waves', async () => {
    r = await routeTestApp({ routes: evaluationRoutes(stubs(evaluation(result(false))).services), role: 'viewer' });
    const failed = await r.client.get(`${base}/results`);
    expect(failed.body).toMatch(/id="pre-trend">No: before the programme .*p = 0.004/);
    expect(failed.body).toContain('The groups did not follow parallel trends before the programme.');
    await r.close();
    const two = { ...result(true), eventStudy: undefined };
    r = await routeTestApp({ routes: evaluationRoutes(stubs(evaluation(two)).services), role: 'viewer' });
    const page = await r.client.get(`${base}/results`);
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('event study');
    expect(page.body).not.toContain('es-title');
  });

  it('the plan offers further waves and saves them; a bad wave id shows the error summary and saves nothing', async () => {
    const e = evaluation(null, { preWaveId: W[0], postWaveId: W[1], extraWaveIds: [W3] });
    const { services, setPlan } = stubs(e);
    r = await routeTestApp({ routes: evaluationRoutes(services), role: 'officer' });
    const page = await r.client.get(`${base}/plan`);
    expect(page.body).toContain('Other waves for an event study');
    expect(page.body).toMatch(new RegExp(`name="extraWaveIds" type="checkbox" value="${W3}" checked`));
    const bad = await r.client.post(`${base}/plan`, { preWaveId: W[0], postWaveId: W[1], extraWaveIds: 'nope' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('govuk-error-summary');
    expect(setPlan).not.toHaveBeenCalled();
    const ok = await r.client.post(`${base}/plan`, { preWaveId: W[0], postWaveId: W[1], extraWaveIds: W3 });
    expect(ok.statusCode).toBe(303);
    // Saving leads back to the plan with a success banner, so the officer knows it worked.
    expect(ok.headers.location).toBe(`${base}/plan?saved=1`);
    const after = await r.client.get(ok.headers.location as string);
    expect(after.body).toContain('govuk-notification-banner--success');
    expect(after.body).toContain('The evaluation plan has been saved.');
    expect(page.body).not.toContain('govuk-notification-banner');
    expect(setPlan).toHaveBeenCalledWith(
      expect.anything(),
      ID,
      expect.objectContaining({ preWaveId: W[0], postWaveId: W[1], extraWaveIds: [W3] }),
    );
  });
});
