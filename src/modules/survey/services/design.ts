/**
 * The statistics shared by weighting, results and publication: margins as raking inputs over the
 * respondents who answered every weighting question, a wave's survey design (weighted with calibrated
 * SEs, or unweighted), and the headline estimate of a question overall and by domain.
 */
import {
  calibrationFromMargins,
  estimateIndicator,
  estimateMeanByDomain,
  prepareDesign,
  type Estimate,
  type RakeMargin,
  type SurveyDesign,
} from '../../../stats/survey/index.ts';
import { DomainError } from '../../../kernel/errors.ts';
import type { Answers, MarginRow, Question, ResponseRow, WaveRow } from '../model.ts';
import { categoryOf, parseVariable, type VariablePart } from '../questions.ts';
import * as marginsRepo from '../repository/margins.ts';
import * as responsesRepo from '../repository/responses.ts';
import * as wavesRepo from '../repository/waves.ts';
import type { SurveyContext } from './context.ts';

export interface RakingInputs {
  margins: RakeMargin[];
  /** Indexes into `responses` of the respondents who answered every weighting question. */
  included: number[];
  excluded: number;
  responses: ResponseRow[];
}

/** A respondent's category of a (possibly crossed) margin variable; null when a part is missing or excluded. */
export function keyOf(byCode: ReadonlyMap<string, Question>, answers: Answers, parts: readonly VariablePart[]) {
  const out: string[] = [];
  for (const p of parts) {
    const q = byCode.get(p.code);
    const c = q ? categoryOf(q, answers[p.code], p.grouped) : null;
    if (c === null) return null;
    out.push(c);
  }
  return out.join('*');
}

/** Margins as raking inputs over the respondents who answered every weighting question. */
export function rakingInputs(rows: MarginRow[], questions: Question[], responses: ResponseRow[]): RakingInputs {
  const byCode = new Map(questions.map((q) => [q.code, q]));
  const specs = [...new Set(rows.map((r) => r.variable))].map((v) => {
    const cats = rows.filter((r) => r.variable === v);
    return {
      name: v,
      parts: parseVariable(v) ?? [],
      categories: cats.map((c) => c.category),
      targets: cats.map((c) => c.population),
    };
  });
  const keys = responses.map((r) => specs.map((s) => keyOf(byCode, r.answers, s.parts)));
  const included: number[] = [];
  keys.forEach((k, i) => {
    if (k.every((c) => c !== null)) included.push(i);
  });
  const margins: RakeMargin[] = specs.map((s, m) => {
    const index = new Map(s.categories.map((c, i) => [c, i]));
    const codes = new Int32Array(included.length);
    included.forEach((ri, k) => {
      const key = keys[ri][m] ?? '';
      const c = index.get(key);
      if (c === undefined)
        throw new DomainError('survey.weighting.errors.raking', 'run', {
          message: `margin '${s.name}' has no population for the answer '${key}'; add that category to the margin`,
        });
      codes[k] = c;
    });
    return { name: s.name, codes, targets: s.targets, labels: s.categories };
  });
  return { margins, included, excluded: responses.length - included.length, responses };
}

export interface WaveDesign {
  design: SurveyDesign;
  responses: ResponseRow[];
  weighted: boolean;
}

/**
 * The design of a wave: weighted respondents with calibrated SEs when the wave has been weighted,
 * otherwise every completed response with weight 1 (estimates are then unweighted). Null with no responses.
 */
export async function waveDesign(ctx: SurveyContext, wave: WaveRow): Promise<WaveDesign | null> {
  const responses = await responsesRepo.completedResponses(ctx.db, wave.council_id, wave.id);
  const weights = responses.map((r) => r.weight);
  const weighted = wave.weighted_at !== null && weights.some((w) => w !== null);
  if (!weighted) {
    if (!responses.length) return null;
    return { design: prepareDesign({ weights: new Float64Array(responses.length).fill(1) }), responses, weighted };
  }
  const [rows, questions] = await Promise.all([
    marginsRepo.listMargins(ctx.db, wave.council_id, wave.id),
    wavesRepo.waveQuestions(ctx.db, wave.council_id, wave.id),
  ]);
  const { margins, included } = rakingInputs(rows, questions, responses);
  const used = included.map((i) => responses[i]);
  const usedWeights = used.flatMap((r) => (r.weight === null ? [] : [r.weight]));
  if (usedWeights.length !== used.length) {
    // Weights and margins disagree (should not happen: margin changes clear weights). Fall back to simple SEs.
    const rs = responses.filter((r) => r.weight !== null);
    return { design: prepareDesign({ weights: rs.map((r) => r.weight ?? 0) }), responses: rs, weighted };
  }
  return {
    design: prepareDesign({ weights: usedWeights, calibration: calibrationFromMargins(margins) }),
    responses: used,
    weighted,
  };
}

/** Headline estimate of one question, overall (domainOf null) or by domain. */
export function estimate(
  d: Pick<WaveDesign, 'design' | 'responses'>,
  q: Question,
  domainOf: ((a: Answers) => number) | null,
  nDomains: number,
  minN: number,
): Estimate[] {
  const y = new Float64Array(d.responses.length);
  const positive = new Set(q.options.filter((o) => o.positive).map((o) => o.code));
  const excluded = new Set(q.options.filter((o) => o.excluded).map((o) => o.code));
  d.responses.forEach((r, i) => {
    const v = r.answers[q.code];
    if (v === undefined) y[i] = NaN;
    else if (q.kind === 'scale') y[i] = typeof v === 'number' ? v : Number(v);
    else if (excluded.has(String(v))) y[i] = NaN;
    else y[i] = positive.has(String(v)) ? 1 : 0;
  });
  const domains = domainOf ? Int32Array.from(d.responses, (r) => domainOf(r.answers)) : null;
  if (q.kind === 'scale')
    return estimateMeanByDomain(d.design, y, domains ?? new Int32Array(d.responses.length), domains ? nDomains : 1, {
      minN,
    });
  return estimateIndicator(d.design, y, domains, domains ? nDomains : 1, { minN });
}

/** Estimates by the council's wards (by the wave's ward question), in the order of `wards`. */
export function byWard(
  d: WaveDesign,
  q: Question,
  questions: readonly Question[],
  wards: readonly { code: string }[],
  minN: number,
): Estimate[] | null {
  const wardQ = questions.find((x) => x.kind === 'area');
  if (!wardQ || !wards.length) return null;
  const idx = new Map(wards.map((w, i) => [w.code, i]));
  return estimate(d, q, (a) => idx.get(String(a[wardQ.code])) ?? -1, wards.length, minN);
}
