/**
 * Bulk editing: every action of the council's plans as CSV, and the same CSV imported back. The import checks
 * every row (each bad row is reported with its line) and writes nothing unless all are good; then one
 * transaction updates the rows that changed and creates those without a reference. Exporting and importing
 * again without edits changes nothing.
 */
import { z } from 'zod';
import type { Actor } from '../../../kernel/actor.ts';
import { DomainError } from '../../../kernel/errors.ts';
import type { CsvRecord } from '../../../lib/csv.ts';
import { csvFromRows } from '../../../lib/csv-write.ts';
import { isCalendarDate } from '../../../lib/dates.ts';
import { hasControlCharacters, neutraliseBidi } from '../../../lib/text.ts';
import * as repo from '../repository/index.ts';
import { ACTION_STATUSES, RAGS } from '../rules.ts';
import { mayOwn, sameAction, type ActionInput, type ActionsService } from './actions.ts';
import { ensureAllowed, type PlansContext } from './context.ts';

export const ACTION_COLUMNS = [
  'plan_id',
  'reference',
  'outcome_id',
  'title',
  'description',
  'owner_email',
  'organisation',
  'lead_officer',
  'areas',
  'start_on',
  'due_on',
  'budget',
  'status',
  'rag',
  'rag_reason',
  'progress',
  'weight',
] as const;

export interface RowProblem {
  line: number;
  key: string;
  params?: Record<string, string | number>;
}

export interface ImportOutcome {
  created: number;
  updated: number;
  unchanged: number;
}

/** Thrown when any row is bad: nothing was written. */
export class ActionImportError extends Error {
  constructor(readonly problems: RowProblem[]) {
    super(`${problems.length} rows could not be imported`);
    this.name = 'ActionImportError';
  }
}

const date = z.union([z.literal(''), z.string().refine(isCalendarDate)]);
const uuid = z.string().uuid();
const rowSchema = z.object({
  plan_id: uuid,
  reference: z.union([z.literal(''), z.string().regex(/^A-\d{1,6}$/)]),
  outcome_id: uuid,
  title: z.string().trim().min(1).max(200),
  description: z.string().max(5000),
  owner_email: z.string().max(320),
  organisation: z.string().max(200),
  lead_officer: z.string().max(200),
  areas: z.string().max(2000),
  start_on: date,
  due_on: date,
  budget: z.union([z.literal(''), z.string().regex(/^\d{1,12}(\.\d{1,2})?$/)]),
  status: z.enum(ACTION_STATUSES),
  rag: z.union([z.literal(''), z.enum(RAGS)]),
  rag_reason: z.string().max(2000),
  progress: z.string().regex(/^(100|[1-9]?\d)$/),
  weight: z.string().regex(/^(100|[1-9]\d?)$/),
});

