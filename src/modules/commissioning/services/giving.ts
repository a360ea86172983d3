/**
 * 360Giving export and import of the council's grants: a JSON package (validated against the standard's
 * package schema in the tests) and the standard's flattened spreadsheet columns as CSV. An import is checked
 * grant by grant; if any grant has a problem nothing is written and every problem is reported with its line
 * (CSV) or grant number (JSON); otherwise one transaction adds new grants and updates changed ones (matched by
 * identifier), and a grant that is the same as stored is left alone, so a round trip changes nothing.
 */
import { isUtf8 } from 'node:buffer';
import { readCsvBuffer, CsvReadError } from '../../../lib/csv.ts';
import { csvFromRows } from '../../../lib/csv-write.ts';
import type { Actor, Council } from '../../../kernel/actor.ts';
import type { LinkRef } from '../../../kernel/links.ts';
import {
  checkGrant,
  flatten,
  toGrant360,
  toPackage,
  unflatten,
  type CheckedGrant,
  type Funder,
  type ImportEnv,
  type Package360,
} from '../giving360.ts';
import type { GrantRow, LineProblem } from '../model.ts';
import * as repo from '../repository/grants.ts';
import { listProgrammes } from '../repository/programmes.ts';
import { audit, wardsOf, type CommissioningContext } from './context.ts';
import type { ProgrammesService } from './programmes.ts';

export type ImportOutcome =
  { ok: true; created: number; updated: number; unchanged: number } | { ok: false; problems: LineProblem[] };

/** At most this many problems are listed; the count says how many more there were. */
const MAX_PROBLEMS = 50;

const sameGrant = (a: GrantRow, b: CheckedGrant) =>
  a.title === b.title &&
  a.description === b.description &&
  a.amount === b.amount &&
  a.award_date === b.awardDate &&
  a.planned_start === b.plannedStart &&
  a.planned_end === b.plannedEnd &&
  a.recipient_id === b.recipientId &&
  a.programme_id === b.programmeId &&
  [...a.areas].sort().join() === b.areas.join();

export class GivingService {
  constructor(
    private readonly ctx: CommissioningContext,
    private readonly programmes: ProgrammesService,
  ) {}

  private async funder(council: Council): Promise<Funder> {
    const s = await this.programmes.settings(council);
    return { name: council.name, identifier: s.funderIdentifier, prefix: s.prefix };
  }

  /** The council's awarded grants (withdrawn ones left out) as a 360Giving package, optionally only those linked to `link`. */
  async package(council: Council, link: LinkRef | null = null): Promise<Package360> {
    const [funder, wards, rows] = await Promise.all([
      this.funder(council),
      wardsOf(this.ctx, council),
      repo.listGrants(this.ctx.db, council.id, { link }),
    ]);
    const names = new Map(wards.map((w) => [w.code, w.name]));
    const grants = rows
      .filter((g) => g.status !== 'withdrawn')
      .sort((a, b) => a.identifier.localeCompare(b.identifier))
      .map((g) => toGrant360(g, funder, names));
    return toPackage(grants, funder, this.ctx.clock());
  }

  async csv(council: Council, link: LinkRef | null = null): Promise<string> {
    const pkg = await this.package(council, link);
    return csvFromRows(flatten(pkg.grants));
  }

  private async env(council: Council): Promise<ImportEnv> {
    const [settings, wards, programmes, recipients] = await Promise.all([
      this.programmes.settings(council),
      wardsOf(this.ctx, council),
      listProgrammes(this.ctx.db, council.id),
      repo.recipients(this.ctx.db, council.id),
    ]);
    const byId = new Map<string, string>();
    for (const r of recipients) {
      byId.set(r.organisation_id, r.organisation_id);
      if (r.org_identifier) byId.set(r.org_identifier, r.organisation_id);
    }
    return {
      prefix: settings.prefix,
      funderIdentifier: settings.funderIdentifier,
      wards: new Set(wards.map((w) => w.code)),
      programmes: new Map(programmes.map((p) => [p.code, p.id])),
      recipientsById: byId,
      recipientsByName: new Map(recipients.map((r) => [r.name, r.organisation_id])),
    };
  }

