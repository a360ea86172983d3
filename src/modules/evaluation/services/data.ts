/**
 * Outcome data: participants' (and a comparison group's) answers before and after, imported from a CSV file.
 * Every row is checked and every problem reported with its line; the import is all or nothing, in one
 * transaction that replaces the evaluation's earlier data and clears its analysis.
 *
 * Columns: id, group (participant or comparison), pre, post, optionally ward (a ward code); any other column
 * is a numeric covariate for matching (for example age). Answers are 0 or 1 for a share item (1 = the bank's
 * positive answer) and whole numbers 0–10 for an ONS4 item; an empty answer is missing.
 */
import { CsvReadError, readCsvBuffer } from '../../../lib/csv.ts';
import { hasControlCharacters } from '../../../lib/text.ts';
import { createHash } from 'node:crypto';
import type { Actor, Council } from '../../../kernel/actor.ts';
import { DomainError } from '../../../kernel/errors.ts';
import {
  OUTCOME_ITEMS,
  outcomeItem,
  type EvaluationRow,
  type LineProblem,
  type OutcomeItem,
  type ParticipantInput,
} from '../model.ts';
import * as repo from '../repository/evaluations.ts';
import { audit, ensureAllowed, wardsOf, type EvaluationDeps } from './context.ts';

export const MAX_PARTICIPANT_ROWS = 100_000;
const RESERVED = new Set(['id', 'group', 'pre', 'post', 'ward']);
const GROUPS: Record<string, boolean> = { participant: true, comparison: false };

export type ImportOutcome = { ok: true; rows: number } | { ok: false; problems: LineProblem[] };

function answer(raw: string, item: OutcomeItem): number | null | undefined {
  if (raw === '') return null;
  const v = Number(raw);
  if (item.scale === 'share') return v === 0 || v === 1 ? v : undefined;
  return Number.isInteger(v) && v >= 0 && v <= 10 ? v : undefined;
}

/** Checks every row; returns the rows or every problem with its line. */
export async function parseParticipants(
  content: Uint8Array,
  item: OutcomeItem,
  wardCodes: ReadonlySet<string> | null,
): Promise<{ rows: ParticipantInput[]; problems: LineProblem[] }> {
  const rows: ParticipantInput[] = [];
  const problems: LineProblem[] = [];
  const seen = new Map<string, number>();
  let header: readonly string[] = [];
  const problem = (line: number, key: string, params: Record<string, string | number> = {}) =>
    problems.push({ line, key: `evaluation.data.errors.${key}`, params });
  try {
    for await (const { line, record } of readCsvBuffer(content, {
      trim: true,
      onHeader: (c) => (header = c),
    })) {
      if (rows.length + problems.length === 0) {
        const missing = ['id', 'group', 'post'].filter((c) => !header.includes(c));
        if (missing.length)
          throw new DomainError('evaluation.data.errors.columns', 'file', { columns: missing.join(', ') });
      }
      if (line > MAX_PARTICIPANT_ROWS + 1)
        throw new DomainError('evaluation.data.errors.tooMany', 'file', { max: MAX_PARTICIPANT_ROWS });
      const bad = Object.entries(record).find(([, v]) => hasControlCharacters(v));
      if (bad) {
        problem(line, 'control', { column: bad[0] });
        continue;
      }
      const before = problems.length;
      const id = record.id;
      if (!id) problem(line, 'id');
      else if (id.length > 100) problem(line, 'idLong');
      else if (seen.has(id)) problem(line, 'duplicate', { id, first: seen.get(id) ?? 0 });
      else seen.set(id, line);
      const group = record.group.toLowerCase();
      if (!(group in GROUPS)) problem(line, 'group', { value: record.group.slice(0, 40) });
      const pre = 'pre' in record ? answer(record.pre, item) : null;
      const post = answer(record.post, item);
      const rule = item.scale === 'share' ? 'share' : 'score';
      if (pre === undefined) problem(line, rule, { column: 'pre', value: record.pre.slice(0, 40) });
      if (post === undefined) problem(line, rule, { column: 'post', value: record.post.slice(0, 40) });
      const ward = record.ward ?? '';
      if (ward && wardCodes && wardCodes.size && !wardCodes.has(ward))
        problem(line, 'ward', { value: ward.slice(0, 20) });
      const covariates: Record<string, number> = {};
      for (const [k, v] of Object.entries(record)) {
        if (RESERVED.has(k) || v === '') continue;
        const x = Number(v);
        if (!Number.isFinite(x)) problem(line, 'covariate', { column: k.slice(0, 40), value: v.slice(0, 40) });
        else covariates[k] = x;
      }
      if (problems.length > before) continue;
      rows.push({
        externalId: id,
        line,
        treated: GROUPS[group],
        wardCode: ward || null,
        pre: pre ?? null,
        post: post ?? null,
        covariates,
      });
    }
  } catch (err) {
    if (err instanceof CsvReadError) {
      if (err.code === 'EMPTY' || err.code === 'BAD_HEADER')
        throw new DomainError('evaluation.data.errors.header', 'file');
      problems.push({ line: err.line ?? 0, key: 'evaluation.data.errors.unreadable', params: {} });
      return { rows: [], problems };
    }
    throw err;
  }
  if (!rows.length && !problems.length) throw new DomainError('evaluation.data.errors.empty', 'file');
  return { rows, problems };
}

