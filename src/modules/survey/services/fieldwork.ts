/**
 * Fieldwork import: a CSV is uploaded and read (its header and parsed rows are kept, never the file), the
 * analyst maps its columns to the wave's questions, and the mapping is applied all or nothing: every bad
 * cell and duplicate id is listed with its line, rows are upserted by (wave, respondent id), and the wave's
 * weights are cleared because they no longer match the respondents. A name-generator question is read from
 * its wide columns (`<code>_contact<n>_<field>`, found by name: contacts-import.ts), validated row by row with
 * the other answers.
 */
import type { Actor, Council } from '../../../kernel/actor.ts';
import { DomainError } from '../../../kernel/errors.ts';
import type { Answers, ImportDataRow, LineProblem, Question, WaveRow } from '../model.ts';
import { contactColumns, readContactCells } from '../contacts-import.ts';
import { importValue } from '../questions.ts';
import * as repo from '../repository/imports.ts';
import * as responsesRepo from '../repository/responses.ts';
import * as wavesRepo from '../repository/waves.ts';
import { audit, wardsOf, type SurveyContext } from './context.ts';
import { readUpload } from './fieldwork-csv.ts';

const MAX_PROBLEMS = 200;
const BATCH = 5000;

export type Outcome<T> = ({ ok: true } & T) | { ok: false; problems: LineProblem[]; problemCount: number };

/** Collects problems, listing the first MAX_PROBLEMS and counting them all. */
function problemList() {
  const problems: LineProblem[] = [];
  let count = 0;
  return {
    add(p: LineProblem) {
      count++;
      if (problems.length < MAX_PROBLEMS) problems.push(p);
    },
    get count() {
      return count;
    },
    failed: () => ({ ok: false as const, problems, problemCount: count }),
  };
}

/** Thrown inside the upload's transaction to undo the rows stored before a problem was found. */
class Rejected extends Error {}

export class FieldworkService {
  constructor(private readonly ctx: SurveyContext) {}

  /**
   * Reads an uploaded CSV and stores its header and rows for mapping. A file-level problem (unreadable,
   * empty, a blank or repeated column name, too large) is a DomainError on `file`; cells with control
   * characters are listed by line. Either way nothing is stored.
   */
  async upload(actor: Actor, wave: WaveRow, filename: string, content: Uint8Array): Promise<Outcome<{ id: string }>> {
    const councilId = ownWave(actor, wave);
    const problems = problemList();
    try {
      const id = await this.ctx.db.transaction(async (tx) => {
        await repo.deleteStaleImports(tx, councilId);
        const name = filename.slice(0, 200) || 'upload.csv';
        const id = await repo.insertImport(tx, councilId, wave.id, actor.userId, name, [], 0);
        let batch: ImportDataRow[] = [];
        const { columns, rows } = await readUpload(
          content,
          async (row) => {
            batch.push(row);
            if (batch.length < 1000) return;
            await repo.insertImportRows(tx, councilId, id, batch);
            batch = [];
          },
          (p) => problems.add(p),
        );
        if (problems.count) throw new Rejected();
        await repo.insertImportRows(tx, councilId, id, batch);
        await repo.setImportHeader(tx, councilId, id, columns, rows);
        await audit(this.ctx, tx, actor, 'survey.import_uploaded', { type: 'survey_wave', id: wave.id }, { rows });
        return id;
      });
      return { ok: true, id };
    } catch (err) {
      if (err instanceof Rejected) return problems.failed();
      throw err;
    }
  }

  /** An upload of the wave: its columns and row count. */
  file(council: Council, waveId: string, importId: string) {
    return repo.findImport(this.ctx.db, council.id, waveId, importId);
  }

