/**
 * The anonymous online survey: an open wave found by its public id, one draft per browser held by a random
 * cookie token (only its SHA-256 is stored), answers saved one at a time, "save and come back later" with a
 * resume code (hash stored; a new code replaces the old), and completion exactly once. Writes take the
 * resident's actor (`publicActor(council)`); no personal data is asked for and nothing here is audited.
 */
import type { Actor, Council } from '../../../kernel/actor.ts';
import { DomainError } from '../../../kernel/errors.ts';
import { hashToken, newToken } from '../../../lib/tokens.ts';
import { contactsSpec, decodeContacts, encodeContacts, type ContactAnswer } from '../contacts.ts';
import type { Answers, PublicWaveRow, Question, ResponseRow, Ward } from '../model.ts';
import { newResumeCode, normaliseResumeCode, validateAnswer } from '../questions.ts';
import * as repo from '../repository/responses.ts';
import * as wavesRepo from '../repository/waves.ts';
import { today, wardsOf, type SurveyContext } from './context.ts';

/** An open online wave, with the council that runs it. */
export interface OpenWave extends PublicWaveRow {
  council: Council;
  council_name: string;
}

/** What the respondent is asked: the wave's questions, and the council's wards for the ward question. */
export interface Questionnaire {
  questions: Question[];
  wards: Ward[];
}

const TOKEN = /^[A-Za-z0-9_-]{40,100}$/;

/** The first question without an answer, starting after `from` and then from the top; null when all are answered. */
export function nextUnanswered(questions: readonly Question[], answers: Answers, from = -1): Question | null {
  const open = (q: Question) => answers[q.code] === undefined;
  return questions.slice(from + 1).find(open) ?? questions.find(open) ?? null;
}

export class RespondingService {
  constructor(private readonly ctx: SurveyContext) {}

  /** An open online wave by its public id, or null (unknown, not online, not open, or past its last day). */
  async openWave(waveId: string, on = today(this.ctx)): Promise<OpenWave | null> {
    const w = await wavesRepo.findPublicWave(this.ctx.db, waveId);
    if (!w || w.status !== 'open' || w.mode !== 'online' || w.ends_on < on) return null;
    const council = await this.ctx.councils.byId(w.council_id);
    if (!council) return null;
    return { ...w, council, council_name: council.name };
  }

  /** The questions of an open wave, and the wards when a question asks for one. */
  async questionnaire(wave: OpenWave): Promise<Questionnaire> {
    const questions = await wavesRepo.waveQuestions(this.ctx.db, wave.council_id, wave.id);
    const wards = questions.some((q) => q.kind === 'area') ? await wardsOf(this.ctx, wave.council) : [];
    return { questions, wards };
  }

  /** The draft held by this browser's cookie token, if any. */
  async draft(wave: OpenWave, token: string | undefined): Promise<ResponseRow | null> {
    if (!token || !TOKEN.test(token)) return null;
    return (await repo.findDraftByToken(this.ctx.db, wave.council_id, wave.id, hashToken(token))) ?? null;
  }

  /** Starts a draft and returns the cookie token for it. */
  async start(actor: Actor, wave: OpenWave): Promise<string> {
    const token = newToken();
    await repo.insertDraft(this.ctx.db, councilOf(actor, wave), wave.id, hashToken(token));
    return token;
  }

  /** Validates and stores one answer; a DomainError on `answer` when it is not one of the choices. */
  async answer(actor: Actor, wave: OpenWave, draft: ResponseRow, question: Question, raw: unknown, wards: Ward[]) {
    const value = validateAnswer(question, raw, wards);
    if (value === null)
      throw new DomainError(
        question.kind === 'scale'
          ? 'survey.answer.errors.scale'
          : question.kind === 'code'
            ? 'survey.answer.errors.code'
            : 'survey.answer.errors.choose',
        'answer',
      );
    await repo.saveAnswer(this.ctx.db, councilOf(actor, wave), draft.id, question.code, value);
    return { ...draft.answers, [question.code]: value };
  }

  /**
   * Stores a name-generator answer: the people named, as relationship and background codes only (the
   * respondent's labels for them are never passed here). Naming nobody is an answer (an empty list).
   */
  async answerContacts(
    actor: Actor,
    wave: OpenWave,
    draft: ResponseRow,
    question: Question,
    contacts: readonly ContactAnswer[],
  ) {
    if (question.kind !== 'contacts') throw new DomainError('survey.answer.errors.choose', 'answer');
    const value = encodeContacts(contacts.slice(0, contactsSpec(question).max));
    if (decodeContacts(question, value)?.length !== Math.min(contacts.length, contactsSpec(question).max))
      throw new DomainError('survey.contacts.errors.invalid', 'answer');
    await repo.saveAnswer(this.ctx.db, councilOf(actor, wave), draft.id, question.code, value);
    return { ...draft.answers, [question.code]: value };
  }

  /** A new resume code for a draft (any earlier code stops working). */
  async saveForLater(actor: Actor, wave: OpenWave, draft: ResponseRow): Promise<string> {
    const code = newResumeCode();
    if (!(await repo.setResume(this.ctx.db, councilOf(actor, wave), draft.id, hashToken(code))))
      throw new DomainError('errors.notFound');
    return code;
  }

  /**
   * Finds a draft by its resume code and gives it a fresh cookie token (the old browser's token stops
   * working). An unknown code is a DomainError on `code`.
   */
  async resume(actor: Actor, wave: OpenWave, code: string): Promise<{ token: string; draft: ResponseRow }> {
    const norm = normaliseResumeCode(code);
    const councilId = councilOf(actor, wave);
    const draft =
      norm.length === 12 ? await repo.findDraftByResume(this.ctx.db, councilId, wave.id, hashToken(norm)) : undefined;
    if (!draft) throw new DomainError('survey.public.resume.errors.notFound', 'code');
    const token = newToken();
    await repo.setToken(this.ctx.db, councilId, draft.id, hashToken(token));
    return { token, draft };
  }

  /** Completes the draft. Idempotent: a second submit changes nothing and reports false. */
  submit(actor: Actor, wave: OpenWave, draft: ResponseRow): Promise<boolean> {
    return repo.completeDraft(this.ctx.db, councilOf(actor, wave), draft.id);
  }
}

/** The council the change is for: the actor's, which must run the wave. */
function councilOf(actor: Actor, wave: OpenWave): string {
  if (actor.council.id !== wave.council_id) throw new DomainError('errors.notFound');
  return actor.council.id;
}
