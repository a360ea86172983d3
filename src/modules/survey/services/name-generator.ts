/**
 * Name-generator answers for the networks module (through this module's public services): which waves asked a
 * name-generator question, and their completed answers as respondents and the people they named. Only codes
 * leave: the relationship answer, the backgrounds the respondent saw, and the respondent's own background from
 * the same wave's demographic questions (ethnic group by broad group, age band); the response id is handed over
 * only to be hashed under the network study's key. Nothing a respondent typed as a label is ever stored.
 */
import type { Council } from '../../../kernel/actor.ts';
import { contactsSpec, decodeContacts, respondentBackground } from '../contacts.ts';
import * as responsesRepo from '../repository/responses.ts';
import * as wavesRepo from '../repository/waves.ts';
import type { SurveyContext } from './context.ts';

export interface NameGeneratorSource {
  readonly waveId: string;
  readonly waveName: string;
  readonly surveyName: string;
  readonly questionCode: string;
  readonly wording: string;
  /** Completed responses of the wave. */
  readonly completed: number;
}

export interface NameGeneratorRespondent {
  /** The response's id: the caller keys a hash with it and must not store it. */
  readonly respondent: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly contacts: readonly {
    readonly relationship: string | null;
    readonly attributes: Readonly<Record<string, string>>;
  }[];
}

export class NameGeneratorService {
  constructor(private readonly ctx: SurveyContext) {}

  /** Waves of the council that asked a name-generator question. */
  async sources(council: Pick<Council, 'id'>): Promise<NameGeneratorSource[]> {
    const rows = await wavesRepo.nameGeneratorWaves(this.ctx.db, council.id);
    return rows.map((r) => ({
      waveId: r.wave_id,
      waveName: r.wave_name,
      surveyName: r.survey_name,
      questionCode: r.code,
      wording: r.wording,
      completed: r.completed,
    }));
  }

  /**
   * The completed answers to one name-generator question of a wave; null when the wave is not the council's or
   * did not ask it. `attributes` lists the background attributes the question asked about.
   */
  async answers(
    council: Pick<Council, 'id'>,
    waveId: string,
    questionCode: string,
  ): Promise<{ respondents: NameGeneratorRespondent[]; attributes: string[] } | null> {
    const questions = await wavesRepo.waveQuestions(this.ctx.db, council.id, waveId);
    const q = questions.find((x) => x.code === questionCode && x.kind === 'contacts');
    if (!q) return null;
    const spec = contactsSpec(q);
    const label = new Map(spec.relationships.map((o) => [o.code, o.label]));
    const attributes = spec.backgrounds.map((b) => b.attribute);
    const responses = await responsesRepo.completedResponses(this.ctx.db, council.id, waveId);
    const respondents: NameGeneratorRespondent[] = [];
    for (const r of responses) {
      const contacts = decodeContacts(q, r.answers[q.code]);
      if (contacts === null) continue;
      respondents.push({
        respondent: r.id,
        attributes: respondentBackground(questions, r.answers, attributes),
        contacts: contacts.map((c) => ({ relationship: label.get(c.relationship) ?? null, attributes: c.background })),
      });
    }
    return { respondents, attributes };
  }
}
