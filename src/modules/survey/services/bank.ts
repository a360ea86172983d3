/** The question bank: built-in questions (from the catalogue) and each council's own, with their versions. */
import type { Actor, Council } from '../../../kernel/actor.ts';
import { DomainError } from '../../../kernel/errors.ts';
import { BUILT_IN_BY_CODE, BUILT_IN_QUESTIONS } from '../bank.ts';
import type { OwnQuestionInput, Question, VersionInput } from '../model.ts';
import { builtInVersion, ownVersion } from '../questions.ts';
import * as repo from '../repository/bank.ts';
import { audit, type SurveyContext } from './context.ts';

/** JSON with object keys sorted: stored options come back from jsonb with its own key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`)
      .join(',')}}`;
  return JSON.stringify(value);
}

const changed = (latest: Question, v: VersionInput) =>
  latest.wording !== v.wording ||
  latest.hint !== v.hint ||
  canonical(latest.options) !== canonical(v.options) ||
  latest.source !== v.source;

export class BankService {
  constructor(private readonly ctx: SurveyContext) {}

  /**
   * Inserts or updates the built-in questions: a new version whenever the catalogue's wording or answers
   * change. Idempotent; run by the `survey.bank` job at start and hourly, and before any change that uses
   * the bank, so reads never write.
   */
  async ensure(): Promise<void> {
    await this.ctx.db.transaction(async (tx) => {
      let order = 0;
      for (const q of BUILT_IN_QUESTIONS) {
        order += 10;
        const id =
          (await repo.insertQuestion(tx, null, q.code, q.section, order)) ?? (await repo.builtInQuestionId(tx, q.code));
        if (!id) continue;
        const latest = await repo.findQuestionByCode(tx, null, q.code);
        const version = builtInVersion(q);
        if (!latest || changed(latest, version)) await repo.insertVersion(tx, id, version);
      }
    });
  }

  /** The built-in questions and the council's own, each at its latest version, in bank order. */
  list(council: Council): Promise<Question[]> {
    return repo.listBank(this.ctx.db, council.id);
  }

  /** A question the council can see, with every version (newest first); null when there is none. */
  async question(council: Council, id: string) {
    const question = await repo.findQuestion(this.ctx.db, council.id, id);
    if (!question) return null;
    return { question, versions: await repo.questionVersions(this.ctx.db, council.id, id) };
  }

  /** Adds a council's own question (a choice question, or a 0–10 scale). */
  async add(actor: Actor, input: OwnQuestionInput): Promise<string> {
    await this.ensure();
    const version = ownVersion(input);
    return this.ctx.db.transaction(async (tx) => {
      if (BUILT_IN_BY_CODE.has(input.code)) throw new DomainError('survey.questions.errors.codeTaken', 'code');
      const id = await repo.insertQuestion(tx, actor.council.id, input.code, 'own', 5000);
      if (!id) throw new DomainError('survey.questions.errors.codeTaken', 'code');
      await repo.insertVersion(tx, id, version);
      await audit(this.ctx, tx, actor, 'survey.question_added', { type: 'survey_question', id });
      return id;
    });
  }

  /** A new version of a council's own question; waves already built keep the version they asked. */
  async revise(actor: Actor, id: string, input: Omit<OwnQuestionInput, 'code'>): Promise<number> {
    const found = await repo.findQuestion(this.ctx.db, actor.council.id, id);
    if (!found) throw new DomainError('errors.notFound');
    if (found.council_id !== actor.council.id) throw new DomainError('survey.questions.errors.builtInFixed');
    const version = ownVersion({ ...input, code: found.code });
    return this.ctx.db.transaction(async (tx) => {
      const v = await repo.insertVersion(tx, id, version);
      await audit(
        this.ctx,
        tx,
        actor,
        'survey.question_revised',
        { type: 'survey_question', id },
        { version: v.version },
      );
      return v.version;
    });
  }
}
