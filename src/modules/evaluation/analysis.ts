/**
 * The analysis of an evaluation, from its outcome data to an estimate, balance and an evidence label, using
 * the pure methods of src/stats/evaluation (see docs/methods/evaluation.md):
 *
 * - pre-post:     the paired change of participants (SMS 2: no comparison group);
 * - matched:      participants matched to the comparison group on a logistic propensity score of the
 *                 covariates and the baseline answer, the effect on the treated on the answer after;
 * - matched-did:  the same match, the effect on the treated on each person's change (post − pre);
 * - randomised:   the difference in the answer after, by least squares with HC1 standard errors, and
 *                 baseline balance;
 * - did:          difference-in-differences on two survey waves: respondents in the programme's wards
 *                 against the rest, weighted by the waves' raking weights, clustered by ward (CR1); with
 *                 more waves, also the event study (each wave against the last before the programme) and
 *                 its joint pre-trend test, which feeds the evidence label.
 *
 * Estimates whose groups are smaller than the survey's minimum base are kept but marked suppressed, so no
 * page, report or PDF prints them.
 */
import {
  assessBalance,
  balanceTable,
  coefficient,
  estimateAtt,
  estimateDid,
  estimateEventStudy,
  preTrendTest,
  estimatePrePost,
  evidenceLabel,
  fitLogistic,
  fitWls,
  matchNearest,
  type BalanceTable,
  type EvaluationDesign,
} from '../../stats/evaluation/index.ts';
import { DomainError } from '../../kernel/errors.ts';
import { EvaluationError } from '../../stats/evaluation/index.ts';
import type { AnalysisResult, BalanceLine, Design, EventStudySummary, OutcomeItem } from './model.ts';
import type { ParticipantRow } from './repository/evaluations.ts';

const finite = (x: number | null | undefined): x is number => typeof x === 'number' && Number.isFinite(x);

function balanceLines(table: BalanceTable): BalanceLine[] {
  return table.rows.map((r) => ({
    covariate: r.covariate,
    meanTreatedBefore: finite(r.meanTreatedBefore) ? r.meanTreatedBefore : null,
    meanControlBefore: finite(r.meanControlBefore) ? r.meanControlBefore : null,
    smdBefore: r.smdBefore,
    smdAfter: r.smdAfter,
    varianceRatioAfter: r.varianceRatioAfter,
  }));
}

/** Library errors a council's data can cause, as a rule failure shown on the page. */
function guarded<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof EvaluationError)
      throw new DomainError('evaluation.analysis.errors.method', 'analyse', { message: err.message });
    throw err;
  }
}

const LIBRARY_DESIGN: Record<Design, EvaluationDesign> = {
  'pre-post': 'pre-post',
  matched: 'matched',
  'matched-did': 'matched-did',
  did: 'did',
  randomised: 'randomised',
};

