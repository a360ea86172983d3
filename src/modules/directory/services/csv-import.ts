/**
 * Imports the directory's CSV layout (csv.ts), all or nothing. The CSV carries only some of a record's fields:
 * the others (descriptions, a service's email, web address, locations, contacts and schedules, the partner link)
 * are kept from the stored record, and a category keeps its stored taxonomy. An organisation in the file gets
 * exactly the services its rows list; organisations not in the file are untouched. Records the file does not
 * change are not written, so re-importing an export changes nothing. Ownership rules are those of the JSON
 * import: ids of another council's records are refused, and a service cannot be taken from an organisation
 * that is not in the file.
 */
import { randomUUID } from 'node:crypto';
import type { Actor } from '../../../kernel/actor.ts';
import { readDirectoryCsv, type CsvProblem, type CsvRow } from '../csv.ts';
import type { DirectoryOrganisation, DirectoryService, ServiceInput } from '../model.ts';
import * as repo from '../repository.ts';
import type { DirectoryContext } from './context.ts';

/** The taxonomy of a category typed into a CSV (the one the service form uses). */
const CATEGORY_TAXONOMY = 'cohesion-observatory:activity';

export type CsvImportResult =
  { ok: true; organisations: number; services: number } | { ok: false; problems: CsvProblem[] };

interface PlannedOrganisation {
  id: string;
  line: number;
  name: string;
  email: string | null;
  website: string | null;
  stored: DirectoryOrganisation | null;
  services: { line: number; id: string; input: ServiceInput; stored: DirectoryService | null }[];
}

const key = (s: ServiceInput) =>
  JSON.stringify([
    s.name,
    s.description,
    s.status,
    s.email,
    s.url,
    s.minimumAge,
    s.maximumAge,
    s.capacity,
    s.serves,
    s.areas,
    s.locations,
    s.terms,
    s.contacts,
    s.schedules,
  ]);

