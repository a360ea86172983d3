/** Surveys and their waves: creating them, choosing a wave's questions, opening and closing it. */
import type { Queryable } from '../../../db/index.ts';
import type { Actor, Council } from '../../../kernel/actor.ts';
import { DomainError } from '../../../kernel/errors.ts';
import type { Question, WaveInput, WaveRow, WaveStatus } from '../model.ts';
import { sameWording } from '../questions.ts';
import * as bankRepo from '../repository/bank.ts';
import * as repo from '../repository/waves.ts';
import type { BankService } from './bank.ts';
import { audit, inTransaction, today, type SurveyContext } from './context.ts';

export interface Comparability {
  previous: WaveRow | null;
  changed: { code: string; before: string; after: string }[];
}

/**
 * Surveys and waves. The writes another module uses (`createSurvey`, `createWave`, `setQuestionnaire`,
 * `setStatus`) take an optional `callerTx`: given one, they read and write in the caller's transaction, so the
 * caller's change and the survey records it makes commit or roll back together. A caller that passes one
 * brings the question bank up to date first (`bank.ensure()`, which runs its own transaction).
 */
export class WavesService {
  constructor(
    private readonly ctx: SurveyContext,
    private readonly bank: BankService,
  ) {}

  surveys(council: Council) {
    return repo.listSurveys(this.ctx.db, council.id);
  }

  survey(council: Council, id: string) {
    return repo.findSurvey(this.ctx.db, council.id, id);
  }

  /**
   * Adds a survey. A name the council already uses is refused with `survey.surveys.errors.duplicate` before
   * anything is written (no statement fails, so a caller's transaction may go on and try another name).
   */
  async createSurvey(actor: Actor, name: string, description: string, callerTx?: Queryable): Promise<string> {
    return inTransaction(this.ctx, callerTx, async (tx) => {
      const id = await repo.insertSurvey(tx, actor.council.id, name, description);
      if (!id) throw new DomainError('survey.surveys.errors.duplicate', 'name');
      await audit(this.ctx, tx, actor, 'survey.created', { type: 'survey', id });
      return id;
    });
  }

  waves(council: Council, surveyId: string) {
    return repo.listWaves(this.ctx.db, council.id, surveyId);
  }

  wave(council: Council, id: string) {
    return repo.findWave(this.ctx.db, council.id, id);
  }

  /**
   * Creates a wave. Its questionnaire starts as the previous wave's questions at their latest
   * versions, or the core built-in questions for a first wave.
   */
  async createWave(actor: Actor, surveyId: string, input: WaveInput, callerTx?: Queryable): Promise<string> {
    const councilId = actor.council.id;
    if (!callerTx) await this.bank.ensure();
    const db = callerTx ?? this.ctx.db;
    const survey = await repo.findSurvey(db, councilId, surveyId);
    if (!survey) throw new DomainError('errors.notFound');
    const existing = await repo.listWaves(db, councilId, surveyId);
    const bank = await bankRepo.listBank(db, councilId);
    let versionIds: string[];
    if (existing.length) {
      const codes = (await repo.waveQuestions(db, councilId, existing[0].id)).map((q) => q.code);
      versionIds = codes.flatMap((c) => bank.find((b) => b.code === c)?.version_id ?? []);
    } else {
      // Every built-in question but the participant code, which only programme questionnaires ask.
      versionIds = bank.filter((b) => b.council_id === null && b.kind !== 'code').map((b) => b.version_id);
    }
    return inTransaction(this.ctx, callerTx, async (tx) => {
      const id = await repo.insertWave(tx, councilId, surveyId, input);
      if (!id) throw new DomainError('survey.waves.errors.duplicate', 'name');
      await repo.setWaveQuestions(tx, councilId, id, versionIds);
      const target = { type: 'survey_wave', id };
      await audit(this.ctx, tx, actor, 'survey.wave_created', target, { questions: versionIds.length });
      return id;
    });
  }

  /** The exact question versions a wave asks, in order. */
  questionnaire(council: Pick<Council, 'id'>, waveId: string): Promise<Question[]> {
    return repo.waveQuestions(this.ctx.db, council.id, waveId);
  }