  /**
   * Applies a column-to-question mapping: every row is validated first (problems reported with their
   * line), then all rows are written in one transaction, keyed by wave and respondent id, so importing
   * the same file again updates the same respondents instead of adding them twice.
   */
  async apply(
    actor: Actor,
    wave: WaveRow,
    importId: string,
    idColumn: string,
    mapping: Record<string, string>,
  ): Promise<Outcome<{ rows: number }>> {
    const councilId = ownWave(actor, wave);
    const file = await repo.findImport(this.ctx.db, councilId, wave.id, importId);
    if (!file) throw new DomainError('errors.notFound');
    // A second submit of the same mapping (a double click): already done, nothing to repeat.
    if (file.completed_at) return { ok: true, rows: file.row_count };
    const idIndex = file.columns.indexOf(idColumn);
    if (idIndex < 0) throw new DomainError('survey.import.errors.idColumn', 'idColumn');
    const questions = await wavesRepo.waveQuestions(this.ctx.db, councilId, wave.id);
    const contacts = contactColumns(file.columns, questions);
    const used = checkMapping(file.columns, questions, mapping, contacts.length > 0);
    const wards = await wardsOf(this.ctx, actor.council);
    const problems = problemList();
    const rows: { externalId: string; answers: Answers }[] = [];
    const seenIds = new Map<string, number>();
    for (let after = 0; ;) {
      const batch = await repo.importRowsAfter(this.ctx.db, councilId, file.id, after, BATCH);
      if (!batch.length) break;
      after = batch[batch.length - 1].line;
      for (const { line, cells } of batch) {
        const id = (cells[idIndex] ?? '').trim();
        const first = seenIds.get(id);
        if (!id) problems.add({ line, key: 'survey.import.errors.noId', params: { column: idColumn } });
        else if (id.length > 100) problems.add({ line, key: 'survey.import.errors.longId', params: {} });
        else if (first !== undefined)
          problems.add({ line, key: 'survey.import.errors.duplicateId', params: { id, first } });
        else seenIds.set(id, line);
        const answers: Answers = {};
        for (const { column, index, question } of used) {
          const raw = (cells[index] ?? '').trim();
          if (raw === '' || raw.toUpperCase() === 'NA') continue;
          const value = importValue(question, raw, wards);
          if (value !== null) answers[question.code] = value;
          else
            problems.add({
              line,
              key: 'survey.import.errors.badValue',
              params: { column, value: raw.slice(0, 40), question: question.code },
            });
        }
        for (const group of contacts) {
          const read = readContactCells(group, cells);
          for (const p of read.problems) problems.add({ line, ...p });
          if (read.value !== null) answers[group.question.code] = read.value;
        }
        rows.push({ externalId: id, answers });
      }
    }
    if (problems.count) return problems.failed();
    const written = await this.ctx.db.transaction(async (tx) => {
      const n = await responsesRepo.upsertImported(tx, councilId, wave.id, rows);
      await repo.completeImport(tx, councilId, file.id);
      await responsesRepo.setWeights(tx, councilId, wave.id, [], []);
      await wavesRepo.setWeighting(tx, councilId, wave.id, null);
      await audit(this.ctx, tx, actor, 'survey.responses_imported', { type: 'survey_wave', id: wave.id }, { rows: n });
      return n;
    });
    return { ok: true, rows: written };
  }
}

/**
 * The mapped columns with their position and question; a DomainError on `mapping` when it cannot be used (nothing
 * mapped and no name-generator columns, a question mapped twice, or a name generator mapped to one column).
 */
function checkMapping(columns: string[], questions: Question[], mapping: Record<string, string>, wide: boolean) {
  const byCode = new Map(questions.map((q) => [q.code, q]));
  const used: { column: string; index: number; question: Question }[] = [];
  const seen = new Set<string>();
  for (const [column, code] of Object.entries(mapping)) {
    if (!code) continue;
    const index = columns.indexOf(column);
    const question = byCode.get(code);
    if (index < 0 || !question) throw new DomainError('survey.import.errors.noMapping', 'mapping');
    if (question.kind === 'contacts')
      throw new DomainError('survey.import.errors.contactsMapped', 'mapping', { question: code });
    if (seen.has(code)) throw new DomainError('survey.import.errors.mappedTwice', 'mapping', { question: code });
    seen.add(code);
    used.push({ column, index, question });
  }
  if (!used.length && !wide) throw new DomainError('survey.import.errors.noMapping', 'mapping');
  return used;
}

/** The actor's council, which must own the wave. */
function ownWave(actor: Actor, wave: Pick<WaveRow, 'council_id'>): string {
  if (wave.council_id !== actor.council.id) throw new DomainError('errors.notFound');
  return actor.council.id;
}