/** Undoes the writer's formula guard (a leading quote before = + - @), so text survives a round trip. */
const unguard = (s: string) => (/^'[=+\-@\t\r]/.test(s) ? s.slice(1) : s);

export class ActionsCsvService {
  constructor(
    private readonly ctx: PlansContext,
    private readonly actions: ActionsService,
  ) {}

  /** Every action the actor may see, as CSV. */
  async exportCsv(actor: Actor): Promise<string> {
    const [rows, members] = await Promise.all([
      this.actions.list(actor),
      repo.listMembers(this.ctx.db, actor.council.id),
    ]);
    const email = new Map(members.map((m) => [m.id, m.email]));
    return csvFromRows([
      [...ACTION_COLUMNS],
      ...rows.map((a) => [
        a.plan_id,
        a.reference,
        a.outcome_id,
        a.title,
        a.description,
        a.owner_user_id ? (email.get(a.owner_user_id) ?? '') : '',
        a.organisation_name ?? '',
        a.lead_officer,
        a.area_codes.join(' '),
        a.start_on ?? '',
        a.due_on ?? '',
        a.budget === null ? '' : a.budget.toFixed(2),
        a.status,
        a.rag ?? '',
        a.rag_reason,
        String(a.progress),
        String(a.weight),
      ]),
    ]);
  }

  /** Checks every row and, only if all are good, applies them in one transaction. */
  async importRows(actor: Actor, header: readonly string[], rows: readonly CsvRecord[]): Promise<ImportOutcome> {
    ensureAllowed(actor, 'plans.edit');
    const missing = ACTION_COLUMNS.filter((c) => !header.includes(c));
    if (missing.length)
      throw new ActionImportError([
        { line: 1, key: 'plans.csv.errors.columns', params: { columns: missing.join(', ') } },
      ]);
    const c = actor.council.id;
    const [plans, members, organisations, existing] = await Promise.all([
      repo.listPlans(this.ctx.db, c),
      repo.listMembers(this.ctx.db, c),
      this.ctx.admin.organisations(c),
      repo.listActions(this.ctx.db, c, {}),
    ]);
    const outcomes = (await Promise.all(plans.map((p) => repo.listOutcomes(this.ctx.db, c, p.id)))).flat();
    const outcomePlan = new Map(outcomes.map((o) => [o.id, o.plan_id]));
    const planIds = new Set(plans.map((p) => p.id));
    const byEmail = new Map(members.filter(mayOwn).map((m) => [m.email.toLowerCase(), m.id]));
    const byOrg = new Map(organisations.map((o) => [o.name, o.id]));
    const byRef = new Map(existing.map((a) => [`${a.plan_id}/${a.reference}`, a]));
    const wards = actor.council.areaCode ? await this.ctx.geography.descendants(actor.council.areaCode, 'ward') : [];
    const areas = new Set([actor.council.areaCode, ...wards.map((w) => w.code)]);
    const problems: RowProblem[] = [];
    const planned: { line: number; id: string | null; planId: string; input: ActionInput }[] = [];
    const seen = new Set<string>();
    for (const { line, record } of rows) {
      const raw = Object.fromEntries(ACTION_COLUMNS.map((k) => [k, neutraliseBidi(unguard(record[k] ?? ''))]));
      // A replacement character means the file was not UTF-8 (a spreadsheet's "CSV" in Windows-1252, say);
      // a control character cannot have been typed and cannot be stored.
      const unreadable = ACTION_COLUMNS.find((k) => raw[k].includes('\uFFFD'));
      if (unreadable) {
        problems.push({ line, key: 'plans.csv.errors.encoding', params: { column: unreadable } });
        continue;
      }
      const control = ACTION_COLUMNS.find((k) => hasControlCharacters(raw[k]));
      if (control) {
        problems.push({ line, key: 'plans.csv.errors.control', params: { column: control } });
        continue;
      }
      const parsed = rowSchema.safeParse(raw);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        problems.push({ line, key: 'plans.csv.errors.field', params: { column: String(issue.path[0] ?? '') } });
        continue;
      }
      const r = parsed.data;
      const bad = (key: string, params?: Record<string, string | number>) => problems.push({ line, key, params });
      if (!planIds.has(r.plan_id)) {
        bad('plans.csv.errors.plan');
        continue;
      }
      if (outcomePlan.get(r.outcome_id) !== r.plan_id) {
        bad('plans.csv.errors.outcome');
        continue;
      }
      const ownerUserId = r.owner_email ? (byEmail.get(r.owner_email.toLowerCase()) ?? null) : null;
      if (r.owner_email && !ownerUserId) {
        bad('plans.csv.errors.owner');
        continue;
      }
      const organisationId = r.organisation ? (byOrg.get(r.organisation) ?? null) : null;
      if (r.organisation && !organisationId) {
        bad('plans.csv.errors.organisation');
        continue;
      }
      const areaCodes = r.areas.split(/\s+/).filter(Boolean);
      if (areaCodes.some((a) => !areas.has(a))) {
        bad('plans.csv.errors.areas');
        continue;
      }
      if (r.start_on && r.due_on && r.due_on < r.start_on) {
        bad('plans.csv.errors.dates');
        continue;
      }
      if ((r.rag === 'amber' || r.rag === 'red') && !r.rag_reason.trim()) {
        bad('plans.csv.errors.ragReason');
        continue;
      }
      let id: string | null = null;
      if (r.reference) {
        const key = `${r.plan_id}/${r.reference}`;
        const found = byRef.get(key);
        if (!found) {
          bad('plans.csv.errors.reference', { reference: r.reference });
          continue;
        }
        if (seen.has(key)) {
          bad('plans.csv.errors.duplicate', { reference: r.reference });
          continue;
        }
        seen.add(key);
        id = found.id;
      }
      planned.push({
        line,
        id,
        planId: r.plan_id,
        input: {
          outcomeId: r.outcome_id,
          title: r.title,
          description: r.description,
          ownerUserId,
          organisationId,
          leadOfficer: r.lead_officer,
          areaCodes,
          startOn: r.start_on || null,
          dueOn: r.due_on || null,
          budget: r.budget ? Number(r.budget) : null,
          status: r.status,
          rag: r.rag || null,
          ragReason: r.rag_reason,
          progress: Number(r.progress),
          weight: Number(r.weight),
        },
      });
    }
    if (problems.length) throw new ActionImportError(problems);
    const outcome: ImportOutcome = { created: 0, updated: 0, unchanged: 0 };
    const refs = await this.actions.references(actor);
    await this.ctx.db.transaction(async (tx) => {
      for (const p of planned) {
        try {
          if (p.id === null) {
            await this.actions.create(actor, p.input, null, { tx, refs });
            outcome.created++;
          } else {
            const before = existing.find((a) => a.id === p.id);
            if (before && sameAction(before, p.input)) outcome.unchanged++;
            else if (await this.actions.update(actor, p.id, p.input, { tx, refs })) outcome.updated++;
            else outcome.unchanged++;
          }
        } catch (err) {
          if (err instanceof DomainError)
            throw new ActionImportError([{ line: p.line, key: err.key, params: err.params }]);
          throw err;
        }
      }
      await this.ctx.audit.record(
        {
          councilId: c,
          userId: actor.userId,
          action: 'plans.actions_imported',
          targetType: 'plan.action',
          detail: { created: outcome.created, updated: outcome.updated, unchanged: outcome.unchanged },
        },
        tx,
      );
    });
    return outcome;
  }
}