/** Analyses participants' pre/post answers (and a comparison group's) for the chosen design. */
export function analyseParticipants(
  design: Exclude<Design, 'did'>,
  item: OutcomeItem,
  rows: readonly ParticipantRow[],
  minN: number,
  options: { independentReplication?: boolean } = {},
): AnalysisResult {
  const needPre = design !== 'matched' && design !== 'randomised';
  const usable = rows.filter((r) => finite(r.post) && (!needPre || finite(r.pre)));
  const base = { design, outcome: item.code, scale: item.scale, minN, source: 'participants' };
  if (design === 'pre-post') {
    const people = usable.filter((r) => r.treated);
    if (people.length < 2) throw new DomainError('evaluation.analysis.errors.tooFew', 'analyse');
    const r = guarded(() =>
      estimatePrePost(
        people.map((p) => p.pre as number),
        people.map((p) => p.post as number),
      ),
    );
    return {
      ...base,
      estimate: r.estimate,
      se: r.se,
      ciLow: r.ciLow,
      ciHigh: r.ciHigh,
      pValue: r.pValue,
      df: r.df,
      n: r.n,
      clusters: null,
      nTreated: r.n,
      nControl: 0,
      meanPre: r.meanPre,
      meanPost: r.meanPost,
      balance: null,
      balanceAchieved: null,
      suppressed: r.n < minN,
      evidence: evidenceLabel({ design: 'pre-post' }) as AnalysisResult['evidence'],
    };
  }
  const treat = Float64Array.from(usable, (r) => (r.treated ? 1 : 0));
  const nTreated = usable.filter((r) => r.treated).length;
  const nControl = usable.length - nTreated;
  if (nTreated < 2 || nControl < 2) throw new DomainError('evaluation.analysis.errors.noComparison', 'analyse');
  // Covariates every usable row has, plus the baseline answer when there is one for everybody.
  const names = Object.keys(usable[0]?.covariates ?? {}).filter((k) => usable.every((r) => finite(r.covariates[k])));
  const covariates: Record<string, Float64Array> = {};
  for (const k of names) covariates[k] = Float64Array.from(usable, (r) => r.covariates[k]);
  if (usable.every((r) => finite(r.pre))) covariates.baseline = Float64Array.from(usable, (r) => r.pre as number);
  const y =
    design === 'matched-did'
      ? Float64Array.from(usable, (r) => (r.post as number) - (r.pre as number))
      : Float64Array.from(usable, (r) => r.post as number);
  const controlled = Object.keys(covariates).length > 0;
  if (design === 'randomised') {
    const fit = guarded(() => fitWls(y, { treat }, { variance: 'HC1' }));
    const c = coefficient(fit, 'treat');
    const table = controlled
      ? guarded(() => balanceTable(treat, covariates, new Float64Array(usable.length).fill(1)))
      : null;
    const assessed = table ? assessBalance(table) : undefined;
    return {
      ...base,
      estimate: c.estimate,
      se: c.se,
      ciLow: c.ciLow,
      ciHigh: c.ciHigh,
      pValue: c.pValue,
      df: fit.df,
      n: fit.n,
      clusters: null,
      nTreated,
      nControl,
      balance: table ? balanceLines(table) : null,
      balanceAchieved: assessed ? assessed.achieved : null,
      suppressed: nTreated < minN || nControl < minN,
      evidence: evidenceLabel({
        design: 'randomised',
        balance: assessed,
        independentReplication: options.independentReplication,
      }) as AnalysisResult['evidence'],
    };
  }
  if (!controlled) throw new DomainError('evaluation.analysis.errors.noCovariates', 'analyse');
  const ps = guarded(() => fitLogistic(treat, covariates));
  const match = guarded(() => matchNearest(treat, ps.fitted, { caliper: 0.2 }));
  if (match.matchedTreated < 2) throw new DomainError('evaluation.analysis.errors.noMatches', 'analyse');
  const table = guarded(() => balanceTable(treat, covariates, match.weights));
  const assessed = assessBalance(table);
  const att = guarded(() => estimateAtt(y, treat, match));
  return {
    ...base,
    estimate: att.estimate,
    se: att.se,
    ciLow: att.ciLow,
    ciHigh: att.ciHigh,
    pValue: att.pValue,
    df: att.df,
    n: att.n,
    clusters: att.clusters,
    nTreated: att.treated,
    nControl: att.controls,
    balance: balanceLines(table),
    balanceAchieved: assessed.achieved,
    suppressed: att.treated < minN || att.controls < minN,
    evidence: evidenceLabel({
      design: LIBRARY_DESIGN[design],
      balance: assessed,
      covariatesControlled: true,
      prePeriods: design === 'matched-did' ? 1 : 0,
      independentReplication: options.independentReplication,
    }) as AnalysisResult['evidence'],
  };
}

/** One survey respondent for a DiD: the answer (0/1 or 0–10), the wave, the ward and the raking weight. */
export interface SurveyPoint {
  value: number;
  post: boolean;
  ward: string;
  weight: number;
  /** The wave's index in time order, when the DiD has more than two waves (see `SurveyWaves`). */
  period?: number;
}

/**
 * The waves of a DiD on more than two waves, in time order: the reference (the last before the programme)
 * and the headline post wave (the plan's "after" wave) are indexes into `labels`; the headline estimate is the
 * two-wave DiD between them, the event study uses every wave.
 */
export interface SurveyWaves {
  labels: readonly string[];
  reference: number;
  headline: number;
}

/**
 * The event study over every wave: each wave's treated–comparison gap relative to the reference wave's, with
 * CR1 intervals by ward, and the joint pre-trend test on the waves before the reference.
 */
