/**
 * Weighting: population margins (from census counts for the council's wards, or typed in), and raking the
 * completed responses to them. Changing margins or importing responses clears the weights.
 */
import type { Queryable } from '../../../db/index.ts';
import type { Language } from '../../../i18n/index.ts';
import { translate } from '../../../i18n/index.ts';
import type { Actor, Council } from '../../../kernel/actor.ts';
import { DomainError } from '../../../kernel/errors.ts';
import { SurveyError, rake, weightDiagnostics } from '../../../stats/survey/index.ts';
import type { MarginRow, Question, WaveRow, Ward, WeightingRecord } from '../model.ts';
import { optionLabel, parseVariable } from '../questions.ts';
import * as repo from '../repository/margins.ts';
import * as responsesRepo from '../repository/responses.ts';
import * as wavesRepo from '../repository/waves.ts';
import { audit, wardsOf, type SurveyContext } from './context.ts';
import { keyOf, rakingInputs } from './design.ts';
import { parseMargins } from './margins-text.ts';

export interface RakeOptions {
  maxIterations: number;
  epsilon: number;
  trim: { low: number; high: number } | null;
}

/** A margin's category with a readable label and how many respondents fall in it. */
export interface CategoryCoverage {
  label: string;
  respondents: number;
}

const sum = (a: readonly number[]) => a.reduce((s, v) => s + v, 0);

export class WeightingService {
  constructor(private readonly ctx: SurveyContext) {}

  margins(council: Council, waveId: string): Promise<MarginRow[]> {
    return repo.listMargins(this.ctx.db, council.id, waveId);
  }

