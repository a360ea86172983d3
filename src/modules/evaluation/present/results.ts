/** View models: the estimate in plain English, the figures, balance rows, evidence reasons and the MDE. */
import { langOf, storedMarked, type Translate } from '../../../i18n/index.ts';
import { unmarked } from '../../../lib/lang-marks.ts';
import { xmlTitle } from '../../../charts/common.ts';
import { linkDetailText, type LinkDetail } from '../../../kernel/links.ts';
import { mdeDid, mdeMean, mdePrePost, mdeProportion, type MdeResult } from '../../../stats/evaluation/index.ts';
import { outcomeItem, type AnalysisResult, type EvaluationRow, type Plan } from '../model.ts';
import { eventStudySvg, lovePlotSvg } from './charts.ts';

/**
 * Below this many programme wards, cluster-robust intervals are too narrow (Conley & Taber 2011, "Inference
 * with 'difference in differences' with a small number of policy changes", REStat 93: 113–125; MacKinnon &
 * Webb 2017, J. Applied Econometrics 32: 233–254), so the sentence says so.
 */
const FEW_CLUSTERS = 10;

/** A number for prose: "6", "−3", "0.4" (minus sign, not hyphen). */
function fmt(x: number, digits: number): string {
  const s = x.toFixed(digits);
  const v = Number(s) === 0 ? (0).toFixed(digits) : s;
  return v.replace('-', '−');
}

/** Shares are shown in percentage points (whole numbers), scores with one decimal. */
export function points(result: Pick<AnalysisResult, 'scale'>, x: number): string {
  return result.scale === 'share' ? fmt(x * 100, 0) : fmt(x, 1);
}

/**
 * The estimate as a board would read it: "The programme raised the share who feel they belong by 6 points
 * (95% interval 2 to 10)." A participant-only design says "changed", never "the programme raised". As
 * catalogue sentences (`LinkDetail`s), so the same words can travel through the link registry to the plan
 * outcome the evaluation is about and be translated there.
 */
export function estimateParts(result: AnalysisResult): LinkDetail[] {
  if (result.suppressed) return [{ key: 'evaluation.results.suppressed', params: { n: result.minN } }];
  const item = outcomeItem(result.outcome);
  const params = {
    size: points(result, Math.abs(result.estimate)),
    low: points(result, result.ciLow),
    high: points(result, result.ciHigh),
  };
  const up = result.estimate >= 0;
  const scale = result.scale === 'share' ? 'Share' : 'Score';
  const key =
    result.design === 'pre-post'
      ? `evaluation.results.sentence.change${scale}${up ? 'Up' : 'Down'}`
      : `evaluation.results.sentence.effect${scale}${up ? 'Up' : 'Down'}`;
  const parts: LinkDetail[] = [{ key, params, paramKeys: { phrase: `evaluation.items.${result.outcome}.phrase` } }];
  const note = (k: string, p?: Record<string, number>): LinkDetail => ({
    key: `evaluation.results.sentence.${k}`,
    ...(p ? { params: p } : {}),
  });
  if (result.ciLow <= 0 && result.ciHigh >= 0) parts.push(note('includesZero'));
  else if (item && up !== item.higherIsBetter) parts.push(note('wrongWay'));
  if (result.design === 'pre-post') parts.push(note('noComparison'));
  if (result.treatedClusters !== undefined && result.treatedClusters < FEW_CLUSTERS)
    parts.push(note('fewClusters', { n: result.treatedClusters }));
  return parts;
}

export function estimateSentence(result: AnalysisResult, t: Translate): string {
  return estimateParts(result)
    .map((d) => linkDetailText(t, d))
    .join(' ');
}

