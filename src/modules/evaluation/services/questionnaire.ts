/**
 * Participant questionnaires collected online: built from the survey question bank through the survey module's
 * public services (a survey with a "before" and an "after" online wave), answered on the survey's public journey
 * with a participant code, and brought in as the evaluation's participants, paired by code.
 *
 * Creating one is a single transaction that the survey's services join: a failure at any step leaves no survey
 * behind, and asking again (a retry, a resubmitted form, a double click) gives the same questionnaire.
 */
import { createHash } from 'node:crypto';
import type { Queryable } from '../../../db/index.ts';
import type { Actor, Council } from '../../../kernel/actor.ts';
import { DomainError } from '../../../kernel/errors.ts';
import { OUTCOME_ITEMS, evaluationReference, type EvaluationRow, type ParticipantInput, type Plan } from '../model.ts';
import * as repo from '../repository/evaluations.ts';
import { audit, ensureAllowed, type EvaluationDeps } from './context.ts';

/**
 * The items a participant questionnaire asks after the participant code: belonging, trust, mixing and the four
 * ONS personal well-being questions (the evaluation's outcome among them), each its own question in the survey
 * bank (reported item by item, never combined).
 */
export const QUESTIONNAIRE_ITEMS = OUTCOME_ITEMS.map((o) => o.code);
const CODE_QUESTION = 'participant_code';
const DAY = 86_400_000;
const SURVEY_NAME_MAX = 200;
const DUPLICATE_SURVEY = 'survey.surveys.errors.duplicate';

/** A participant's pseudonym in the evaluation's data: a hash of the code, never the code itself. */
export function participantPseudonym(evaluationId: string, code: string): string {
  return `P-${createHash('sha256').update(`${evaluationId}:${code}`).digest('hex').slice(0, 16)}`;
}

/**
 * The questionnaire survey's name: the evaluation's title and its reference, so two evaluations with the same
 * title get two surveys (the survey module refuses a council's duplicate names). A long title is shortened so
 * the reference always shows.
 */
export function questionnaireSurveyName(title: string, reference: string): string {
  const prefix = 'Participant questionnaire: ';
  const suffix = ` (${reference})`;
  const room = SURVEY_NAME_MAX - prefix.length - suffix.length;
  return `${prefix}${[...title].slice(0, room).join('').trim()}${suffix}`;
}

export type ParticipantWaves = NonNullable<Plan['participantWaves']>;

export interface QuestionnaireCreated extends ParticipantWaves {
  /** false when the evaluation already had its questionnaire (a retry or a second click): nothing was made. */
  created: boolean;
}

export interface QuestionnaireImport {
  paired: number;
  onlyBefore: number;
  onlyAfter: number;
  /** Codes that answered a wave more than once: the last answer counts. */
  repeated: number;
}

function checkCanHaveQuestionnaire(e: Pick<EvaluationRow, 'status' | 'design'>): void {
  if (e.status === 'concluded') throw new DomainError('evaluation.errors.concluded', 'questionnaire');
  if (e.design === 'did') throw new DomainError('evaluation.questionnaire.errors.design', 'questionnaire');
}

export class QuestionnaireService {
  constructor(private readonly deps: EvaluationDeps) {}

  /**
   * Creates the questionnaire: the participant code and the outcome items; the "before" wave opens now. All or
   * nothing, in one transaction; the evaluation's row is locked while it runs, so a second request waits and then
   * finds the questionnaire the first one made. Asking again returns the evaluation's questionnaire unchanged.
   */
  async create(actor: Actor, evaluationId: string): Promise<QuestionnaireCreated> {
    ensureAllowed(actor, 'evaluation.manage');
    const council = actor.council;
    const e = await repo.byId(this.deps.db, council.id, evaluationId);
    if (!e) throw new DomainError('errors.notFound');
    checkCanHaveQuestionnaire(e);
    if (e.plan.participantWaves) return { ...e.plan.participantWaves, created: false };
    // The bank is brought up to date in its own transaction, before ours (the survey's rule for joined calls).
    await this.deps.survey.bank.ensure();
    const ids = await this.questionIds(council);
    return this.deps.db.transaction(async (tx) => {
      const locked = await repo.lockById(tx, council.id, evaluationId);
      if (!locked) throw new DomainError('errors.notFound');
      checkCanHaveQuestionnaire(locked);
      if (locked.plan.participantWaves) return { ...locked.plan.participantWaves, created: false };
      const waves = this.deps.survey.waves;
      const surveyId = await this.createSurvey(tx, actor, locked);
      const now = this.deps.clock();
      const day = (n: number) => new Date(now.getTime() + n * DAY).toISOString().slice(0, 10);
      const wave = (name: string, ends: number) =>
        waves.createWave(
          actor,
          surveyId,
          {
            name,
            period: day(0).slice(0, 4),
            startsOn: day(0),
            endsOn: day(ends),
            targetPopulation: 'Programme participants',
            mode: 'online',
          },
          tx,
        );
      const before = await wave('Before the programme', 90);
      const after = await wave('After the programme', 730);
      for (const w of [before, after]) await waves.setQuestionnaire(actor, w, ids, tx);
      await waves.setStatus(actor, before, 'open', tx);
      const made: ParticipantWaves = { surveyId, before, after };
      await repo.setParticipantWaves(tx, council.id, evaluationId, made);
      await audit(this.deps, tx, actor, 'evaluation.questionnaire_created', evaluationId, { survey: surveyId });
      return { ...made, created: true };
    });
  }

