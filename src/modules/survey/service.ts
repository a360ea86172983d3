import { randomBytes } from 'node:crypto';
import type { Config } from '../../config.ts';
import type { Db, Queryable } from '../../db/index.ts';
import type { AuditService } from '../audit/index.ts';
import { hashToken, newToken } from '../../lib/tokens.ts';
import { rowsFromBuffer } from '../../lib/csv-buffer.ts';
import { translate } from '../../i18n/index.ts';
import {
  SurveyError,
  calibrationFromMargins,
  compareWaves,
  compareWithBenchmark,
  estimateIndicator,
  estimateMeanByDomain,
  prepareDesign,
  rake,
  weightDiagnostics,
  RAKE_DEFAULTS,
  type Estimate,
  type RakeMargin,
  type SurveyDesign,
  type WaveChange,
  type BenchmarkComparison,
} from '../../stats/survey/index.ts';
import { findIndicatorId, upsertIndicatorValues, type IndicatorValueInput } from '../insight/indicator-values.ts';
import {
  BUILT_IN_QUESTIONS,
  BUILT_IN_BY_CODE,
  bankKey,
  type OptionSpec,
  type QuestionKind,
  type Section,
} from './bank.ts';
import * as repo from './repository.ts';
import type { Answers, QuestionRow, WaveRow, WeightingRecord } from './repository.ts';

import { DomainError } from '../../kernel/errors.ts';

export { DomainError };

/** One problem in an uploaded file or pasted margins, with its line. */
export interface LineProblem {
  line: number;
  key: string;
  params: Record<string, string | number>;
}

export interface StoredOption extends OptionSpec {
  label: string;
}

export interface Question extends Omit<QuestionRow, 'options'> {
  options: StoredOption[];
}

const bankReady = new WeakSet<object>();
const MAX_PROBLEMS = 200;
const RESUME_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A readable 12-character resume code (60 bits), shown as XXXX-XXXX-XXXX. */
export function newResumeCode(): string {
  const bytes = randomBytes(12);
  let out = '';
  for (let i = 0; i < 12; i++) out += RESUME_ALPHABET[bytes[i] % 32];
  return out;
}

