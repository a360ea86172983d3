/** Running an evaluation's analysis (stored with its evidence label) and concluding it. */
import type { Actor } from '../../../kernel/actor.ts';
import { DomainError } from '../../../kernel/errors.ts';
import { DEFAULT_MIN_N } from '../../../stats/suppression.ts';
import { analyseParticipants, analyseSurveyDid, type SurveyPoint } from '../analysis.ts';
import { outcomeItem, type AnalysisResult } from '../model.ts';
import * as repo from '../repository/evaluations.ts';
import { audit, ensureAllowed, type EvaluationDeps } from './context.ts';

export class AnalysisService {
  constructor(private readonly deps: EvaluationDeps) {}

  /** Computes the estimate and evidence label from the evaluation's data and stores them (audited). */
  async run(actor: Actor, evaluationId: string): Promise<AnalysisResult> {
    ensureAllowed(actor, 'evaluation.manage');
    const council = actor.council;
    const e = await repo.byId(this.deps.db, council.id, evaluationId);
    if (!e) throw new DomainError('errors.notFound');
    if (e.status === 'concluded') throw new DomainError('evaluation.errors.concluded', 'analyse');
    const item = outcomeItem(e.outcome_code);
    if (!item) throw new DomainError('evaluation.errors.outcome', 'analyse');
    const declared = { independentReplication: e.plan.independentReplication === true };
    let result: AnalysisResult;
    if (e.design === 'did') {
      const { preWaveId, postWaveId } = e.plan;
      const wards = new Set(e.plan.wardCodes ?? []);
      if (!preWaveId || !postWaveId) throw new DomainError('evaluation.analysis.errors.waves', 'analyse');
      if (!wards.size) throw new DomainError('evaluation.analysis.errors.wards', 'analyse');
      const ids = [preWaveId, postWaveId, ...(e.plan.extraWaveIds ?? [])];
      const found = await Promise.all(
        ids.map(async (id) => ({
          wave: await this.deps.survey.waves.wave(council, id),
          rows: await this.deps.survey.results.respondents(council, id, item.code),
        })),
      );
      const waves = found.flatMap((f) => (f.wave && f.rows ? [{ wave: f.wave, rows: f.rows }] : []));
      if (waves.length !== ids.length) throw new DomainError('evaluation.analysis.errors.question', 'analyse');
      // In time order: the pre wave is the reference; every wave must be before it or after the post wave.
      const start = (i: number) => waves[i].wave.starts_on;
      if (!(start(0) < start(1))) throw new DomainError('evaluation.analysis.errors.waveOrder', 'analyse');
      for (let i = 2; i < waves.length; i++)
        if (!(start(i) < start(0) || start(i) > start(1)))
          throw new DomainError('evaluation.analysis.errors.waveBetween', 'analyse', { wave: waves[i].wave.name });
      const order = waves.map((_, i) => i).sort((a, b) => (start(a) < start(b) ? -1 : start(a) > start(b) ? 1 : 0));
      const periodOf = new Map(order.map((w, k) => [w, k]));
      const reference = periodOf.get(0) ?? 0;
      const points: SurveyPoint[] = [];
      waves.forEach(({ rows }, w) => {
        const period = periodOf.get(w) ?? 0;
        for (const r of rows)
          if (r.ward !== null)
            points.push({ value: r.value, ward: r.ward, weight: r.weight, post: period > reference, period });
      });
      const minN = Math.max(...waves.map((w) => w.wave.min_n));
      const source = order.map((w) => waves[w].wave.name).join(' → ');
      result = analyseSurveyDid(item, points, wards, minN, source, {
        ...declared,
        waves: { labels: order.map((w) => waves[w].wave.name), reference, headline: periodOf.get(1) ?? 1 },
      });
    } else {
      const rows = await repo.participants(this.deps.db, council.id, evaluationId);
      if (!rows.length) throw new DomainError('evaluation.analysis.errors.noData', 'analyse');
      result = analyseParticipants(e.design, item, rows, DEFAULT_MIN_N, declared);
    }
    await this.deps.db.transaction(async (tx) => {
      await repo.setResult(tx, council.id, evaluationId, result);
      await audit(this.deps, tx, actor, 'evaluation.analysed', evaluationId, {
        design: result.design,
        sms: result.evidence.sms,
        nesta: result.evidence.nesta,
      });
    });
    return result;
  }

  /** Marks an analysed evaluation concluded (it then appears in the cabinet report for the period). */
  async conclude(actor: Actor, evaluationId: string): Promise<void> {
    ensureAllowed(actor, 'evaluation.manage');
    const e = await repo.byId(this.deps.db, actor.council.id, evaluationId);
    if (!e) throw new DomainError('errors.notFound');
    if (!e.result) throw new DomainError('evaluation.errors.notAnalysed', 'conclude');
    if (e.status === 'concluded') return;
    await this.deps.db.transaction(async (tx) => {
      await repo.setStatus(tx, actor.council.id, evaluationId, 'concluded', this.deps.clock());
      await audit(this.deps, tx, actor, 'evaluation.concluded', evaluationId);
    });
  }
}