/** The figures table (nothing when suppressed). */
export function figures(result: AnalysisResult, t: Translate): { key: string; value: string }[] {
  if (result.suppressed) return [];
  // Each figure carries its unit ("23 percentage points"), not only the Units row at the end.
  const unit = t(`evaluation.results.unitsAfterNumber.${result.scale}`);
  const rows = [
    { key: t('evaluation.results.figures.estimate'), value: `${points(result, result.estimate)} ${unit}` },
    { key: t('evaluation.results.figures.se'), value: `${points(result, result.se)} ${unit}` },
    {
      key: t('evaluation.results.figures.interval'),
      value: `${points(result, result.ciLow)} ${t('evaluation.results.to')} ${points(result, result.ciHigh)} ${unit}`,
    },
    { key: t('evaluation.results.figures.p'), value: result.pValue < 0.001 ? '< 0.001' : result.pValue.toFixed(3) },
    { key: t('evaluation.results.figures.treated'), value: String(result.nTreated) },
  ];
  if (result.design !== 'pre-post')
    rows.push({ key: t('evaluation.results.figures.control'), value: String(result.nControl) });
  if (result.clusters !== null)
    rows.push({ key: t('evaluation.results.figures.clusters'), value: String(result.clusters) });
  rows.push({ key: t('evaluation.results.figures.units'), value: t(`evaluation.results.units.${result.scale}`) });
  return rows;
}

const smd = (x: number | null) => (x === null ? '—' : fmt(x, 2));

/** Balance table rows and the love plot (null when the design has no balance to show). */
export function balanceView(result: AnalysisResult, t: Translate) {
  if (!result.balance || result.suppressed) return null;
  const label = (c: string) => (c === 'baseline' ? t('evaluation.results.balance.baseline') : c);
  const rows = result.balance.map((b) => ({ ...b, covariate: label(b.covariate) }));
  const matched = result.design === 'matched' || result.design === 'matched-did';
  const desc = rows
    .map((r) =>
      t('evaluation.results.balance.describe', {
        covariate: r.covariate,
        before: smd(r.smdBefore),
        after: smd(r.smdAfter),
      }),
    )
    .join(' ');
  return {
    matched,
    achieved: result.balanceAchieved,
    rows: rows.map((r) => [
      { text: r.covariate },
      { text: smd(r.smdBefore), format: 'numeric' },
      { text: smd(r.smdAfter), format: 'numeric' },
      { text: r.varianceRatioAfter === null ? '—' : fmt(r.varianceRatioAfter, 2), format: 'numeric' },
    ]),
    svg: matched
      ? lovePlotSvg(rows, {
          title: t('evaluation.results.balance.plotTitle'),
          desc,
          before: t('evaluation.results.balance.before'),
          after: t('evaluation.results.balance.after'),
          axis: t('evaluation.results.balance.axis'),
        })
      : null,
  };
}

/**
 * The event study of a DiD on more than two survey waves: the chart, its data table, a text summary and the
 * pre-trend check in plain English. Null without one, or when the figures are suppressed.
 */