export async function importDirectoryCsv(
  ctx: DirectoryContext,
  actor: Actor,
  bytes: Buffer,
  refs: { wards: Set<string>; groups: Set<string> },
  audit: (tx: Parameters<DirectoryContext['audit']['record']>[1], detail: Record<string, number>) => Promise<void>,
): Promise<CsvImportResult> {
  const read = await readDirectoryCsv(bytes);
  if (read.fatal) return { ok: false, problems: read.problems };
  const council = actor.council;
  const stored = await repo.loadOrganisations(ctx.db, council.id);
  const storedById = new Map(stored.map((o) => [o.id, o]));
  const storedByName = new Map(stored.map((o) => [o.name.toLowerCase(), o]));
  const storedServices = new Map(stored.flatMap((o) => o.services.map((s) => [s.id, s] as const)));
  const problems: CsvProblem[] = [...read.problems];
  const planned = new Map<string, PlannedOrganisation>();
  const newByName = new Map<string, string>();
  const serviceLines = new Map<string, number>();

  const organisationOf = (row: CsvRow): PlannedOrganisation | null => {
    const lower = row.organisation.name.toLowerCase();
    if (!row.organisationId && !storedByName.has(lower) && !newByName.has(lower)) newByName.set(lower, randomUUID());
    const id = row.organisationId ?? storedByName.get(lower)?.id ?? newByName.get(lower) ?? randomUUID();
    const o = planned.get(id);
    if (!o) {
      const p: PlannedOrganisation = {
        id,
        line: row.line,
        ...row.organisation,
        stored: storedById.get(id) ?? null,
        services: [],
      };
      planned.set(id, p);
      return p;
    }
    if (
      o.name !== row.organisation.name ||
      o.email !== row.organisation.email ||
      o.website !== row.organisation.website
    ) {
      problems.push({
        line: row.line,
        message: `the organisation's name, email or website differ from line ${o.line}`,
      });
      return null;
    }
    return o;
  };

  for (const row of read.rows) {
    const o = organisationOf(row);
    if (!o || !row.service) continue;
    const s = row.service;
    for (const code of s.areas)
      if (!refs.wards.has(code)) problems.push({ line: row.line, message: `${code} is not a ward of the council` });
    for (const g of s.serves)
      if (!refs.groups.has(g)) problems.push({ line: row.line, message: `"${g}" is not a census group` });
    const id = s.id ?? randomUUID();
    const seen = serviceLines.get(id);
    if (seen !== undefined) problems.push({ line: row.line, message: `the service id ${id} is also on line ${seen}` });
    serviceLines.set(id, row.line);
    const before = storedServices.get(id) ?? null;
    const taxonomy = new Map((before?.terms ?? []).map((t) => [t.name, t.taxonomy]));
    o.services.push({
      line: row.line,
      id,
      stored: before,
      input: {
        name: s.name,
        description: before?.description ?? '',
        status: s.status,
        email: before?.email ?? null,
        url: before?.url ?? null,
        minimumAge: s.minimumAge,
        maximumAge: s.maximumAge,
        capacity: s.capacity,
        serves: s.serves,
        areas: s.areas,
        locations: before?.locations ?? [],
        terms: s.categories.map((name) => ({ taxonomy: taxonomy.get(name) ?? CATEGORY_TAXONOMY, name })),
        contacts: before?.contacts ?? [],
        schedules: before?.schedules ?? [],
      },
    });
  }

  const lineOf = new Map<string, number>([
    ...[...planned.values()].map((o) => [o.id, o.line] as const),
    ...serviceLines,
  ]);
  for (const id of await repo.idsOfOtherCouncils(ctx.db, council.id, [...lineOf.keys()]))
    problems.push({ line: lineOf.get(id) ?? 1, message: `the id ${id} belongs to another council's directory` });
  for (const o of planned.values())
    for (const s of o.services)
      if (s.stored && s.stored.organisationId !== o.id && !planned.has(s.stored.organisationId))
        problems.push({
          line: s.line,
          message: `the service id ${s.id} belongs to "${storedById.get(s.stored.organisationId)?.name ?? '?'}", not in this file`,
        });
  if (problems.length) return { ok: false, problems: problems.sort((a, b) => a.line - b.line) };

  try {
    return await ctx.db.transaction(async (tx) => {
      const kept = new Set([...planned.values()].flatMap((o) => o.services.map((s) => s.id)));
      for (const o of planned.values())
        for (const s of o.stored?.services ?? []) if (!kept.has(s.id)) await repo.deleteService(tx, council.id, s.id);
      for (const o of planned.values()) {
        if (await repo.organisationNameTaken(tx, council.id, o.name, o.id)) throw new CsvClash(o.line, o.name);
        const input = {
          name: o.name,
          description: o.stored?.description ?? '',
          email: o.email,
          website: o.website,
          partnerOrganisationId: o.stored?.partnerOrganisationId ?? null,
        };
        if (!o.stored) await repo.insertOrganisation(tx, council.id, input, o.id);
        else if (o.stored.name !== o.name || o.stored.email !== o.email || o.stored.website !== o.website)
          await repo.updateOrganisation(tx, council.id, o.id, input);
      }
      // Services moving between organisations of the file go first, so no id is held twice.
      for (const o of planned.values())
        for (const s of o.services)
          if (s.stored && s.stored.organisationId !== o.id) await repo.deleteService(tx, council.id, s.id);
      for (const o of planned.values())
        for (const s of o.services) {
          if (!s.stored || s.stored.organisationId !== o.id)
            await repo.insertService(tx, council.id, o.id, s.input, s.id);
          else if (key(s.stored) !== key(s.input)) await repo.replaceService(tx, council.id, s.id, s.input);
        }
      const services = [...planned.values()].reduce((n, o) => n + o.services.length, 0);
      await audit(tx, { organisations: planned.size, services });
      return { ok: true as const, organisations: planned.size, services };
    });
  } catch (error) {
    if (error instanceof CsvClash)
      return {
        ok: false,
        problems: [{ line: error.line, message: `another organisation is already called "${error.message}"` }],
      };
    throw error;
  }
}

class CsvClash extends Error {
  constructor(
    readonly line: number,
    name: string,
  ) {
    super(name);
  }
}