export class DataService {
  constructor(private readonly deps: EvaluationDeps) {}

  /** Imports the file all or nothing, replacing the evaluation's participants and clearing its analysis. */
  async importParticipants(actor: Actor, evaluationId: string, content: Uint8Array): Promise<ImportOutcome> {
    ensureAllowed(actor, 'evaluation.manage');
    const e = await repo.byId(this.deps.db, actor.council.id, evaluationId);
    if (!e) throw new DomainError('errors.notFound');
    if (e.status === 'concluded') throw new DomainError('evaluation.errors.concluded', 'file');
    const item = outcomeItem(e.outcome_code);
    if (!item) throw new DomainError('evaluation.errors.outcome', 'file');
    if (content.length === 0) throw new DomainError('evaluation.data.errors.empty', 'file');
    const wards = new Set((await wardsOf(this.deps, actor.council.areaCode)).map((w) => w.code));
    const { rows, problems } = await parseParticipants(content, item, wards);
    if (problems.length) return { ok: false, problems };
    await this.deps.db.transaction(async (tx) => {
      await repo.replaceParticipants(tx, actor.council.id, evaluationId, rows);
      await repo.setResult(tx, actor.council.id, evaluationId, null);
      await audit(this.deps, tx, actor, 'evaluation.data_imported', evaluationId, {
        rows: rows.length,
        participants: rows.filter((r) => r.treated).length,
      });
    });
    return { ok: true, rows: rows.length };
  }

  /** Counts by group (for the data page; no individual rows are shown). */
  async summary(actor: Actor, evaluationId: string) {
    const rows = await repo.participants(this.deps.db, actor.council.id, evaluationId);
    const count = (treated: boolean, f: (r: repo.ParticipantRow) => boolean) =>
      rows.filter((r) => r.treated === treated && f(r)).length;
    const covariates = [...new Set(rows.flatMap((r) => Object.keys(r.covariates)))];
    return {
      total: rows.length,
      covariates,
      groups: [true, false].map((treated) => ({
        treated,
        rows: count(treated, () => true),
        pre: count(treated, (r) => r.pre !== null),
        post: count(treated, (r) => r.post !== null),
        both: count(treated, (r) => r.pre !== null && r.post !== null),
      })),
    };
  }
}

/**
 * The items a participant questionnaire asks after the participant code: belonging, trust, mixing and the four
 * ONS personal well-being questions (the evaluation's outcome among them), each its own question in the survey
 * bank (reported item by item, never combined).
 */
export const QUESTIONNAIRE_ITEMS = OUTCOME_ITEMS.map((o) => o.code);
const CODE_QUESTION = 'participant_code';
const DAY = 86_400_000;

/** A participant's pseudonym in the evaluation's data: a hash of the code, never the code itself. */
export function participantPseudonym(evaluationId: string, code: string): string {
  return `P-${createHash('sha256').update(`${evaluationId}:${code}`).digest('hex').slice(0, 16)}`;
}

export interface QuestionnaireImport {
  paired: number;
  onlyBefore: number;
  onlyAfter: number;
  /** Codes that answered a wave more than once: the last answer counts. */
  repeated: number;
}

