/**
 * Results of a wave: the headline estimate of a question for the council, by ward and by group, the change
 * from the previous wave when the wording is the same, and a benchmark; downloads are recorded in the audit
 * log. Every estimate from fewer than the wave's minimum base is suppressed.
 */
import type { Language } from '../../../i18n/index.ts';
import { translate } from '../../../i18n/index.ts';
import type { Actor, Council } from '../../../kernel/actor.ts';
import { DomainError } from '../../../kernel/errors.ts';
import {
  compareWaves,
  compareWithBenchmark,
  type BenchmarkComparison,
  type Estimate,
  type WaveChange,
} from '../../../stats/survey/index.ts';
import type { BenchmarkRow, Question, WaveRow, Ward } from '../model.ts';
import {
  breakdownQuestions,
  categoryOf,
  headlineQuestions,
  optionLabel,
  participantCode,
  sameWording,
} from '../questions.ts';
import * as responsesRepo from '../repository/responses.ts';
import * as marginsRepo from '../repository/margins.ts';
import * as wavesRepo from '../repository/waves.ts';
import { audit, wardsOf, type SurveyContext } from './context.ts';
import { byWard, estimate, waveDesign, type WaveDesign } from './design.ts';

/** One respondent's answer as a number, with their ward and weight (see ResultsService.respondents). */
export interface RespondentValue {
  value: number;
  ward: string | null;
  weight: number;
}

export interface EstimateRow {
  code: string;
  label: string;
  estimate: Estimate;
}

export interface WaveComparison {
  previous: WaveRow;
  comparable: boolean;
  overall: WaveChange | null;
  previousOverall: Estimate | null;
  wards: Map<string, WaveChange | null>;
}

export interface QuestionResults {
  question: Question;
  measure: 'proportion' | 'mean';
  overall: Estimate;
  wards: EstimateRow[];
  groups: EstimateRow[];
  groupBy: string | null;
  change: WaveComparison | null;
  benchmark: { value: number; label: string; comparison: BenchmarkComparison | null } | null;
}

export class ResultsService {
  constructor(private readonly ctx: SurveyContext) {}

  /** Everything the results page shows for one headline question; null when it has no results. */
  async results(
    council: Council,
    wave: WaveRow,
    questionCode: string,
    groupBy: string | null,
    lang: Language = 'en',
  ): Promise<QuestionResults | null> {
    const questions = await wavesRepo.waveQuestions(this.ctx.db, council.id, wave.id);
    const q = headlineQuestions(questions).find((x) => x.code === questionCode);
    if (!q) return null;
    const d = await waveDesign(this.ctx, wave);
    if (!d) return null;
    const wards = await wardsOf(this.ctx, council);
    const [overall] = estimate(d, q, null, 1, wave.min_n);
    const wardEstimates = byWard(d, q, questions, wards, wave.min_n);
    const wardRows = wardEstimates
      ? wards.map((w, i) => ({ code: w.code, label: w.name, estimate: wardEstimates[i] }))
      : [];
    const gq = groupBy
      ? breakdownQuestions(questions).find((x) => x.code === groupBy.replace(/:group$/, ''))
      : undefined;
    const groups = gq && groupBy ? this.groups(d, q, gq, groupBy.endsWith(':group'), wave.min_n, lang) : [];
    const bm = (await marginsRepo.listBenchmarks(this.ctx.db, council.id, wave.id)).find(
      (b) => b.question_code === q.code,
    );
    return {
      question: q,
      measure: q.kind === 'scale' ? 'mean' : 'proportion',
      overall,
      wards: wardRows,
      groups,
      groupBy: gq ? groupBy : null,
      change: await this.change(council, wave, q, overall, wardRows, wards),
      benchmark: bm ? { value: bm.value, label: bm.label, comparison: compareWithBenchmark(overall, bm.value) } : null,
    };
  }

  /** The same results for a download, recorded in the audit log (who downloaded which question). */
  async download(
    actor: Actor,
    wave: WaveRow,
    questionCode: string,
    groupBy: string | null,
    format: 'csv' | 'json',
    lang: Language = 'en',
  ) {
    const results = await this.results(actor.council, wave, questionCode, groupBy, lang);
    if (!results) return null;
    const detail = { question: questionCode, format };
    await audit(
      this.ctx,
      this.ctx.db,
      actor,
      'survey.results_downloaded',
      { type: 'survey_wave', id: wave.id },
      detail,
    );
    return results;
  }

  /**
   * Each respondent's answer to one headline question as a number (1/0 for the positive answer of a choice
   * question, the score of a scale; excluded and missing answers left out), with their ward and weight (the
   * raking weight once the wave is weighted, otherwise 1): the microdata an evaluation's
   * difference-in-differences uses. Null when the wave or the question is unknown.
   */
  async respondents(council: Council, waveId: string, questionCode: string): Promise<RespondentValue[] | null> {
    const wave = await wavesRepo.findWave(this.ctx.db, council.id, waveId);
    if (!wave) return null;
    const questions = await wavesRepo.waveQuestions(this.ctx.db, council.id, wave.id);
    const q = headlineQuestions(questions).find((x) => x.code === questionCode);
    const wardQ = questions.find((x) => x.kind === 'area');
    if (!q) return null;
    const d = await waveDesign(this.ctx, wave);
    if (!d) return [];
    const positive = new Set(q.options.filter((o) => o.positive).map((o) => o.code));
    const excluded = new Set(q.options.filter((o) => o.excluded).map((o) => o.code));
    const weights = d.design.weights;
    return d.responses.flatMap((r, i) => {
      const v = r.answers[q.code];
      if (v === undefined || v === '' || (q.kind !== 'scale' && excluded.has(String(v)))) return [];
      const value = q.kind === 'scale' ? Number(v) : positive.has(String(v)) ? 1 : 0;
      if (!Number.isFinite(value)) return [];
      const ward = wardQ ? r.answers[wardQ.code] : undefined;
      return [{ value, ward: ward === undefined ? null : String(ward), weight: weights[i] }];
    });
  }