export function normaliseResumeCode(input: string): string {
  return input.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

export const formatResumeCode = (code: string) => code.replace(/(.{4})(?=.)/g, '$1-');

/** A margin variable: question codes joined by '*', each optionally ':group' (broad groups of its options). */
export interface VariablePart {
  code: string;
  grouped: boolean;
}

export function parseVariable(variable: string): VariablePart[] | null {
  const parts = variable.split('*').map((p) => p.trim());
  if (!parts.length || parts.length > 3) return null;
  const out: VariablePart[] = [];
  for (const p of parts) {
    const m = /^([a-z][a-z0-9_]{1,60})(:group)?$/.exec(p);
    if (!m) return null;
    out.push({ code: m[1], grouped: m[2] !== undefined });
  }
  return out;
}

/** The category a respondent falls in for one question (or its broad group); null when missing or excluded. */
export function categoryOf(q: Question, value: string | number | undefined, grouped: boolean): string | null {
  if (value === undefined || value === null) return null;
  if (q.kind === 'area') return String(value);
  if (q.kind === 'scale') return grouped ? null : String(value);
  const opt = q.options.find((o) => o.code === String(value));
  if (!opt || opt.excluded) return null;
  if (grouped) return opt.group ?? null;
  return opt.code;
}

export interface EstimateRow {
  code: string;
  label: string;
  estimate: Estimate;
}

export interface QuestionResults {
  question: Question;
  measure: 'proportion' | 'mean';
  overall: Estimate;
  wards: EstimateRow[];
  groups: EstimateRow[];
  groupBy: string | null;
  change: {
    previous: WaveRow;
    comparable: boolean;
    overall: WaveChange | null;
    previousOverall: Estimate | null;
    wards: Map<string, WaveChange | null>;
  } | null;
  benchmark: { value: number; label: string; comparison: BenchmarkComparison | null } | null;
}

/**
 * Residents' surveys: the question bank, surveys and waves, online answering with save and resume,
 * fieldwork import, raking and design-based estimates, and publication as indicator values.
 */
export class SurveyService {
  constructor(
    private readonly db: Db,
    private readonly config: Pick<Config, 'baseUrl'>,
    private readonly services: { audit: AuditService },
  ) {}

  // ───────────── question bank ─────────────

  /** Inserts or updates the built-in questions (a new version whenever the wording or answers change). */
  async ensureBank(): Promise<void> {
    if (bankReady.has(this.db)) return;
    await this.db.transaction(async (tx) => {
      let order = 0;
      for (const q of BUILT_IN_QUESTIONS) {
        order += 10;
        const id =
          (await repo.insertQuestion(tx, null, q.code, q.section, order)) ?? (await repo.builtInQuestionId(tx, q.code));
        if (!id) continue;
        const latest = await repo.findQuestionByCode(tx, null, q.code);
        const input = builtInVersion(q.code);
        if (
          !latest ||
          latest.wording !== input.wording ||
          latest.hint !== input.hint ||
          JSON.stringify(latest.options) !== JSON.stringify(input.options) ||
          latest.source !== input.source
        ) {
          await repo.insertVersion(tx, id, input);
        }
      }
    });
    bankReady.add(this.db);
  }

  async bank(councilId: string): Promise<Question[]> {
    await this.ensureBank();
    return (await repo.listBank(this.db, councilId)) as Question[];
  }

  async question(councilId: string, id: string) {
    await this.ensureBank();
    const q = await repo.findQuestion(this.db, councilId, id);
    if (!q) return null;
    return { question: q as Question, versions: await repo.questionVersions(this.db, id) };
  }

  /** Adds a council's own question (a choice question, or a 0–10 scale). */
  async addQuestion(councilId: string, actorId: string | null, input: OwnQuestionInput): Promise<string> {
    await this.ensureBank();
    const version = ownVersion(input);
    return this.db.transaction(async (tx) => {
      if (BUILT_IN_BY_CODE.has(input.code)) throw new DomainError('survey.questions.errors.codeTaken', 'code');
      const id = await repo.insertQuestion(tx, councilId, input.code, 'own', 5000);
      if (!id) throw new DomainError('survey.questions.errors.codeTaken', 'code');
      await repo.insertVersion(tx, id, version);
      await this.services.audit.record(
        { councilId, userId: actorId, action: 'survey.question_added', targetType: 'survey_question', targetId: id },
        tx,
      );
      return id;
    });
  }

  /** A new version of a council's own question; waves already built keep the version they asked. */
  async reviseQuestion(councilId: string, actorId: string | null, id: string, input: Omit<OwnQuestionInput, 'code'>) {
    const found = await repo.findQuestion(this.db, councilId, id);
    if (!found || found.council_id !== councilId) throw new DomainError('survey.questions.errors.builtInFixed');
    const version = ownVersion({ ...input, code: found.code });
    return this.db.transaction(async (tx) => {
      const v = await repo.insertVersion(tx, id, version);
      await this.services.audit.record(
        {
          councilId,
          userId: actorId,
          action: 'survey.question_revised',
          targetType: 'survey_question',
          targetId: id,
          detail: { version: v.version },
        },
        tx,
      );
      return v.version;
    });
  }

  // ───────────── surveys and waves ─────────────

  surveys(councilId: string) {
    return repo.listSurveys(this.db, councilId);
  }

  survey(councilId: string, id: string) {
    return repo.findSurvey(this.db, councilId, id);
  }

  async createSurvey(councilId: string, actorId: string | null, name: string, description: string) {
    return this.db.transaction(async (tx) => {
      const id = await repo.insertSurvey(tx, councilId, name, description);
      if (!id) throw new DomainError('survey.surveys.errors.duplicate', 'name');
      await this.services.audit.record(
        { councilId, userId: actorId, action: 'survey.created', targetType: 'survey', targetId: id },
        tx,
      );
      return id;
    });
  }

  waves(councilId: string, surveyId: string) {
    return repo.listWaves(this.db, councilId, surveyId);
  }

  wave(councilId: string, id: string) {
    return repo.findWave(this.db, councilId, id);
  }

  /**
   * Creates a wave. Its questionnaire starts as the previous wave's questions at their latest
   * versions, or the core built-in questions for a first wave.
   */
  async createWave(councilId: string, actorId: string | null, surveyId: string, input: repo.WaveInput) {
    await this.ensureBank();
    const survey = await repo.findSurvey(this.db, councilId, surveyId);
    if (!survey) throw new DomainError('errors.notFound');
    const existing = await repo.listWaves(this.db, councilId, surveyId);
    const bank = await this.bank(councilId);
    let versionIds: string[];
    if (existing.length) {
      const last = existing[0];
      const codes = (await repo.waveQuestions(this.db, councilId, last.id)).map((q) => q.code);
      versionIds = codes.map((c) => bank.find((b) => b.code === c)?.version_id).filter((v): v is string => !!v);
    } else {
      versionIds = bank.filter((b) => b.council_id === null).map((b) => b.version_id);
    }
    return this.db.transaction(async (tx) => {
      const id = await repo.insertWave(tx, councilId, surveyId, input);
      if (!id) throw new DomainError('survey.waves.errors.duplicate', 'name');
      await repo.setWaveQuestions(tx, id, versionIds);
      await this.services.audit.record(
        {
          councilId,
          userId: actorId,
          action: 'survey.wave_created',
          targetType: 'survey_wave',
          targetId: id,
          detail: { questions: versionIds.length },
        },
        tx,
      );
      return id;
    });
  }

  async questionnaire(councilId: string, waveId: string): Promise<Question[]> {
    return (await repo.waveQuestions(this.db, councilId, waveId)) as Question[];
  }

  /**
   * Comparability with the previous wave: questions asked in both whose wording, hint or answers
   * differ (results are then not comparable), by question code.
   */
  async comparability(councilId: string, wave: WaveRow) {
    const previous = await repo.previousWave(this.db, councilId, wave);
    if (!previous) return { previous: null, changed: [] as { code: string; before: string; after: string }[] };
    const [now, before] = await Promise.all([
      this.questionnaire(councilId, wave.id),
      this.questionnaire(councilId, previous.id),
    ]);
    const changed = [];
    for (const q of now) {
      const p = before.find((b) => b.code === q.code);
      if (p && !sameWording(p, q)) changed.push({ code: q.code, before: p.wording, after: q.wording });
    }
    return { previous, changed };
  }

  /** Sets the questionnaire of a draft wave from the chosen question ids (ordered as the bank). */
  async setQuestionnaire(councilId: string, actorId: string | null, waveId: string, questionIds: string[]) {
    const wave = await repo.findWave(this.db, councilId, waveId);
    if (!wave) throw new DomainError('errors.notFound');
    if (wave.responses > 0) throw new DomainError('survey.questionnaire.errors.hasResponses', 'questions');
    if (!questionIds.length) throw new DomainError('survey.questionnaire.errors.none', 'questions');
    const bank = await this.bank(councilId);
    const chosen = new Set(questionIds);
    const versionIds = bank.filter((b) => chosen.has(b.id)).map((b) => b.version_id);
    if (versionIds.length !== chosen.size) throw new DomainError('survey.questionnaire.errors.unknown', 'questions');
    await this.db.transaction(async (tx) => {
      await repo.setWaveQuestions(tx, waveId, versionIds);
      await this.services.audit.record(
        {
          councilId,
          userId: actorId,
          action: 'survey.questionnaire_set',
          targetType: 'survey_wave',
          targetId: waveId,
          detail: { questions: versionIds.length },
        },
        tx,
      );
    });
  }

  async setStatus(councilId: string, actorId: string | null, waveId: string, status: WaveRow['status']) {
    const wave = await repo.findWave(this.db, councilId, waveId);
    if (!wave) throw new DomainError('errors.notFound');
    if (status === 'open' && wave.mode !== 'online') throw new DomainError('survey.waves.errors.notOnline', 'status');
    if (status === 'open' && !(await repo.waveQuestions(this.db, councilId, waveId)).length)
      throw new DomainError('survey.questionnaire.errors.none', 'status');
    await this.db.transaction(async (tx) => {
      await repo.setWaveStatus(tx, councilId, waveId, status);
      await this.services.audit.record(
        {
          councilId,
          userId: actorId,
          action: 'survey.wave_status',
          targetType: 'survey_wave',
          targetId: waveId,
          detail: { status },
        },
        tx,
      );
    });
  }

  async setMinN(councilId: string, actorId: string | null, waveId: string, minN: number) {
    await this.db.transaction(async (tx) => {
      await repo.setMinN(tx, councilId, waveId, minN);
      await this.services.audit.record(
        {
          councilId,
          userId: actorId,
          action: 'survey.min_n_set',
          targetType: 'survey_wave',
          targetId: waveId,
          detail: { minN },
        },
        tx,
      );
    });
  }

  /** The public link of a wave. */
  publicLink(waveId: string) {
    return `${this.config.baseUrl}/s/${waveId}`;
  }

  async wards(areaCode: string | null) {
    return areaCode ? repo.wardsOf(this.db, areaCode) : [];
  }

  // ───────────── online answering (public) ─────────────

  /** An open online wave by its public id, or null (unknown, not online, not open, or past its last day). */
  async openWave(waveId: string, today = new Date().toISOString().slice(0, 10)) {
    const w = await repo.findPublicWave(this.db, waveId);
    if (!w || w.status !== 'open' || w.mode !== 'online' || w.ends_on < today) return null;
    return w;
  }

  /** Starts a draft and returns the cookie token (only its hash is stored). */
  async startDraft(wave: repo.PublicWaveRow) {
    const token = newToken();
    await repo.insertDraft(this.db, wave.council_id, wave.id, hashToken(token));
    return token;
  }

  /** A new resume code for a draft (any earlier code stops working); only its hash is stored. */
  async newResumeCode(draftId: string) {
    const code = newResumeCode();
    await repo.setResume(this.db, draftId, hashToken(code));
    return code;
  }

  draft(waveId: string, token: string | undefined) {
    if (!token || !/^[A-Za-z0-9_-]{40,100}$/.test(token)) return Promise.resolve(undefined);
    return repo.findDraftByToken(this.db, waveId, hashToken(token));
  }

  /** Finds a draft by its resume code and gives it a fresh cookie token (the old browser's token stops working). */
  async resume(waveId: string, code: string) {
    const norm = normaliseResumeCode(code);
    if (norm.length !== 12) return null;
    const draft = await repo.findDraftByResume(this.db, waveId, hashToken(norm));
    if (!draft) return null;
    const token = newToken();
    await repo.setToken(this.db, draft.id, hashToken(token));
    return { token, draft };
  }

  /** Validates and stores one answer; returns the error key when the answer is not acceptable. */
  async answer(draftId: string, question: Question, raw: unknown, wards: { code: string }[]): Promise<string | null> {
    const value = validateAnswer(question, raw, wards);
    if (value === null) return question.kind === 'scale' ? 'survey.answer.errors.scale' : 'survey.answer.errors.choose';
    await repo.saveAnswer(this.db, draftId, question.code, value);
    return null;
  }

  /** Completes the draft. Idempotent: a second submit changes nothing and reports false. */
  async submit(draftId: string): Promise<boolean> {
    return repo.completeDraft(this.db, draftId);
  }

  // ───────────── import ─────────────

  /** Stores an uploaded CSV for mapping. Throws DomainError for an unreadable or empty file. */
  async uploadImport(councilId: string, userId: string, waveId: string, filename: string, content: Buffer) {
    let columns: string[] = [];
    let rows = 0;
    try {
      for await (const { record } of rowsFromBuffer(content)) {
        if (!columns.length) columns = Object.keys(record);
        rows++;
      }
    } catch {
      throw new DomainError('survey.import.errors.unreadable', 'file');
    }
    if (!columns.length || rows === 0) throw new DomainError('survey.import.errors.empty', 'file');
    if (new Set(columns).size !== columns.length || columns.some((c) => !c))
      throw new DomainError('survey.import.errors.badHeader', 'file');
    return this.db.transaction(async (tx) => {
      await repo.deleteStaleImports(tx, councilId);
      const id = await repo.insertImport(
        tx,
        councilId,
        waveId,
        userId,
        filename.slice(0, 200) || 'upload.csv',
        content,
        columns,
        rows,
      );
      await this.services.audit.record(
        {
          councilId,
          userId,
          action: 'survey.import_uploaded',
          targetType: 'survey_wave',
          targetId: waveId,
          detail: { rows },
        },
        tx,
      );
      return id;
    });
  }

  importFile(councilId: string, waveId: string, importId: string) {
    return repo.findImport(this.db, councilId, waveId, importId);
  }

  /**
   * Applies a column-to-question mapping: every row is validated first (problems reported with their
   * line), then all rows are written in one transaction, keyed by wave and respondent id, so importing
   * the same file again updates the same respondents instead of adding them twice.
   */
  async applyImport(
    councilId: string,
    userId: string,
    wave: WaveRow,
    importId: string,
    idColumn: string,
    mapping: Record<string, string>,
  ) {
    const file = await repo.findImport(this.db, councilId, wave.id, importId);
    if (!file) throw new DomainError('errors.notFound');
    // A second submit of the same mapping (a double click): already done, nothing to repeat.
    if (file.completed_at) return { ok: true as const, rows: file.row_count };
    if (!file.columns.includes(idColumn)) throw new DomainError('survey.import.errors.idColumn', 'idColumn');
    const questions = await this.questionnaire(councilId, wave.id);
    const byCode = new Map(questions.map((q) => [q.code, q]));
    const used = Object.entries(mapping).filter(([, code]) => code);
    if (!used.length) throw new DomainError('survey.import.errors.noMapping', 'mapping');
    const seenQ = new Set<string>();
    for (const [col, code] of used) {
      if (!file.columns.includes(col) || !byCode.has(code))
        throw new DomainError('survey.import.errors.noMapping', 'mapping');
      if (seenQ.has(code)) throw new DomainError('survey.import.errors.mappedTwice', 'mapping', { question: code });
      seenQ.add(code);
    }
    const wards = await this.wards((await this.councilArea(councilId)) ?? null);
    const problems: LineProblem[] = [];
    let problemCount = 0;
    const add = (p: LineProblem) => {
      problemCount++;
      if (problems.length < MAX_PROBLEMS) problems.push(p);
    };
    const rows: { externalId: string; answers: Answers }[] = [];
    const seenIds = new Map<string, number>();
    for await (const { line, record } of rowsFromBuffer(file.content)) {
      const id = (record[idColumn] ?? '').trim();
      if (!id) add({ line, key: 'survey.import.errors.noId', params: { column: idColumn } });
      else if (id.length > 100) add({ line, key: 'survey.import.errors.longId', params: {} });
      else if (seenIds.has(id))
        add({ line, key: 'survey.import.errors.duplicateId', params: { id, first: seenIds.get(id)! } });
      else seenIds.set(id, line);
      const answers: Answers = {};
      for (const [col, code] of used) {
        const raw = (record[col] ?? '').trim();
        if (raw === '' || raw.toUpperCase() === 'NA') continue;
        const q = byCode.get(code)!;
        const value = importValue(q, raw, wards);
        if (value === null)
          add({
            line,
            key: 'survey.import.errors.badValue',
            params: { column: col, value: raw.slice(0, 40), question: code },
          });
        else answers[code] = value;
      }
      rows.push({ externalId: id, answers });
    }
    if (problemCount) return { ok: false as const, problems, problemCount };
    const written = await this.db.transaction(async (tx) => {
      const n = await repo.upsertImported(tx, councilId, wave.id, rows);
      await repo.completeImport(tx, councilId, file.id);
      await repo.setWeights(tx, councilId, wave.id, [], []);
      await repo.setWeighting(tx, councilId, wave.id, null);
      await this.services.audit.record(
        {
          councilId,
          userId,
          action: 'survey.responses_imported',
          targetType: 'survey_wave',
          targetId: wave.id,
          detail: { rows: n },
        },
        tx,
      );
      return n;
    });
    return { ok: true as const, rows: written };
  }

  private async councilArea(councilId: string) {
    const rows = await this.db.query<{ area_code: string | null }>('select area_code from councils where id = $1', [
      councilId,
    ]);
    return rows[0]?.area_code ?? null;
  }

  // ───────────── margins and weighting ─────────────

  margins(councilId: string, waveId: string) {
    return repo.listMargins(this.db, councilId, waveId);
  }

  /**
   * For each margin: how many completed responses fall in each category, and a readable label for it
   * (ward name, answer wording or broad group), so analysts can compare the sample with the population.
   */
  async marginCoverage(councilId: string, wave: WaveRow, lang: 'en' | 'cy' = 'en') {
    const [rows, questions, responses, wards] = await Promise.all([
      repo.listMargins(this.db, councilId, wave.id),
      this.questionnaire(councilId, wave.id),
      repo.completedResponses(this.db, councilId, wave.id),
      this.wards(await this.councilArea(councilId)),
    ]);
    const byCode = new Map(questions.map((q) => [q.code, q]));
    const wardName = new Map(wards.map((w) => [w.code, w.name]));
    const out = new Map<string, Map<string, { label: string; respondents: number }>>();
    for (const variable of new Set(rows.map((r) => r.variable))) {
      const parts = parseVariable(variable) ?? [];
      const counts = new Map<string, number>();
      for (const r of responses) {
        const key: string[] = [];
        for (const p of parts) {
          const q = byCode.get(p.code);
          const c = q ? categoryOf(q, r.answers[p.code], p.grouped) : null;
          if (c === null) break;
          key.push(c);
        }
        if (key.length === parts.length) counts.set(key.join('*'), (counts.get(key.join('*')) ?? 0) + 1);
      }
      const m = new Map<string, { label: string; respondents: number }>();
      for (const r of rows.filter((x) => x.variable === variable)) {
        const label = r.category
          .split('*')
          .map((c, i) => {
            const p = parts[i];
            const q = p ? byCode.get(p.code) : undefined;
            if (!p || !q) return c;
            if (q.kind === 'area') return wardName.get(c) ?? c;
            if (p.grouped) return translate(lang, `survey.groups.${c}`);
            return q.kind === 'choice' ? optionLabel(q, c, lang) : c;
          })
          .join(' × ');
        m.set(r.category, { label, respondents: counts.get(r.category) ?? 0 });
      }
      out.set(variable, m);
    }
    return out;
  }

  /** Census datasets with counts for the council's wards (for margins from imported census counts). */
  async censusDatasets(areaCode: string | null) {
    const wards = await this.wards(areaCode);
    if (!wards.length) return [];
    return repo.datasetsForAreas(
      this.db,
      wards.map((w) => w.code),
    );
  }

  /**
   * Builds a margin from imported census counts for the council's wards: either population by ward
   * (the sum of the dataset's categories in each ward) or the council-wide counts of a question's
   * categories (its option codes, or their broad groups, must be the dataset's categories).
   */
  async marginsFromCensus(
    councilId: string,
    actorId: string | null,
    wave: WaveRow,
    areaCode: string | null,
    dataset: string,
    variable: string,
  ) {
    const meta = await repo.findDataset(this.db, dataset);
    const wards = await this.wards(areaCode);
    if (!meta || !wards.length) throw new DomainError('survey.weighting.errors.noDataset', 'dataset');
    const counts = await repo.populationCounts(
      this.db,
      dataset,
      wards.map((w) => w.code),
    );
    if (!counts.length) throw new DomainError('survey.weighting.errors.noDataset', 'dataset');
    const questions = await this.questionnaire(councilId, wave.id);
    const parts = parseVariable(variable);
    const q = parts?.length === 1 ? questions.find((x) => x.code === parts[0].code) : undefined;
    if (!parts || !q) throw new DomainError('survey.weighting.errors.variableNotAsked', 'variable', { variable });
    const sum = (a: number[]) => a.reduce((s, v) => s + v, 0);
    let rows: { category: string; population: number }[];
    if (q.kind === 'area') {
      const missing = wards.filter((w) => !counts.some((c) => c.area_code === w.code));
      if (missing.length)
        throw new DomainError('survey.weighting.errors.wardMissing', 'dataset', { ward: missing[0].name });
      rows = counts.map((c) => ({ category: c.area_code, population: sum(c.counts) }));
    } else {
      const totals = meta.categories.map((_, i) => sum(counts.map((c) => c.counts[i] ?? 0)));
      const acc = new Map<string, number>();
      for (const [i, cat] of meta.categories.entries()) {
        const opt = q.options.find((o) => o.code === cat);
        if (!opt || opt.excluded)
          throw new DomainError('survey.weighting.errors.categoryNotOption', 'variable', {
            category: cat,
            question: q.code,
          });
        const key = parts[0].grouped ? opt.group : opt.code;
        if (!key)
          throw new DomainError('survey.weighting.errors.categoryNotOption', 'variable', {
            category: cat,
            question: q.code,
          });
        acc.set(key, (acc.get(key) ?? 0) + totals[i]);
      }
      const uncovered = q.options.filter((o) => !o.excluded && !acc.has(parts[0].grouped ? (o.group ?? '') : o.code));
      if (uncovered.length)
        throw new DomainError('survey.weighting.errors.optionNotInDataset', 'variable', { option: uncovered[0].label });
      rows = [...acc].map(([category, population]) => ({ category, population }));
    }
    await this.db.transaction(async (tx) => {
      await repo.replaceMargin(tx, councilId, wave.id, variable, rows, `${meta.name} (${meta.period})`);
      await this.marginsChanged(tx, councilId, wave.id);
      await this.services.audit.record(
        {
          councilId,
          userId: actorId,
          action: 'survey.margins_set',
          targetType: 'survey_wave',
          targetId: wave.id,
          detail: { variable, categories: rows.length, from: 'census' },
        },
        tx,
      );
    });
    return rows.length;
  }

  /** Margins typed or pasted as CSV `variable,category,population`; every bad line is reported. */
  async marginsFromText(councilId: string, actorId: string | null, wave: WaveRow, text: string) {
    const questions = await this.questionnaire(councilId, wave.id);
    const byCode = new Map(questions.map((q) => [q.code, q]));
    const wards = await this.wards(await this.councilArea(councilId));
    const problems: LineProblem[] = [];
    const byVariable = new Map<string, Map<string, number>>();
    const lines = text.split(/\r?\n/);
    lines.forEach((raw, i) => {
      const line = i + 1;
      const s = raw.trim();
      if (!s || (i === 0 && /^variable\s*,\s*category\s*,\s*population$/i.test(s))) return;
      const cells = s.split(',').map((c) => c.trim());
      if (cells.length !== 3) return problems.push({ line, key: 'survey.weighting.errors.threeCells', params: {} });
      const [variable, category, pop] = cells;
      const parts = parseVariable(variable);
      const qs = parts?.map((p) => byCode.get(p.code));
      if (!parts || !qs || qs.some((q) => !q))
        return problems.push({ line, key: 'survey.weighting.errors.variableNotAsked', params: { variable } });
      const cats = category.split('*').map((c) => c.trim());
      if (cats.length !== parts.length)
        return problems.push({
          line,
          key: 'survey.weighting.errors.categoryParts',
          params: { category, parts: parts.length },
        });
      for (const [k, part] of parts.entries()) {
        if (!validCategory(qs[k]!, cats[k], part.grouped, wards))
          return problems.push({
            line,
            key: 'survey.weighting.errors.unknownCategory',
            params: { category: cats[k], question: part.code },
          });
      }
      const population = Number(pop);
      if (!/^\d+(\.\d+)?$/.test(pop) || !Number.isFinite(population))
        return problems.push({ line, key: 'survey.weighting.errors.population', params: { value: pop.slice(0, 20) } });
      const m = byVariable.get(variable) ?? new Map<string, number>();
      const key = cats.join('*');
      if (m.has(key))
        return problems.push({ line, key: 'survey.weighting.errors.duplicateCategory', params: { category: key } });
      m.set(key, population);
      byVariable.set(variable, m);
    });
    if (!problems.length && !byVariable.size)
      problems.push({ line: 1, key: 'survey.weighting.errors.noRows', params: {} });
    if (problems.length) return { ok: false as const, problems };
    await this.db.transaction(async (tx) => {
      for (const [variable, m] of byVariable) {
        await repo.replaceMargin(
          tx,
          councilId,
          wave.id,
          variable,
          [...m].map(([category, population]) => ({ category, population })),
          'entered by hand',
        );
      }
      await this.marginsChanged(tx, councilId, wave.id);
      await this.services.audit.record(
        {
          councilId,
          userId: actorId,
          action: 'survey.margins_set',
          targetType: 'survey_wave',
          targetId: wave.id,
          detail: { variables: byVariable.size, from: 'manual' },
        },
        tx,
      );
    });
    return { ok: true as const, variables: byVariable.size };
  }

  async removeMargin(councilId: string, actorId: string | null, waveId: string, variable: string) {
    await this.db.transaction(async (tx) => {
      if (await repo.deleteMargin(tx, councilId, waveId, variable)) {
        await this.marginsChanged(tx, councilId, waveId);
        await this.services.audit.record(
          {
            councilId,
            userId: actorId,
            action: 'survey.margins_removed',
            targetType: 'survey_wave',
            targetId: waveId,
            detail: { variable },
          },
          tx,
        );
      }
    });
  }

  /** New margins make old weights wrong: they are cleared, and results are unweighted until the next run. */
  private async marginsChanged(tx: Queryable, councilId: string, waveId: string) {
    await repo.markMarginsChanged(tx, councilId, waveId);
    await repo.setWeights(tx, councilId, waveId, [], []);
    await repo.setWeighting(tx, councilId, waveId, null);
  }

  /**
   * Rakes the completed responses to the wave's margins. Respondents who did not answer a weighting
   * question are left out (their weight stays empty). Problems (margins that do not match the answers,
   * raking that does not converge) become a DomainError with the library's explanation.
   */
  async weight(
    councilId: string,
    actorId: string | null,
    wave: WaveRow,
    opts: { maxIterations: number; epsilon: number; trim: { low: number; high: number } | null },
  ) {
    const { margins, included, excluded, ids } = await this.rakingInputs(councilId, wave);
    if (!margins.length) throw new DomainError('survey.weighting.errors.noMargins', 'run');
    if (!included.length) throw new DomainError('survey.weighting.errors.noRespondents', 'run');
    let result;
    try {
      result = rake(margins, {
        maxIterations: opts.maxIterations,
        epsilon: opts.epsilon,
        trim: opts.trim ? { low: opts.trim.low, high: opts.trim.high, mode: 'mean' } : undefined,
      });
    } catch (err) {
      if (err instanceof SurveyError)
        throw new DomainError('survey.weighting.errors.raking', 'run', { message: err.message });
      throw err;
    }
    const d = weightDiagnostics(result.weights);
    const record: WeightingRecord = {
      iterations: result.iterations,
      maxError: result.maxError,
      epsilon: opts.epsilon,
      maxIterations: opts.maxIterations,
      trim:
        result.trim && opts.trim
          ? { low: opts.trim.low, high: opts.trim.high, satisfied: result.trim.satisfied, rounds: result.trim.rounds }
          : null,
      rescaledMargins: result.rescaledMargins,
      n: included.length,
      excluded,
      deff: d.deff,
      ess: d.ess,
      min: d.min,
      max: d.max,
      mean: d.mean,
      populationTotal: result.populationTotal,
      margins: margins.map((m) => m.name),
    };
    await this.db.transaction(async (tx) => {
      await repo.setWeights(
        tx,
        councilId,
        wave.id,
        included.map((i) => ids[i]),
        Array.from(result.weights),
      );
      await repo.setWeighting(tx, councilId, wave.id, record);
      await this.services.audit.record(
        {
          councilId,
          userId: actorId,
          action: 'survey.weighted',
          targetType: 'survey_wave',
          targetId: wave.id,
          detail: { n: included.length, iterations: result.iterations },
        },
        tx,
      );
    });
    return record;
  }

  /** Margins as raking inputs over the respondents who answered every weighting question. */
  private async rakingInputs(councilId: string, wave: WaveRow, responses?: repo.ResponseRow[]) {
    const [rows, questions, all] = await Promise.all([
      repo.listMargins(this.db, councilId, wave.id),
      this.questionnaire(councilId, wave.id),
      responses ? Promise.resolve(responses) : repo.completedResponses(this.db, councilId, wave.id),
    ]);
    const byCode = new Map(questions.map((q) => [q.code, q]));
    const variables = [...new Set(rows.map((r) => r.variable))];
    const specs = variables.map((v) => {
      const cats = rows.filter((r) => r.variable === v);
      return {
        name: v,
        parts: parseVariable(v) ?? [],
        categories: cats.map((c) => c.category),
        targets: cats.map((c) => c.population),
      };
    });
    const keyOf = (answers: Answers, parts: VariablePart[]) => {
      const out: string[] = [];
      for (const p of parts) {
        const q = byCode.get(p.code);
        const c = q ? categoryOf(q, answers[p.code], p.grouped) : null;
        if (c === null) return null;
        out.push(c);
      }
      return out.join('*');
    };
    const included: number[] = [];
    all.forEach((r, i) => {
      if (specs.every((s) => keyOf(r.answers, s.parts) !== null)) included.push(i);
    });
    const margins: RakeMargin[] = specs.map((s) => {
      const index = new Map(s.categories.map((c, i) => [c, i]));
      const codes = new Int32Array(included.length);
      included.forEach((ri, k) => {
        const key = keyOf(all[ri].answers, s.parts)!;
        const c = index.get(key);
        if (c === undefined)
          throw new DomainError('survey.weighting.errors.raking', 'run', {
            message: `margin '${s.name}' has no population for the answer '${key}'; add that category to the margin`,
          });
        codes[k] = c;
      });
      return { name: s.name, codes, targets: s.targets, labels: s.categories };
    });
    return { margins, included, excluded: all.length - included.length, ids: all.map((r) => r.id), responses: all };
  }

  // ───────────── estimates ─────────────

  /** Questions that have a headline figure: a proportion (choice questions with positive answers) or a mean (scales). */
  headlineQuestions(questions: Question[]) {
    return questions.filter((q) => q.kind === 'scale' || (q.kind === 'choice' && q.options.some((o) => o.positive)));
  }

  breakdownQuestions(questions: Question[]) {
    return questions.filter((q) => q.section === 'demographics' && q.kind === 'choice');
  }

  /**
   * The design of a wave: weighted respondents with calibrated SEs when the wave has been weighted,
   * otherwise every completed response with weight 1 (estimates are then unweighted).
   */
  async design(councilId: string, wave: WaveRow) {
    const responses = await repo.completedResponses(this.db, councilId, wave.id);
    const weighted = wave.weighted_at !== null && responses.some((r) => r.weight !== null);
    if (!weighted) {
      if (!responses.length) return null;
      return {
        design: prepareDesign({ weights: new Float64Array(responses.length).fill(1) }),
        responses,
        weighted: false,
      };
    }
    const { margins, included, responses: all } = await this.rakingInputs(councilId, wave, responses);
    const used = included.map((i) => all[i]).filter((r) => r.weight !== null);
    if (used.length !== included.length) {
      // Weights and margins disagree (should not happen: margins changes clear weights). Fall back to simple SEs.
      const rs = responses.filter((r) => r.weight !== null);
      return { design: prepareDesign({ weights: rs.map((r) => r.weight!) }), responses: rs, weighted: true };
    }
    return {
      design: prepareDesign({ weights: used.map((r) => r.weight!), calibration: calibrationFromMargins(margins) }),
      responses: used,
      weighted: true,
    };
  }

  /** Headline estimate of one question, overall and by domain. */
  estimate(
    design: SurveyDesign,
    responses: repo.ResponseRow[],
    q: Question,
    domainOf: ((a: Answers) => number) | null,
    nDomains: number,
    minN: number,
  ): Estimate[] {
    const y = new Float64Array(responses.length);
    const positive = new Set(q.options.filter((o) => o.positive).map((o) => o.code));
    const excluded = new Set(q.options.filter((o) => o.excluded).map((o) => o.code));
    responses.forEach((r, i) => {
      const v = r.answers[q.code];
      if (v === undefined) y[i] = NaN;
      else if (q.kind === 'scale') y[i] = typeof v === 'number' ? v : Number(v);
      else if (excluded.has(String(v))) y[i] = NaN;
      else y[i] = positive.has(String(v)) ? 1 : 0;
    });
    const domains = domainOf ? Int32Array.from(responses, (r) => domainOf(r.answers)) : null;
    if (q.kind === 'scale') {
      return domains
        ? estimateMeanByDomain(design, y, domains, nDomains, { minN })
        : estimateMeanByDomain(design, y, new Int32Array(responses.length), 1, { minN });
    }
    return estimateIndicator(design, y, domains, domains ? nDomains : 1, { minN });
  }

  /** Everything the results page shows for one question. */
  async results(
    councilId: string,
    wave: WaveRow,
    areaCode: string | null,
    questionCode: string,
    groupBy: string | null,
    lang: 'en' | 'cy' = 'en',
  ): Promise<QuestionResults | null> {
    const questions = await this.questionnaire(councilId, wave.id);
    const q = this.headlineQuestions(questions).find((x) => x.code === questionCode);
    if (!q) return null;
    const d = await this.design(councilId, wave);
    if (!d) return null;
    const wards = await this.wards(areaCode);
    const wardQ = questions.find((x) => x.kind === 'area');
    const minN = wave.min_n;
    const [overall] = this.estimate(d.design, d.responses, q, null, 1, minN);
    let wardRows: EstimateRow[] = [];
    if (wardQ && wards.length) {
      const idx = new Map(wards.map((w, i) => [w.code, i]));
      const est = this.estimate(
        d.design,
        d.responses,
        q,
        (a) => idx.get(String(a[wardQ.code])) ?? -1,
        wards.length,
        minN,
      );
      wardRows = wards.map((w, i) => ({ code: w.code, label: w.name, estimate: est[i] }));
    }
    let groupRows: EstimateRow[] = [];
    const gq = groupBy
      ? this.breakdownQuestions(questions).find((x) => x.code === groupBy.replace(/:group$/, ''))
      : undefined;
    if (gq) {
      const grouped = groupBy!.endsWith(':group');
      const cats = grouped
        ? [...new Set(gq.options.filter((o) => !o.excluded && o.group).map((o) => o.group!))]
        : gq.options.filter((o) => !o.excluded).map((o) => o.code);
      const idx = new Map(cats.map((c, i) => [c, i]));
      const est = this.estimate(
        d.design,
        d.responses,
        q,
        (a) => idx.get(categoryOf(gq, a[gq.code], grouped) ?? '') ?? -1,
        cats.length,
        minN,
      );
      groupRows = cats.map((c, i) => ({
        code: c,
        label: grouped ? translate(lang, `survey.groups.${c}`) : optionLabel(gq, c, lang),
        estimate: est[i],
      }));
    }
    // Wave-on-wave change.
    let change: QuestionResults['change'] = null;
    const previous = await repo.previousWave(this.db, councilId, wave);
    if (previous) {
      const prevQs = await this.questionnaire(councilId, previous.id);
      const pq = prevQs.find((x) => x.code === q.code);
      if (pq) {
        const comparable = sameWording(pq, q);
        let overallChange: WaveChange | null = null;
        let previousOverall: Estimate | null = null;
        const wardChanges = new Map<string, WaveChange | null>();
        if (comparable) {
          const pd = await this.design(councilId, previous);
          if (pd) {
            [previousOverall] = this.estimate(pd.design, pd.responses, pq, null, 1, previous.min_n);
            overallChange = compareWaves(previousOverall, overall);
            const pWardQ = prevQs.find((x) => x.kind === 'area');
            if (pWardQ && wardRows.length) {
              const idx = new Map(wards.map((w, i) => [w.code, i]));
              const pe = this.estimate(
                pd.design,
                pd.responses,
                pq,
                (a) => idx.get(String(a[pWardQ.code])) ?? -1,
                wards.length,
                previous.min_n,
              );
              wardRows.forEach((w, i) => wardChanges.set(w.code, compareWaves(pe[i], w.estimate)));
            }
          }
        }
        change = { previous, comparable, overall: overallChange, previousOverall, wards: wardChanges };
      }
    }
    const bm = (await repo.listBenchmarks(this.db, councilId, wave.id)).find((b) => b.question_code === q.code);
    const benchmark = bm
      ? { value: bm.value, label: bm.label, comparison: compareWithBenchmark(overall, bm.value) }
      : null;
    return {
      question: q,
      measure: q.kind === 'scale' ? 'mean' : 'proportion',
      overall,
      wards: wardRows,
      groups: groupRows,
      groupBy: gq ? groupBy : null,
      change,
      benchmark,
    };
  }

  benchmarks(councilId: string, waveId: string) {
    return repo.listBenchmarks(this.db, councilId, waveId);
  }

  async setBenchmark(
    councilId: string,
    actorId: string | null,
    wave: WaveRow,
    code: string,
    value: number,
    label: string,
  ) {
    const questions = await this.questionnaire(councilId, wave.id);
    const q = this.headlineQuestions(questions).find((x) => x.code === code);
    if (!q) throw new DomainError('survey.results.errors.unknownQuestion', 'benchmarkQuestion');
    if (q.kind === 'choice' && (value < 0 || value > 100))
      throw new DomainError('survey.results.errors.percent', 'benchmarkValue');
    if (q.kind === 'scale' && (value < (q.scale_min ?? 0) || value > (q.scale_max ?? 10)))
      throw new DomainError('survey.results.errors.scaleValue', 'benchmarkValue');
    await this.db.transaction(async (tx) => {
      await repo.upsertBenchmark(tx, councilId, wave.id, code, q.kind === 'choice' ? value / 100 : value, label);
      await this.services.audit.record(
        {
          councilId,
          userId: actorId,
          action: 'survey.benchmark_set',
          targetType: 'survey_wave',
          targetId: wave.id,
          detail: { question: code },
        },
        tx,
      );
    });
  }

  /**
   * Writes every headline estimate (council-wide, by ward, and council-wide by group) as indicator
   * values of the council's 'survey' indicators, creating those indicators when missing. Suppressed
   * cells are written as suppressed with no value (null) and no interval.
   */
  async publish(councilId: string, actorId: string | null, wave: WaveRow, areaCode: string | null) {
    const questions = await this.questionnaire(councilId, wave.id);
    const d = await this.design(councilId, wave);
    if (!d || !areaCode) throw new DomainError('survey.results.errors.nothingToPublish', 'publish');
    const wards = await this.wards(areaCode);
    const wardQ = questions.find((x) => x.kind === 'area');
    const groupQs = this.breakdownQuestions(questions);
    const minN = wave.min_n;
    const toValue = (areaCode: string, e: Estimate, groupCode = 'all'): IndicatorValueInput => ({
      areaCode,
      period: wave.period,
      groupCode,
      value: e.suppressed || e.estimate === null ? null : e.estimate,
      numerator: null,
      denominator: e.n,
      ciLow: e.suppressed ? null : e.ciLow,
      ciHigh: e.suppressed ? null : e.ciHigh,
      suppressed: e.suppressed,
    });
    let written = 0;
    await this.db.transaction(async (tx) => {
      for (const q of this.headlineQuestions(questions)) {
        const indicatorId = await this.ensureIndicator(tx, councilId, q);
        const values: IndicatorValueInput[] = [];
        const [overall] = this.estimate(d.design, d.responses, q, null, 1, minN);
        values.push(toValue(areaCode, overall));
        if (wardQ && wards.length) {
          const idx = new Map(wards.map((w, i) => [w.code, i]));
          const est = this.estimate(
            d.design,
            d.responses,
            q,
            (a) => idx.get(String(a[wardQ.code])) ?? -1,
            wards.length,
            minN,
          );
          wards.forEach((w, i) => values.push(toValue(w.code, est[i])));
        }
        for (const gq of groupQs) {
          const cats = gq.options.filter((o) => !o.excluded).map((o) => o.code);
          const idx = new Map(cats.map((c, i) => [c, i]));
          const est = this.estimate(
            d.design,
            d.responses,
            q,
            (a) => idx.get(categoryOf(gq, a[gq.code], false) ?? '') ?? -1,
            cats.length,
            minN,
          );
          cats.forEach((c, i) => values.push(toValue(areaCode, est[i], `${gq.code}:${c}`)));
        }
        written += await upsertIndicatorValues(
          tx,
          councilId,
          indicatorId,
          values,
          `Residents' survey: ${wave.survey_name}, ${wave.name}${d.weighted ? ' (weighted)' : ' (unweighted)'}`,
        );
      }
      await repo.markPublished(tx, councilId, wave.id);
      await this.services.audit.record(
        {
          councilId,
          userId: actorId,
          action: 'survey.published',
          targetType: 'survey_wave',
          targetId: wave.id,
          detail: { values: written },
        },
        tx,
      );
    });
    return written;
  }

  /**
   * The council indicator for a question version. A re-worded question (version 2 on) gets its own
   * indicator, so trends in area profiles never join figures from different wordings.
   */
  private async ensureIndicator(tx: Queryable, councilId: string, q: Question) {
    const code = q.version > 1 ? `survey.${q.code}.v${q.version}` : `survey.${q.code}`;
    const existing = await findIndicatorId(tx, councilId, code);
    if (existing) return existing;
    const spec = BUILT_IN_BY_CODE.get(q.code);
    const name = q.catalogue_key ? translate('en', `${q.catalogue_key}.headline`) : q.wording;
    await tx.query(
      `insert into indicators (council_id, code, name, framework, domain, unit, higher_is_better, source, geography_level, breakdowns, description)
       values ($1, $2, $3, 'survey', $4, $5, $6, $7, 'ward', $8::jsonb, $9) on conflict do nothing`,
      [
        councilId,
        code,
        name.slice(0, 200),
        q.section === 'own' ? 'council_survey' : q.section,
        q.kind === 'scale' ? 'mean' : 'proportion',
        spec?.higherIsBetter ?? null,
        q.source,
        JSON.stringify(['age_band', 'sex', 'ethnic_group', 'religion', 'disability']),
        `Residents' survey question: ${q.wording}`,
      ],
    );
    return (await findIndicatorId(tx, councilId, code))!;
  }
}

// ───────────── helpers ─────────────

export interface OwnQuestionInput {
  code: string;
  kind: 'choice' | 'scale';
  wording: string;
  hint: string;
  options: string[];
  positiveCount: number;
  excludedCount: number;
  source: string;
}

function ownVersion(input: OwnQuestionInput): repo.VersionInput {
  if (input.kind === 'scale') {
    return {
      kind: 'scale',
      wording: input.wording,
      hint: input.hint,
      options: [],
      scaleMin: 0,
      scaleMax: 10,
      source: input.source,
      catalogueKey: null,
    };
  }
  const n = input.options.length;
  if (n < 2) throw new DomainError('survey.questions.errors.options', 'options');
  if (input.positiveCount + input.excludedCount > n)
    throw new DomainError('survey.questions.errors.counts', 'positiveCount');
  const codes = new Set<string>();
  const options = input.options.map((label, i) => {
    let code =
      label
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '_')
        .replace(/^_+|_+$/g, '')
        .slice(0, 40) || `option_${i + 1}`;
    while (codes.has(code)) code = `${code}_${i + 1}`;
    codes.add(code);
    const o: StoredOption = { code, label };
    if (i < input.positiveCount) o.positive = true;
    if (i >= n - input.excludedCount) o.excluded = true;
    return o;
  });
  return {
    kind: 'choice',
    wording: input.wording,
    hint: input.hint,
    options,
    scaleMin: null,
    scaleMax: null,
    source: input.source,
    catalogueKey: null,
  };
}