  /**
   * Comparability with the previous wave: questions asked in both whose wording, hint or answers
   * differ (results are then not comparable), by question code.
   */
  async comparability(council: Council, wave: WaveRow): Promise<Comparability> {
    const previous = await repo.previousWave(this.ctx.db, council.id, wave);
    if (!previous) return { previous: null, changed: [] };
    const [now, before] = await Promise.all([
      this.questionnaire(council, wave.id),
      this.questionnaire(council, previous.id),
    ]);
    const changed = [];
    for (const q of now) {
      const p = before.find((b) => b.code === q.code);
      if (p && !sameWording(p, q)) changed.push({ code: q.code, before: p.wording, after: q.wording });
    }
    return { previous, changed };
  }

  /** Sets the questionnaire of a wave without responses from the chosen question ids (a participant code first, then as the bank). */
  async setQuestionnaire(actor: Actor, waveId: string, questionIds: string[], callerTx?: Queryable): Promise<void> {
    const councilId = actor.council.id;
    const db = callerTx ?? this.ctx.db;
    const wave = await repo.findWave(db, councilId, waveId);
    if (!wave) throw new DomainError('errors.notFound');
    if (wave.responses > 0) throw new DomainError('survey.questionnaire.errors.hasResponses', 'questions');
    if (!questionIds.length) throw new DomainError('survey.questionnaire.errors.none', 'questions');
    if (!callerTx) await this.bank.ensure();
    const bank = await bankRepo.listBank(db, councilId);
    const chosen = new Set(questionIds);
    // A participant code (programme questionnaires) is asked first, then the bank's order.
    const picked = bank.filter((b) => chosen.has(b.id));
    const versionIds = [...picked.filter((b) => b.kind === 'code'), ...picked.filter((b) => b.kind !== 'code')].map(
      (b) => b.version_id,
    );
    if (versionIds.length !== chosen.size) throw new DomainError('survey.questionnaire.errors.unknown', 'questions');
    await inTransaction(this.ctx, callerTx, async (tx) => {
      await repo.setWaveQuestions(tx, councilId, waveId, versionIds);
      const target = { type: 'survey_wave', id: waveId };
      await audit(this.ctx, tx, actor, 'survey.questionnaire_set', target, { questions: versionIds.length });
    });
  }

  /** Opens (online waves with questions only), closes or reopens a wave as a draft. */
  async setStatus(actor: Actor, waveId: string, status: WaveStatus, callerTx?: Queryable): Promise<void> {
    const councilId = actor.council.id;
    const db = callerTx ?? this.ctx.db;
    const wave = await repo.findWave(db, councilId, waveId);
    if (!wave) throw new DomainError('errors.notFound');
    if (status === 'open' && wave.mode !== 'online') throw new DomainError('survey.waves.errors.notOnline', 'status');
    if (status === 'open' && !(await repo.waveQuestions(db, councilId, waveId)).length)
      throw new DomainError('survey.questionnaire.errors.none', 'status');
    await inTransaction(this.ctx, callerTx, async (tx) => {
      await repo.setWaveStatus(tx, councilId, waveId, status);
      await audit(this.ctx, tx, actor, 'survey.wave_status', { type: 'survey_wave', id: waveId }, { status });
    });
  }

  /** The smallest base an estimate is shown for, on every page, download and indicator value. */
  async setMinN(actor: Actor, waveId: string, minN: number): Promise<void> {
    await this.ctx.db.transaction(async (tx) => {
      if (!(await repo.setMinN(tx, actor.council.id, waveId, minN))) throw new DomainError('errors.notFound');
      await audit(this.ctx, tx, actor, 'survey.min_n_set', { type: 'survey_wave', id: waveId }, { minN });
    });
  }

  /** The public link of a wave, and whether residents can use it today. */
  publicLink(wave: Pick<WaveRow, 'id' | 'status' | 'mode' | 'ends_on'>) {
    return {
      url: `${this.ctx.config.baseUrl}/s/${wave.id}`,
      live: wave.status === 'open' && wave.mode === 'online' && wave.ends_on >= today(this.ctx),
    };
  }
}