  /**
   * For a programme's participant questionnaire: each completed response's participant code (the wave's code
   * question, normalised) with its answer to one headline question as a number, as `respondents` gives it
   * (null when missing or excluded). Responses without a code are left out. Null when the wave is unknown or
   * does not ask both questions.
   */
  async participantAnswers(
    council: Council,
    waveId: string,
    questionCode: string,
  ): Promise<{ code: string; value: number | null }[] | null> {
    const wave = await wavesRepo.findWave(this.ctx.db, council.id, waveId);
    if (!wave) return null;
    const questions = await wavesRepo.waveQuestions(this.ctx.db, council.id, wave.id);
    const q = headlineQuestions(questions).find((x) => x.code === questionCode);
    const codeQ = questions.find((x) => x.kind === 'code');
    if (!q || !codeQ) return null;
    const positive = new Set(q.options.filter((o) => o.positive).map((o) => o.code));
    const excluded = new Set(q.options.filter((o) => o.excluded).map((o) => o.code));
    return (await responsesRepo.completedResponses(this.ctx.db, council.id, wave.id)).flatMap((r) => {
      const code = participantCode(String(r.answers[codeQ.code] ?? ''));
      if (!code) return [];
      const v = r.answers[q.code];
      const missing = v === undefined || v === '' || (q.kind !== 'scale' && excluded.has(String(v)));
      const value = missing ? null : q.kind === 'scale' ? Number(v) : positive.has(String(v)) ? 1 : 0;
      return [{ code, value: value !== null && Number.isFinite(value) ? value : null }];
    });
  }

  /** Ward boundaries for the results map (wards without a boundary are left out). */
  wardFeatures(results: Pick<QuestionResults, 'wards'>) {
    return this.ctx.geography.features(
      results.wards.map((w) => ({ code: w.code, name: w.label, level: 'ward' as const })),
    );
  }

  benchmarks(council: Council, waveId: string): Promise<BenchmarkRow[]> {
    return marginsRepo.listBenchmarks(this.ctx.db, council.id, waveId);
  }

  /** A benchmark for a headline question: a percentage for proportions, a score for scales. */
  async setBenchmark(actor: Actor, wave: WaveRow, code: string, value: number, label: string): Promise<void> {
    const questions = await wavesRepo.waveQuestions(this.ctx.db, actor.council.id, wave.id);
    const q = headlineQuestions(questions).find((x) => x.code === code);
    if (!q) throw new DomainError('survey.results.errors.unknownQuestion', 'benchmarkQuestion');
    if (q.kind === 'choice' && (value < 0 || value > 100))
      throw new DomainError('survey.results.errors.percent', 'benchmarkValue');
    if (q.kind === 'scale' && (value < (q.scale_min ?? 0) || value > (q.scale_max ?? 10)))
      throw new DomainError('survey.results.errors.scaleValue', 'benchmarkValue');
    await this.ctx.db.transaction(async (tx) => {
      const stored = q.kind === 'choice' ? value / 100 : value;
      await marginsRepo.upsertBenchmark(tx, actor.council.id, wave.id, code, stored, label);
      await audit(
        this.ctx,
        tx,
        actor,
        'survey.benchmark_set',
        { type: 'survey_wave', id: wave.id },
        { question: code },
      );
    });
  }

  /** Estimates by the answers (or broad groups) of a demographic question. */
  private groups(d: WaveDesign, q: Question, gq: Question, grouped: boolean, minN: number, lang: Language) {
    const cats = grouped
      ? [...new Set(gq.options.flatMap((o) => (!o.excluded && o.group ? [o.group] : [])))]
      : gq.options.filter((o) => !o.excluded).map((o) => o.code);
    const idx = new Map(cats.map((c, i) => [c, i]));
    const est = estimate(d, q, (a) => idx.get(categoryOf(gq, a[gq.code], grouped) ?? '') ?? -1, cats.length, minN);
    return cats.map((c, i) => ({
      code: c,
      label: grouped ? translate(lang, `survey.groups.${c}`) : optionLabel(gq, c, lang),
      estimate: est[i],
    }));
  }

  /** Wave-on-wave change, computed only when the previous wave asked the question the same way. */
  private async change(
    council: Council,
    wave: WaveRow,
    q: Question,
    overall: Estimate,
    wardRows: EstimateRow[],
    wards: Ward[],
  ): Promise<WaveComparison | null> {
    const previous = await wavesRepo.previousWave(this.ctx.db, council.id, wave);
    if (!previous) return null;
    const prevQs = await wavesRepo.waveQuestions(this.ctx.db, council.id, previous.id);
    const pq = prevQs.find((x) => x.code === q.code);
    if (!pq) return null;
    const comparable = sameWording(pq, q);
    const out: WaveComparison = { previous, comparable, overall: null, previousOverall: null, wards: new Map() };
    const pd = comparable ? await waveDesign(this.ctx, previous) : null;
    if (!pd) return out;
    [out.previousOverall] = estimate(pd, pq, null, 1, previous.min_n);
    out.overall = compareWaves(out.previousOverall, overall);
    const pe = wardRows.length ? byWard(pd, pq, prevQs, wards, previous.min_n) : null;
    if (pe) wardRows.forEach((w, i) => out.wards.set(w.code, compareWaves(pe[i], w.estimate)));
    return out;
  }
}
