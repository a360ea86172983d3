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
import type { Actor } from '../../../kernel/actor.ts';
import { DomainError } from '../../../kernel/errors.ts';
import { outcomeItem, type LineProblem, type OutcomeItem, type ParticipantInput } from '../model.ts';
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
      // Locked so that the same file sent twice at once (a double click) is imported one after the other.
      if (!(await repo.lockById(tx, actor.council.id, evaluationId))) throw new DomainError('errors.notFound');
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