/** The stored (English) version of a built-in question, from the catalogue. */
function builtInVersion(code: string): repo.VersionInput {
  const q = BUILT_IN_BY_CODE.get(code)!;
  const key = bankKey(code);
  const hint = translate('en', `${key}.hint`);
  return {
    kind: q.kind,
    wording: translate('en', `${key}.text`),
    hint: hint === `${key}.hint` ? '' : hint,
    options: (q.options ?? []).map((o) => ({ ...o, label: translate('en', `${key}.options.${o.code}`) })),
    scaleMin: q.scaleMin ?? null,
    scaleMax: q.scaleMax ?? null,
    source: q.source,
    catalogueKey: key,
  };
}

function sameWording(a: Question, b: Question) {
  return (
    a.wording === b.wording &&
    a.kind === b.kind &&
    JSON.stringify(a.options.map((o) => [o.code, o.label])) === JSON.stringify(b.options.map((o) => [o.code, o.label]))
  );
}

/** Option label in the reader's language: the catalogue for built-ins, the stored label otherwise. */
export function optionLabel(q: Question, code: string, lang: 'en' | 'cy' = 'en') {
  const opt = q.options.find((o) => o.code === code);
  if (q.catalogue_key && opt && translate('en', `${q.catalogue_key}.options.${code}`) === opt.label) {
    return translate(lang, `${q.catalogue_key}.options.${code}`);
  }
  return opt?.label ?? code;
}