/**
 * Participant questionnaires collected online: built from the survey question bank through the survey
 * module's public services (a survey with a "before" and an "after" online wave), answered on the survey's
 * public journey with a participant code, and brought in as the evaluation's participants, paired by code.
 */
export class QuestionnaireService {
  constructor(private readonly deps: EvaluationDeps) {}

  /** Creates the questionnaire: the participant code and the outcome items; the "before" wave opens now. */
  async create(actor: Actor, evaluationId: string): Promise<void> {
    ensureAllowed(actor, 'evaluation.manage');
    const e = await repo.byId(this.deps.db, actor.council.id, evaluationId);
    if (!e) throw new DomainError('errors.notFound');
    if (e.status === 'concluded') throw new DomainError('evaluation.errors.concluded', 'questionnaire');
    if (e.design === 'did') throw new DomainError('evaluation.questionnaire.errors.design', 'questionnaire');
    if (e.plan.participantWaves) throw new DomainError('evaluation.questionnaire.errors.exists', 'questionnaire');
    await this.deps.survey.bank.ensure();
    const bank = await this.deps.survey.bank.list(actor.council);
    const byCode = new Map(bank.filter((q) => q.council_id === null).map((q) => [q.code, q.id]));
    // Asked in the bank's order, the participant code first (the survey module's rule).
    const codes = [CODE_QUESTION, ...QUESTIONNAIRE_ITEMS];
    const ids = codes.flatMap((c) => byCode.get(c) ?? []);
    if (ids.length !== codes.length) throw new DomainError('evaluation.questionnaire.errors.bank', 'questionnaire');
    const now = this.deps.clock();
    const day = (n: number) => new Date(now.getTime() + n * DAY).toISOString().slice(0, 10);
    const surveyId = await this.deps.survey.waves.createSurvey(
      actor,
      `Participant questionnaire: ${e.title}`.slice(0, 200),
      'Answered by programme participants before and after, with their participant code (evaluation).',
    );
    const wave = (name: string, starts: number, ends: number) =>
      this.deps.survey.waves.createWave(actor, surveyId, {
        name,
        period: day(starts).slice(0, 4),
        startsOn: day(starts),
        endsOn: day(ends),
        targetPopulation: 'Programme participants',
        mode: 'online',
      });
    const before = await wave('Before the programme', 0, 90);
    const after = await wave('After the programme', 0, 730);
    for (const w of [before, after]) await this.deps.survey.waves.setQuestionnaire(actor, w, ids);
    await this.deps.survey.waves.setStatus(actor, before, 'open');
    await this.deps.db.transaction(async (tx) => {
      await repo.setPlan(tx, actor.council.id, evaluationId, {
        ...e.plan,
        participantWaves: { surveyId, before, after },
      });
      await audit(this.deps, tx, actor, 'evaluation.questionnaire_created', evaluationId);
    });
  }

  /** Closes the "before" wave and opens the "after" one. */
  async openAfter(actor: Actor, evaluationId: string): Promise<void> {
    ensureAllowed(actor, 'evaluation.manage');
    const waves = await this.waves(actor, evaluationId);
    await this.deps.survey.waves.setStatus(actor, waves.before, 'closed');
    await this.deps.survey.waves.setStatus(actor, waves.after, 'open');
  }

  /**
   * Brings in the answers: each code's answer to the outcome before and after becomes one participant (under a
   * pseudonym), replacing the participants imported earlier; a comparison group imported from a file is kept.
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
    const comparison = (await repo.participants(this.deps.db, actor.council.id, evaluationId))
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
    const outcome: QuestionnaireImport = {
      paired: rows.filter((r) => r.pre !== null && r.post !== null).length,
      onlyBefore: rows.filter((r) => r.pre !== null && r.post === null).length,
      onlyAfter: rows.filter((r) => r.pre === null && r.post !== null).length,
      repeated,
    };
    await this.deps.db.transaction(async (tx) => {
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
    return { surveyId: p.surveyId, before, after };
  }

  private async waves(actor: Actor, evaluationId: string) {
    const e = await repo.byId(this.deps.db, actor.council.id, evaluationId);
    if (!e) throw new DomainError('errors.notFound');
    const p = e.plan.participantWaves;
    if (!p) throw new DomainError('evaluation.questionnaire.errors.missing', 'questionnaire');
    return p;
  }
}