export function surveyEventStudy(
  points: readonly SurveyPoint[],
  programmeWards: ReadonlySet<string>,
  waves: SurveyWaves,
): EventStudySummary {
  const period = points.map((p) => p.period ?? 0);
  const treat = Float64Array.from(points, (p) => (programmeWards.has(p.ward) ? 1 : 0));
  const es = guarded(() =>
    estimateEventStudy(
      Float64Array.from(points, (p) => p.value),
      treat,
      period,
      {
        reference: waves.reference,
        weights: Float64Array.from(points, (p) => p.weight),
        cluster: points.map((p) => p.ward),
      },
    ),
  );
  const pre = waves.labels.map((_, i) => i).filter((i) => i < waves.reference);
  const test = pre.length ? guarded(() => preTrendTest(es, pre)) : null;
  const counts = waves.labels.map(() => [0, 0]);
  points.forEach((p, i) => counts[period[i]][treat[i]]++);
  const byPeriod = new Map(es.periods.map((p) => [p.period, p]));
  return {
    periods: waves.labels.map((label, i) => {
      const p = byPeriod.get(i);
      return {
        label,
        post: i > waves.reference,
        reference: i === waves.reference,
        estimate: p?.estimate ?? 0,
        se: p?.se ?? 0,
        ciLow: p?.ciLow ?? 0,
        ciHigh: p?.ciHigh ?? 0,
        nTreated: counts[i][1],
        nControl: counts[i][0],
      };
    }),
    preTrend: test
      ? { statistic: test.statistic, df1: test.df1, df2: test.df2, pValue: test.pValue, passed: test.passed }
      : null,
  };
}

/**
 * DiD on survey waves: the programme's wards against the council's other wards, CR1 by ward. With more than
 * two waves (`waves`), the headline is the DiD between the reference and headline waves, and the event study
 * over all of them is added, its pre-trend check feeding the evidence label.
 */
export function analyseSurveyDid(
  item: OutcomeItem,
  allPoints: readonly SurveyPoint[],
  programmeWards: ReadonlySet<string>,
  minN: number,
  source: string,
  options: { independentReplication?: boolean; waves?: SurveyWaves } = {},
): AnalysisResult {
  const waves = options.waves && options.waves.labels.length > 2 ? options.waves : undefined;
  const points = waves
    ? allPoints
        .filter((p) => p.period === waves.reference || p.period === waves.headline)
        .map((p) => ({ ...p, post: p.period === waves.headline }))
    : allPoints;
  const y = Float64Array.from(points, (p) => p.value);
  const treat = Float64Array.from(points, (p) => (programmeWards.has(p.ward) ? 1 : 0));
  const post = Float64Array.from(points, (p) => (p.post ? 1 : 0));
  const cells = [0, 0, 0, 0];
  points.forEach((p, i) => cells[treat[i] * 2 + post[i]]++);
  if (cells.some((c) => c === 0)) throw new DomainError('evaluation.analysis.errors.emptyCell', 'analyse');
  const r = guarded(() =>
    estimateDid(y, treat, post, {
      weights: Float64Array.from(points, (p) => p.weight),
      cluster: points.map((p) => p.ward),
    }),
  );
  const eventStudy = waves ? surveyEventStudy(allPoints, programmeWards, waves) : undefined;
  const smallest = eventStudy
    ? Math.min(...eventStudy.periods.flatMap((p) => [p.nTreated, p.nControl]))
    : Math.min(...cells);
  const nTreated = cells[2] + cells[3];
  const nControl = cells[0] + cells[1];
  const preTrend = eventStudy?.preTrend ? (eventStudy.preTrend.passed ? 'passed' : 'failed') : 'not-done';
  return {
    design: 'did',
    outcome: item.code,
    scale: item.scale,
    minN,
    source,
    estimate: r.estimate,
    se: r.se,
    ciLow: r.ciLow,
    ciHigh: r.ciHigh,
    pValue: r.pValue,
    df: r.df,
    n: r.n,
    clusters: r.clusters,
    nTreated,
    nControl,
    treatedClusters: programmeWards.size,
    balance: null,
    balanceAchieved: null,
    ...(eventStudy ? { eventStudy } : {}),
    suppressed: smallest < minN,
    evidence: evidenceLabel({
      design: 'did',
      covariatesControlled: false,
      prePeriods: waves ? waves.reference + 1 : 1,
      preTrend,
      independentReplication: options.independentReplication,
    }) as AnalysisResult['evidence'],
  };
}
