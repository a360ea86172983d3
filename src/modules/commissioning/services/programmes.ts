/**
 * Programmes (a ward-cluster cohesion fund, say), the LGA's commissioning questions for cohesion as a checklist
 * per stage of the cycle with answers and evidence, the LGA self-assessment rating per stage, and the council's
 * 360Giving settings (its registered grant identifier prefix and its own organisation identifier).
 */
import type { Actor, Council } from '../../../kernel/actor.ts';
import { DomainError } from '../../../kernel/errors.ts';
import {
  defaultFunderId,
  defaultPrefix,
  GRANT_PREFIX,
  ORG_ID,
  QUESTIONS,
  STAGES,
  type ProgrammeInput,
  type ProgrammeRow,
  type Rating,
  type Stage,
} from '../model.ts';
import * as repo from '../repository/programmes.ts';
import { audit, checkWards, wardsOf, type CommissioningContext } from './context.ts';

export interface ChecklistStage {
  stage: Stage;
  rating: Rating | null;
  questions: { key: string; answer: string; evidence: string; updatedBy: string | null; updatedAt: Date | null }[];
  answered: number;
}

export interface GivingSettings {
  prefix: string;
  funderIdentifier: string;
  /** Whether the council saved its own settings (false: the documented defaults). */
  saved: boolean;
}

const isUniqueViolation = (err: unknown) => (err as { code?: string }).code === '23505';

export class ProgrammesService {
  constructor(private readonly ctx: CommissioningContext) {}

  /** The council's wards (GSS code and name), for pickers and labels. */
  wards(council: Council) {
    return wardsOf(this.ctx, council);
  }

  list(council: Council) {
    return repo.listProgrammes(this.ctx.db, council.id);
  }

  get(council: Council, id: string): Promise<ProgrammeRow | undefined> {
    return repo.findProgramme(this.ctx.db, council.id, id);
  }

  async create(actor: Actor, input: ProgrammeInput): Promise<string> {
    await checkWards(this.ctx, actor.council, input.areas, 'areas');
    try {
      return await this.ctx.db.transaction(async (tx) => {
        const id = await repo.insertProgramme(tx, actor.council.id, input);
        await audit(this.ctx, tx, actor, 'commissioning.programme.created', { type: 'programme', id });
        return id;
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw new DomainError('commissioning.programmes.errors.duplicate', 'name');
      throw err;
    }
  }

  async update(actor: Actor, id: string, input: ProgrammeInput): Promise<void> {
    await checkWards(this.ctx, actor.council, input.areas, 'areas');
    try {
      await this.ctx.db.transaction(async (tx) => {
        if (!(await repo.updateProgramme(tx, actor.council.id, id, input))) throw new DomainError('errors.notFound');
        await audit(this.ctx, tx, actor, 'commissioning.programme.updated', { type: 'programme', id });
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw new DomainError('commissioning.programmes.errors.duplicate', 'name');
      throw err;
    }
  }

  /** The checklist of every stage with the programme's answers and ratings. */
  async checklist(council: Council, programmeId: string): Promise<ChecklistStage[]> {
    const [answers, ratings] = await Promise.all([
      repo.answers(this.ctx.db, council.id, programmeId),
      repo.ratings(this.ctx.db, council.id, programmeId),
    ]);
    const byKey = new Map(answers.map((a) => [a.question, a]));
    return STAGES.map((stage) => {
      const questions = QUESTIONS[stage].map((key) => {
        const a = byKey.get(key);
        return {
          key,
          answer: a?.answer ?? '',
          evidence: a?.evidence ?? '',
          updatedBy: a?.updated_by_name ?? null,
          updatedAt: a?.updated_at ?? null,
        };
      });
      return {
        stage,
        rating: ratings.find((r) => r.stage === stage)?.rating ?? null,
        questions,
        answered: questions.filter((q) => q.answer.trim() !== '').length,
      };
    });
  }

  /** Saves one stage's answers, evidence and rating (null: not rated) in one transaction. */
  async saveStage(
    actor: Actor,
    programmeId: string,
    stage: Stage,
    answers: Record<string, { answer: string; evidence: string }>,
    rating: Rating | null,
  ) {
    const councilId = actor.council.id;
    await this.ctx.db.transaction(async (tx) => {
      if (!(await repo.findProgramme(tx, councilId, programmeId))) throw new DomainError('errors.notFound');
      for (const key of QUESTIONS[stage]) {
        const a = answers[key] ?? { answer: '', evidence: '' };
        await repo.upsertAnswer(tx, councilId, programmeId, { question: key, ...a, userId: actor.userId });
      }
      if (rating) await repo.setRating(tx, councilId, programmeId, stage, rating);
      else await repo.clearRating(tx, councilId, programmeId, stage);
      await audit(
        this.ctx,
        tx,
        actor,
        'commissioning.checklist.saved',
        { type: 'programme', id: programmeId },
        { stage },
      );
    });
  }

  async settings(council: Council): Promise<GivingSettings> {
    const row = await repo.settings(this.ctx.db, council.id);
    if (row) return { prefix: row.grant_prefix, funderIdentifier: row.funder_identifier, saved: true };
    const prefix = defaultPrefix(council.slug);
    return { prefix, funderIdentifier: defaultFunderId(prefix), saved: false };
  }

  async saveSettings(actor: Actor, prefix: string, funderIdentifier: string) {
    if (!GRANT_PREFIX.test(prefix)) throw new DomainError('commissioning.settings.errors.prefix', 'prefix');
    if (!ORG_ID.test(funderIdentifier))
      throw new DomainError('commissioning.settings.errors.funderIdentifier', 'funderIdentifier');
    await this.ctx.db.transaction(async (tx) => {
      await repo.saveSettings(tx, actor.council.id, { grant_prefix: prefix, funder_identifier: funderIdentifier });
      await audit(this.ctx, tx, actor, 'commissioning.settings.saved', { type: 'council', id: actor.council.id });
    });
  }
}