export function eventStudyView(result: AnalysisResult, t: Translate) {
  const es = result.eventStudy;
  if (!es || result.suppressed) return null;
  const reference = es.periods.find((p) => p.reference)?.label ?? '';
  const k = 'evaluation.results.eventStudy';
  const exact = result.scale === 'share' ? (x: number) => x * 100 : (x: number) => x;
  // Wave names are stored text (written in English), marked with their language for the chart and the summary.
  const wave = (label: string) => storedMarked(label, t);
  const lines = es.periods.map((p) =>
    p.reference
      ? t(`${k}.describeReference`, { wave: wave(p.label) })
      : t(`${k}.describe`, {
          wave: wave(p.label),
          estimate: points(result, p.estimate),
          low: points(result, p.ciLow),
          high: points(result, p.ciHigh),
        }),
  );
  const p = es.preTrend ? (es.preTrend.pValue < 0.001 ? '< 0.001' : es.preTrend.pValue.toFixed(3)) : '';
  return {
    /** The unit of the differences, for the table's heading. */
    unit: t(`evaluation.results.units.${result.scale}`),
    reference,
    svg: eventStudySvg(
      es.periods.map((q) => ({ ...q, estimate: exact(q.estimate), ciLow: exact(q.ciLow), ciHigh: exact(q.ciHigh) })),
      {
        title: t(`${k}.plotTitle`, {
          reference: wave(reference),
          units: t(`evaluation.results.units.${result.scale}`),
        }),
        desc: lines.join(' '),
        start: t(`${k}.start`),
        // Wave names are stored text, written in English.
        ...(langOf(t) === 'en' ? {} : { labelLang: 'en' }),
      },
    ),
    rows: es.periods.map((q) => ({
      label: q.label,
      when: t(q.reference ? `${k}.reference` : q.post ? `${k}.after` : `${k}.before`),
      estimate: q.reference ? '0' : points(result, q.estimate),
      interval: q.reference
        ? '—'
        : `${points(result, q.ciLow)} ${t('evaluation.results.to')} ${points(result, q.ciHigh)}`,
    })),
    summary: unmarked(lines.join(' ')),
    summaryHtml: xmlTitle(lines.join(' ')),
    preTrend: es.preTrend
      ? t(es.preTrend.passed ? `${k}.preTrendPassed` : `${k}.preTrendFailed`, { reference, p })
      : t(`${k}.noPreTrend`),
    preTrendPassed: es.preTrend ? es.preTrend.passed : null,
  };
}

export function evidenceView(result: AnalysisResult, t: Translate) {
  return {
    sms: result.evidence.sms,
    nesta: result.evidence.nesta,
    smsText: t(`evaluation.evidence.sms${result.evidence.sms}`),
    nestaText: t(`evaluation.evidence.nesta${result.evidence.nesta}`),
    reasons: result.evidence.reasons.map((k) => t(k)),
  };
}

/** The power calculation for the plan: the MDE for the planned sample sizes, or null if inputs are missing. */
export function planPower(e: Pick<EvaluationRow, 'design' | 'outcome_code' | 'plan'>): MdeResult | null {
  const p: Plan = e.plan;
  const item = outcomeItem(e.outcome_code);
  if (!item || !p.nTreated) return null;
  const clusters = p.icc !== undefined && p.clusterSize !== undefined ? { icc: p.icc, clusterSize: p.clusterSize } : {};
  try {
    if (e.design === 'pre-post') {
      const sd = item.scale === 'share' ? Math.sqrt((p.baseline ?? 0.5) * (1 - (p.baseline ?? 0.5))) : p.sd;
      return sd ? mdePrePost({ sd, n: p.nTreated, correlation: p.correlation, ...clusters }) : null;
    }
    if (!p.nControl) return null;
    if (item.scale === 'share' && e.design !== 'did' && e.design !== 'matched-did')
      return p.baseline
        ? mdeProportion({ baseline: p.baseline, nTreated: p.nTreated, nControl: p.nControl, ...clusters })
        : null;
    const sd = item.scale === 'share' ? Math.sqrt((p.baseline ?? 0.5) * (1 - (p.baseline ?? 0.5))) : p.sd;
    if (!sd) return null;
    return e.design === 'did' || e.design === 'matched-did'
      ? mdeDid({ sd, nTreated: p.nTreated, nControl: p.nControl, correlation: p.correlation, ...clusters })
      : mdeMean({ sd, nTreated: p.nTreated, nControl: p.nControl, ...clusters });
  } catch {
    return null;
  }
}

export function powerSentence(e: Pick<EvaluationRow, 'design' | 'outcome_code' | 'plan'>, t: Translate): string | null {
  const r = planPower(e);
  const item = outcomeItem(e.outcome_code);
  if (!r || !item) return null;
  return t(`evaluation.plan.mde.${item.scale}`, {
    mde: points(item, r.mde),
    deff: r.designEffect.toFixed(2),
  });
}