  /**
   * For each margin: how many completed responses fall in each category, and a readable label for it
   * (ward name, answer wording or broad group), so analysts can compare the sample with the population.
   */
  async coverage(council: Council, wave: WaveRow, lang: Language = 'en') {
    const [rows, questions, responses, wards] = await Promise.all([
      repo.listMargins(this.ctx.db, council.id, wave.id),
      wavesRepo.waveQuestions(this.ctx.db, council.id, wave.id),
      responsesRepo.completedResponses(this.ctx.db, council.id, wave.id),
      wardsOf(this.ctx, council),
    ]);
    const byCode = new Map(questions.map((q) => [q.code, q]));
    const wardName = new Map(wards.map((w) => [w.code, w.name]));
    const out = new Map<string, Map<string, CategoryCoverage>>();
    for (const variable of new Set(rows.map((r) => r.variable))) {
      const parts = parseVariable(variable) ?? [];
      const counts = new Map<string, number>();
      for (const r of responses) {
        const key = keyOf(byCode, r.answers, parts);
        if (key !== null) counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      const m = new Map<string, CategoryCoverage>();
      for (const r of rows.filter((x) => x.variable === variable)) {
        const label = r.category
          .split('*')
          .map((c, i) => {
            const p = parts[i];
            const q = p ? byCode.get(p.code) : undefined;
            if (!p || !q) return c;
            if (q.kind === 'area') return wardName.get(c) ?? c;
            if (p.grouped) return translate(lang, `survey.groups.${c}`);
            return q.kind === 'choice' ? optionLabel(q, c, lang) : c;
          })
          .join(' × ');
        m.set(r.category, { label, respondents: counts.get(r.category) ?? 0 });
      }
      out.set(variable, m);
    }
    return out;
  }

  /** Census datasets with counts for any of the council's wards (for margins from imported census counts). */
  async censusDatasets(council: Council): Promise<{ code: string; name: string; period: string }[]> {
    const wards = await wardsOf(this.ctx, council);
    const found = await Promise.all(wards.map((w) => this.ctx.geography.datasetsFor(council, w.code)));
    const byCode = new Map(found.flat().map((d) => [d.code, { code: d.code, name: d.name, period: d.period }]));
    return [...byCode.values()].sort((a, b) => b.period.localeCompare(a.period) || a.name.localeCompare(b.name));
  }

  /**
   * Builds a margin from imported census counts for the council's wards: either population by ward
   * (the sum of the dataset's categories in each ward) or the council-wide counts of a question's
   * categories (its option codes, or their broad groups, must be the dataset's categories).
   */
  async fromCensus(actor: Actor, wave: WaveRow, dataset: string, variable: string): Promise<number> {
    const wards = await wardsOf(this.ctx, actor.council);
    const meta = await this.ctx.geography.dataset(actor.council, dataset);
    if (!meta || !wards.length) throw new DomainError('survey.weighting.errors.noDataset', 'dataset');
    const counts = await this.ctx.geography.populationFor(
      dataset,
      wards.map((w) => w.code),
    );
    if (!counts.length) throw new DomainError('survey.weighting.errors.noDataset', 'dataset');
    const questions = await wavesRepo.waveQuestions(this.ctx.db, actor.council.id, wave.id);
    const parts = parseVariable(variable);
    const q = parts?.length === 1 ? questions.find((x) => x.code === parts[0].code) : undefined;
    if (!parts || !q) throw new DomainError('survey.weighting.errors.variableNotAsked', 'variable', { variable });
    const rows =
      q.kind === 'area'
        ? wardMargin(wards, counts)
        : questionMargin(
            q,
            parts[0].grouped,
            meta.categories,
            meta.categories.map((_, i) => sum(counts.map((c) => c.counts[i] ?? 0))),
          );
    await this.ctx.db.transaction(async (tx) => {
      await repo.replaceMargin(tx, actor.council.id, wave.id, variable, rows, `${meta.name} (${meta.period})`);
      await this.marginsChanged(tx, actor, wave.id, { variable, categories: rows.length, from: 'census' });
    });
    return rows.length;
  }

  /** Margins typed or pasted as CSV `variable,category,population`; every bad line is reported. */
  async fromText(actor: Actor, wave: WaveRow, text: string) {
    const [questions, wards] = await Promise.all([
      wavesRepo.waveQuestions(this.ctx.db, actor.council.id, wave.id),
      wardsOf(this.ctx, actor.council),
    ]);
    const { problems, byVariable } = await parseMargins(text, questions, wards);
    if (problems.length) return { ok: false as const, problems };
    await this.ctx.db.transaction(async (tx) => {
      for (const [variable, m] of byVariable) {
        const rows = [...m].map(([category, population]) => ({ category, population }));
        await repo.replaceMargin(tx, actor.council.id, wave.id, variable, rows, 'entered by hand');
      }
      await this.marginsChanged(tx, actor, wave.id, { variables: byVariable.size, from: 'manual' });
    });
    return { ok: true as const, variables: byVariable.size };
  }

  async remove(actor: Actor, wave: WaveRow, variable: string): Promise<void> {
    await this.ctx.db.transaction(async (tx) => {
      if (await repo.deleteMargin(tx, actor.council.id, wave.id, variable))
        await this.marginsChanged(tx, actor, wave.id, { variable }, 'survey.margins_removed');
    });
  }

  /** New margins make old weights wrong: they are cleared, and results are unweighted until the next run. */
  private async marginsChanged(
    tx: Queryable,
    actor: Actor,
    waveId: string,
    detail: Record<string, string | number>,
    action = 'survey.margins_set',
  ) {
    await wavesRepo.markMarginsChanged(tx, actor.council.id, waveId);
    await responsesRepo.setWeights(tx, actor.council.id, waveId, [], []);
    await wavesRepo.setWeighting(tx, actor.council.id, waveId, null);
    await audit(this.ctx, tx, actor, action, { type: 'survey_wave', id: waveId }, detail);
  }

  /**
   * Rakes the completed responses to the wave's margins. Respondents who did not answer a weighting
   * question are left out (their weight stays empty). Problems (margins that do not match the answers,
   * raking that does not converge) become a DomainError with the library's explanation.
   */
  async run(actor: Actor, wave: WaveRow, opts: RakeOptions): Promise<WeightingRecord> {
    const councilId = actor.council.id;
    const [rows, questions, responses] = await Promise.all([
      repo.listMargins(this.ctx.db, councilId, wave.id),
      wavesRepo.waveQuestions(this.ctx.db, councilId, wave.id),
      responsesRepo.completedResponses(this.ctx.db, councilId, wave.id),
    ]);
    const { margins, included, excluded } = rakingInputs(rows, questions, responses);
    if (!margins.length) throw new DomainError('survey.weighting.errors.noMargins', 'run');
    if (!included.length) throw new DomainError('survey.weighting.errors.noRespondents', 'run');
    let result;
    try {
      result = rake(margins, {
        maxIterations: opts.maxIterations,
        epsilon: opts.epsilon,
        trim: opts.trim ? { low: opts.trim.low, high: opts.trim.high, mode: 'mean' } : undefined,
      });
    } catch (err) {
      if (err instanceof SurveyError)
        throw new DomainError('survey.weighting.errors.raking', 'run', { message: err.message });
      throw err;
    }
    const d = weightDiagnostics(result.weights);
    const trim =
      result.trim && opts.trim ? { ...opts.trim, satisfied: result.trim.satisfied, rounds: result.trim.rounds } : null;
    const record: WeightingRecord = {
      iterations: result.iterations,
      maxError: result.maxError,
      epsilon: opts.epsilon,
      maxIterations: opts.maxIterations,
      trim,
      rescaledMargins: result.rescaledMargins,
      n: included.length,
      excluded,
      deff: d.deff,
      ess: d.ess,
      min: d.min,
      max: d.max,
      mean: d.mean,
      populationTotal: result.populationTotal,
      margins: margins.map((m) => m.name),
    };
    await this.ctx.db.transaction(async (tx) => {
      const ids = included.map((i) => responses[i].id);
      await responsesRepo.setWeights(tx, councilId, wave.id, ids, Array.from(result.weights));
      await wavesRepo.setWeighting(tx, councilId, wave.id, record);
      const detail = { n: included.length, iterations: result.iterations };
      await audit(this.ctx, tx, actor, 'survey.weighted', { type: 'survey_wave', id: wave.id }, detail);
    });
    return record;
  }
}

/** Population by ward: the sum of the dataset's categories in each ward; every ward must have counts. */
function wardMargin(wards: readonly Ward[], counts: readonly { area_code: string; counts: number[] }[]) {
  const missing = wards.find((w) => !counts.some((c) => c.area_code === w.code));
  if (missing) throw new DomainError('survey.weighting.errors.wardMissing', 'dataset', { ward: missing.name });
  return counts.map((c) => ({ category: c.area_code, population: sum(c.counts) }));
}

/** Council-wide counts of a question's answers (or broad groups): each dataset category must be one of them. */
function questionMargin(q: Question, grouped: boolean, categories: readonly string[], totals: readonly number[]) {
  const acc = new Map<string, number>();
  for (const [i, cat] of categories.entries()) {
    const opt = q.options.find((o) => o.code === cat);
    const key = opt && !opt.excluded ? (grouped ? opt.group : opt.code) : undefined;
    if (!key)
      throw new DomainError('survey.weighting.errors.categoryNotOption', 'variable', {
        category: cat,
        question: q.code,
      });
    acc.set(key, (acc.get(key) ?? 0) + totals[i]);
  }
  const uncovered = q.options.find((o) => !o.excluded && !acc.has(grouped ? (o.group ?? '') : o.code));
  if (uncovered)
    throw new DomainError('survey.weighting.errors.optionNotInDataset', 'variable', { option: uncovered.label });
  return [...acc].map(([category, population]) => ({ category, population }));
}
