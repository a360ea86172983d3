/**
 * Publication: every headline estimate of a wave (council-wide, by ward, and council-wide by each
 * demographic answer) written as values of the council's `survey.<code>` indicators through insight's
 * IndicatorsApi, in the same transaction as the wave's "published" mark and its audit entry.
 */
import { translate } from '../../../i18n/index.ts';
import type { Actor } from '../../../kernel/actor.ts';
import { DomainError } from '../../../kernel/errors.ts';
import type { Estimate } from '../../../stats/survey/index.ts';
import type { CouncilIndicatorDefinition, IndicatorValueInput } from '../../insight/index.ts';
import { BUILT_IN_BY_CODE } from '../bank.ts';
import type { Question, WaveRow } from '../model.ts';
import { breakdownQuestions, categoryOf, headlineQuestions, indicatorCode } from '../questions.ts';
import * as wavesRepo from '../repository/waves.ts';
import { audit, wardsOf, type SurveyContext } from './context.ts';
import { byWard, estimate, waveDesign } from './design.ts';

const BREAKDOWNS = ['age_band', 'sex', 'ethnic_group', 'religion', 'disability'];

/**
 * Which direction is better: the built-in question's, else for a council's own choice question the one its
 * positive answers define (the indicator is the share answering positively, so higher is better); a council's
 * own scale has no defined direction.
 */
export function directionOf(q: Question): boolean | null {
  const builtIn = BUILT_IN_BY_CODE.get(q.code)?.higherIsBetter;
  if (builtIn !== undefined) return builtIn;
  return q.kind === 'choice' && q.options.some((o) => o.positive) ? true : null;
}

/**
 * The council indicator for a question version. A re-worded question (version 2 on) gets its own
 * indicator, so trends in area profiles never join figures from different wordings.
 */
export function indicatorFor(q: Question): CouncilIndicatorDefinition {
  const name = q.catalogue_key ? translate('en', `${q.catalogue_key}.headline`) : q.wording;
  return {
    code: indicatorCode(q),
    name: name.slice(0, 200),
    framework: 'survey',
    domain: q.section === 'own' ? 'council_survey' : q.section,
    unit: q.kind === 'scale' ? 'mean' : 'proportion',
    higherIsBetter: directionOf(q),
    source: q.source,
    geographyLevel: 'ward',
    breakdowns: BREAKDOWNS,
    description: `Residents' survey question: ${q.wording}`,
  };
}

/** An estimate as an indicator value; a suppressed cell has no value and no interval. */
function valueOf(wave: WaveRow, areaCode: string, e: Estimate, groupCode = 'all'): IndicatorValueInput {
  return {
    areaCode,
    period: wave.period,
    groupCode,
    value: e.suppressed || e.estimate === null ? null : e.estimate,
    numerator: null,
    denominator: e.n,
    ciLow: e.suppressed ? null : e.ciLow,
    ciHigh: e.suppressed ? null : e.ciHigh,
    suppressed: e.suppressed,
  };
}

export class PublicationService {
  constructor(private readonly ctx: SurveyContext) {}

  /** Publishes the wave's headline estimates as indicator values; returns how many values were written. */
  async publish(actor: Actor, wave: WaveRow): Promise<number> {
    const council = actor.council;
    const areaCode = council.areaCode;
    if (wave.council_id !== council.id) throw new DomainError('errors.notFound');
    const d = await waveDesign(this.ctx, wave);
    if (!d || !areaCode) throw new DomainError('survey.results.errors.nothingToPublish', 'publish');
    const [questions, wards] = await Promise.all([
      wavesRepo.waveQuestions(this.ctx.db, council.id, wave.id),
      wardsOf(this.ctx, council),
    ]);
    const source = `Residents' survey: ${wave.survey_name}, ${wave.name}${d.weighted ? ' (weighted)' : ' (unweighted)'}`;
    const valuesOf = (q: Question) => {
      const [overall] = estimate(d, q, null, 1, wave.min_n);
      const values = [valueOf(wave, areaCode, overall)];
      const est = byWard(d, q, questions, wards, wave.min_n);
      if (est) wards.forEach((w, i) => values.push(valueOf(wave, w.code, est[i])));
      for (const gq of breakdownQuestions(questions)) {
        const cats = gq.options.filter((o) => !o.excluded).map((o) => o.code);
        const idx = new Map(cats.map((c, i) => [c, i]));
        const ge = estimate(
          d,
          q,
          (a) => idx.get(categoryOf(gq, a[gq.code], false) ?? '') ?? -1,
          cats.length,
          wave.min_n,
        );
        cats.forEach((c, i) => values.push(valueOf(wave, areaCode, ge[i], `${gq.code}:${c}`)));
      }
      return values;
    };
    return this.ctx.db.transaction(async (tx) => {
      let written = 0;
      for (const q of headlineQuestions(questions)) {
        const indicatorId = await this.ctx.indicators.ensure(tx, council.id, indicatorFor(q));
        written += await this.ctx.indicators.publish(tx, council.id, indicatorId, valuesOf(q), source);
      }
      await wavesRepo.markPublished(tx, council.id, wave.id);
      await audit(this.ctx, tx, actor, 'survey.published', { type: 'survey_wave', id: wave.id }, { values: written });
      return written;
    });
  }
}
