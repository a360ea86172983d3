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
      const [pre, post, preWave, postWave] = await Promise.all([
        this.deps.survey.results.respondents(council, preWaveId, item.code),
        this.deps.survey.results.respondents(council, postWaveId, item.code),
        this.deps.survey.waves.wave(council, preWaveId),
        this.deps.survey.waves.wave(council, postWaveId),
      ]);
      if (!pre || !post || !preWave || !postWave)
        throw new DomainError('evaluation.analysis.errors.question', 'analyse');
      const points: SurveyPoint[] = [];
      for (const [rows, isPost] of [
        [pre, false],
        [post, true],
      ] as const)
        for (const r of rows)
          if (r.ward !== null) points.push({ value: r.value, ward: r.ward, weight: r.weight, post: isPost });
      const minN = Math.max(preWave.min_n, postWave.min_n);
      result = analyseSurveyDid(item, points, wards, minN, `${preWave.name} → ${postWave.name}`, declared);
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