  /** Checks a 360Giving JSON package and imports its grants, all or nothing. */
  async importJson(actor: Actor, text: string): Promise<ImportOutcome> {
    // Bytes that were not UTF-8 were decoded as U+FFFD: say so rather than store mangled names.
    if (text.includes('\uFFFD'))
      return { ok: false, problems: [{ line: 0, key: 'commissioning.import.errors.encoding' }] };
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return { ok: false, problems: [{ line: 0, key: 'commissioning.import.errors.json' }] };
    }
    const grants = (parsed as { grants?: unknown } | null)?.grants;
    if (!Array.isArray(grants) || grants.length === 0)
      return { ok: false, problems: [{ line: 0, key: 'commissioning.import.errors.noGrants' }] };
    return this.apply(
      actor,
      grants.map((g, i) => ({ line: i + 1, grant: g })),
    );
  }

  /** Checks a 360Giving spreadsheet (CSV, column titles as the standard's) and imports its grants. */
  async importCsv(actor: Actor, file: Buffer): Promise<ImportOutcome> {
    if (!isUtf8(file)) return { ok: false, problems: [{ line: 0, key: 'commissioning.import.errors.encoding' }] };
    const rows: { line: number; grant: unknown }[] = [];
    try {
      for await (const { line, record } of readCsvBuffer(file, { trim: true }))
        rows.push({ line, grant: unflatten(record) });
    } catch (err) {
      if (err instanceof CsvReadError)
        return { ok: false, problems: [{ line: err.line ?? 0, key: 'commissioning.import.errors.csv' }] };
      throw err;
    }
    if (rows.length === 0) return { ok: false, problems: [{ line: 0, key: 'commissioning.import.errors.noGrants' }] };
    return this.apply(actor, rows);
  }

  private async apply(actor: Actor, rows: { line: number; grant: unknown }[]): Promise<ImportOutcome> {
    const env = await this.env(actor.council);
    const problems: LineProblem[] = [];
    const checked: CheckedGrant[] = [];
    const seen = new Map<string, number>();
    for (const { line, grant } of rows) {
      const out = checkGrant(grant, line, env);
      problems.push(...out.problems);
      if (!out.grant) continue;
      const earlier = seen.get(out.grant.identifier);
      if (earlier !== undefined)
        problems.push({ line, key: 'commissioning.import.errors.duplicate', params: { line: earlier } });
      seen.set(out.grant.identifier, line);
      checked.push(out.grant);
    }
    if (problems.length) return { ok: false, problems: problems.slice(0, MAX_PROBLEMS) };
    const councilId = actor.council.id;
    return this.ctx.db.transaction(async (tx) => {
      let created = 0;
      let updated = 0;
      let unchanged = 0;
      for (const g of checked) {
        const existing = await repo.findGrantByIdentifier(tx, councilId, g.identifier);
        const input = {
          programmeId: g.programmeId,
          recipientId: g.recipientId,
          title: g.title,
          description: g.description,
          amount: g.amount,
          awardDate: g.awardDate,
          plannedStart: g.plannedStart,
          plannedEnd: g.plannedEnd,
          areas: g.areas,
          status: existing?.status ?? ('active' as const),
          links: [],
        };
        if (!existing) {
          await repo.insertGrant(tx, councilId, g.identifier, input);
          created++;
        } else if (!sameGrant(existing, g)) {
          await repo.updateGrant(tx, councilId, existing.id, input);
          updated++;
        } else unchanged++;
      }
      await audit(
        this.ctx,
        tx,
        actor,
        'commissioning.grants.imported',
        { type: 'council', id: councilId },
        {
          created,
          updated,
        },
      );
      return { ok: true as const, created, updated, unchanged };
    });
  }
}