  /** Closes the "before" wave and opens the "after" one, together. */
  async openAfter(actor: Actor, evaluationId: string): Promise<void> {
    ensureAllowed(actor, 'evaluation.manage');
    const waves = await this.waves(actor, evaluationId);
    await this.deps.db.transaction(async (tx) => {
      await this.deps.survey.waves.setStatus(actor, waves.before, 'closed', tx);
      await this.deps.survey.waves.setStatus(actor, waves.after, 'open', tx);
    });
  }

  /**
   * Brings in the answers: each code's answer to the outcome before and after becomes one participant (under a
   * pseudonym), replacing the participants imported earlier; a comparison group imported from a file is kept.
   * Bringing them in twice gives the same participants.
   */
  async importAnswers(actor: Actor, evaluationId: string): Promise<QuestionnaireImport> {
    ensureAllowed(actor, 'evaluation.manage');
    const e = await repo.byId(this.deps.db, actor.council.id, evaluationId);
    if (!e) throw new DomainError('errors.notFound');
    if (e.status === 'concluded') throw new DomainError('evaluation.errors.concluded', 'questionnaire');
    const waves = await this.waves(actor, evaluationId);
    const [pre, post] = await Promise.all(
      [waves.before, waves.after].map((w) =>
        this.deps.survey.results.participantAnswers(actor.council, w, e.outcome_code),
      ),
    );
    if (!pre || !post) throw new DomainError('evaluation.questionnaire.errors.question', 'questionnaire');
    let repeated = 0;
    const byCode = new Map<string, { pre: number | null; post: number | null }>();
    for (const [answers, when] of [
      [pre, 'pre'],
      [post, 'post'],
    ] as const) {
      const seen = new Set<string>();
      for (const a of answers) {
        if (seen.has(a.code)) repeated++;
        seen.add(a.code);
        const row = byCode.get(a.code) ?? { pre: null, post: null };
        row[when] = a.value;
        byCode.set(a.code, row);
      }
    }
    if (!byCode.size) throw new DomainError('evaluation.questionnaire.errors.none', 'questionnaire');
    const rows: ParticipantInput[] = [...byCode].map(([code, r], i) => ({
      externalId: participantPseudonym(evaluationId, code),
      line: i + 2,
      treated: true,
      wardCode: null,
      pre: r.pre,
      post: r.post,
      covariates: {},
    }));
    const outcome: QuestionnaireImport = {
      paired: rows.filter((r) => r.pre !== null && r.post !== null).length,
      onlyBefore: rows.filter((r) => r.pre !== null && r.post === null).length,
      onlyAfter: rows.filter((r) => r.pre === null && r.post !== null).length,
      repeated,
    };
    await this.deps.db.transaction(async (tx) => {
      // Locked so that two requests at once replace the participants one after the other.
      const locked = await repo.lockById(tx, actor.council.id, evaluationId);
      if (!locked) throw new DomainError('errors.notFound');
      if (locked.status === 'concluded') throw new DomainError('evaluation.errors.concluded', 'questionnaire');
      const comparison = (await repo.participants(tx, actor.council.id, evaluationId))
        .filter((p) => !p.treated)
        .map((p, i): ParticipantInput => ({
          externalId: p.external_id,
          line: rows.length + i + 2,
          treated: false,
          wardCode: p.ward_code,
          pre: p.pre,
          post: p.post,
          covariates: p.covariates,
        }));
      await repo.replaceParticipants(tx, actor.council.id, evaluationId, [...rows, ...comparison]);
      await repo.setResult(tx, actor.council.id, evaluationId, null);
      await audit(this.deps, tx, actor, 'evaluation.questionnaire_imported', evaluationId, { ...outcome });
    });
    return outcome;
  }

  /** The questionnaire's waves as the survey module has them (name, status, public address), or null. */
  async status(council: Council, e: Pick<EvaluationRow, 'plan'>) {
    const p = e.plan.participantWaves;
    if (!p) return null;
    const [before, after] = await Promise.all([p.before, p.after].map((w) => this.deps.survey.waves.wave(council, w)));
    if (!before || !after) return null;
    return { surveyId: p.surveyId, surveyName: before.survey_name, before, after };
  }

  /** The bank's ids of the questions asked: the participant code first, then the outcome items. */
  private async questionIds(council: Council): Promise<string[]> {
    const bank = await this.deps.survey.bank.list(council);
    const byCode = new Map(bank.filter((q) => q.council_id === null).map((q) => [q.code, q.id]));
    const codes = [CODE_QUESTION, ...QUESTIONNAIRE_ITEMS];
    const ids = codes.flatMap((c) => byCode.get(c) ?? []);
    if (ids.length !== codes.length) throw new DomainError('evaluation.questionnaire.errors.bank', 'questionnaire');
    return ids;
  }

  /**
   * The questionnaire's survey, named after the evaluation with its reference. Should a survey already have that
   * name (the council named one so itself), the evaluation's full id is used instead; the survey module refuses a
   * duplicate before writing anything, so the transaction goes on.
   */
  private async createSurvey(tx: Queryable, actor: Actor, e: Pick<EvaluationRow, 'id' | 'title'>): Promise<string> {
    const description =
      'Answered by programme participants before and after, with their participant code (evaluation).';
    const create = (reference: string) =>
      this.deps.survey.waves.createSurvey(actor, questionnaireSurveyName(e.title, reference), description, tx);
    try {
      return await create(evaluationReference(e.id));
    } catch (err) {
      if (!(err instanceof DomainError) || err.key !== DUPLICATE_SURVEY) throw err;
      return create(e.id);
    }
  }

  private async waves(actor: Actor, evaluationId: string) {
    const e = await repo.byId(this.deps.db, actor.council.id, evaluationId);
    if (!e) throw new DomainError('errors.notFound');
    const p = e.plan.participantWaves;
    if (!p) throw new DomainError('evaluation.questionnaire.errors.missing', 'questionnaire');
    return p;
  }
}