function validCategory(q: Question, cat: string, grouped: boolean, wards: { code: string }[]) {
  if (q.kind === 'area') return !grouped && wards.some((w) => w.code === cat);
  if (q.kind === 'scale')
    return !grouped && /^\d+$/.test(cat) && Number(cat) >= (q.scale_min ?? 0) && Number(cat) <= (q.scale_max ?? 10);
  return grouped
    ? q.options.some((o) => !o.excluded && o.group === cat)
    : q.options.some((o) => !o.excluded && o.code === cat);
}

/** An online answer: an option code, a whole number in range, or a ward code. Null when invalid. */
export function validateAnswer(q: Question, raw: unknown, wards: { code: string }[]): string | number | null {
  if (typeof raw !== 'string' || raw.length > 100) return null;
  if (q.kind === 'scale') {
    if (!/^\d{1,2}$/.test(raw)) return null;
    const n = Number(raw);
    return n >= (q.scale_min ?? 0) && n <= (q.scale_max ?? 10) ? n : null;
  }
  if (q.kind === 'area') return wards.some((w) => w.code === raw) ? raw : null;
  return q.options.some((o) => o.code === raw) ? raw : null;
}

/** An imported cell: option code or label (any case), a number in range, or a ward code or name. */
export function importValue(q: Question, raw: string, wards: { code: string; name: string }[]): string | number | null {
  const low = raw.toLowerCase();
  if (q.kind === 'scale') {
    if (!/^\d{1,2}(\.0+)?$/.test(raw)) return null;
    const n = Number(raw);
    return n >= (q.scale_min ?? 0) && n <= (q.scale_max ?? 10) ? n : null;
  }
  if (q.kind === 'area') {
    const w = wards.find((x) => x.code.toLowerCase() === low || x.name.toLowerCase() === low);
    return w ? w.code : null;
  }
  const o = q.options.find((x) => x.code.toLowerCase() === low || x.label.toLowerCase() === low);
  return o ? o.code : null;
}

export type { QuestionKind, Section };

export function createSurveyService(db: Db, config: Pick<Config, 'baseUrl'>, services: { audit: AuditService }) {
  return new SurveyService(db, config, services);
}
