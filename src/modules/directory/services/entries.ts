/**
 * Organisations and their services: add, change, remove, and import and export as Open Referral UK JSON or CSV.
 * Every change writes its audit entry in the same transaction. An import is all or nothing: every problem is
 * reported with its JSON path, and nothing is stored while there is one.
 */
import type { Actor, Council } from '../../../kernel/actor.ts';
import { DomainError } from '../../../kernel/errors.ts';
import type { LinkProvider, LinkRef, LinkTarget } from '../../../kernel/links.ts';
import { actorCan } from '../../../kernel/access.ts';
import { toCsv } from '../../../lib/csv-write.ts';
import type { DirectoryOrganisation, OrganisationInput, ServiceInput } from '../model.ts';
import { CSV_COLUMNS, type CsvProblem } from '../csv.ts';
import { fromOruk, toOruk, type OrukProblem } from '../oruk.ts';
import * as repo from '../repository.ts';
import type { DirectoryContext } from './context.ts';
import { importDirectoryCsv } from './csv-import.ts';

export type ImportResult =
  { ok: true; organisations: number; services: number } | { ok: false; problems: OrukProblem[] };
export type FileImportResult =
  | { ok: true; organisations: number; services: number }
  | { ok: false; format: 'json'; problems: OrukProblem[] }
  | { ok: false; format: 'csv'; problems: CsvProblem[] };
export type ImportFormat = 'auto' | 'json' | 'csv';

/** JSON when the file starts (after a byte order mark and white space) with `{` or `[`; otherwise CSV. */
export function detectFormat(bytes: Buffer): 'json' | 'csv' {
  const head = bytes
    .subarray(0, 64)
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart();
  return head.startsWith('{') || head.startsWith('[') ? 'json' : 'csv';
}

export class DirectoryEntries {
  constructor(private readonly ctx: DirectoryContext) {}

  list(council: Pick<Council, 'id'>) {
    return repo.listOrganisations(this.ctx.db, council.id);
  }

  async organisation(council: Pick<Council, 'id'>, id: string): Promise<DirectoryOrganisation | null> {
    return (await repo.loadOrganisations(this.ctx.db, council.id, [id]))[0] ?? null;
  }

  all(council: Pick<Council, 'id'>) {
    return repo.loadOrganisations(this.ctx.db, council.id);
  }

  /** The council's wards (code and name) that services can cover. */
  async wards(council: Pick<Council, 'areaCode'>) {
    if (!council.areaCode) return [];
    return this.ctx.geography.descendants(council.areaCode, 'ward');
  }

  /** The census groups services can say they serve: the categories of the council's ethnic group dataset. */
  async groups(council: Pick<Council, 'id' | 'areaCode'>): Promise<{ dataset: string; categories: string[] } | null> {
    const choices = await this.ctx.insight.segregation.choices(council);
    const base = choices.bases[0];
    return base ? { dataset: base.dataset, categories: base.categories } : null;
  }

  partners(council: Pick<Council, 'id'>) {
    return this.ctx.admin.organisations(council.id);
  }

  private async checkPartner(actor: Actor, partnerId: string | null) {
    if (partnerId === null) return;
    const partners = await this.ctx.admin.organisations(actor.council.id);
    if (!partners.some((p) => p.id === partnerId))
      throw new DomainError('directory.errors.unknownPartner', 'partnerOrganisationId');
  }

  private async checkService(council: Pick<Council, 'id' | 'areaCode'>, s: ServiceInput) {
    const wards = new Set((await this.wards(council)).map((w) => w.code));
    const bad = s.areas.find((c) => !wards.has(c));
    if (bad) throw new DomainError('directory.errors.unknownWard', 'areas', { code: bad });
    const groups = new Set((await this.groups(council))?.categories ?? []);
    const badGroup = s.serves.find((g) => !groups.has(g));
    if (badGroup) throw new DomainError('directory.errors.unknownGroup', 'serves', { group: badGroup });
    if (s.minimumAge !== null && s.maximumAge !== null && s.minimumAge > s.maximumAge)
      throw new DomainError('directory.errors.ages', 'maximumAge');
  }

  async addOrganisation(actor: Actor, input: OrganisationInput): Promise<string> {
    await this.checkPartner(actor, input.partnerOrganisationId);
    return this.ctx.db.transaction(async (tx) => {
      if (await repo.organisationNameTaken(tx, actor.council.id, input.name, null))
        throw new DomainError('directory.errors.duplicate', 'name');
      const id = await repo.insertOrganisation(tx, actor.council.id, input);
      await this.audit(tx, actor, 'directory.organisation.added', id);
      return id;
    });
  }

  async updateOrganisation(actor: Actor, id: string, input: OrganisationInput): Promise<void> {
    await this.checkPartner(actor, input.partnerOrganisationId);
    await this.ctx.db.transaction(async (tx) => {
      if (await repo.organisationNameTaken(tx, actor.council.id, input.name, id))
        throw new DomainError('directory.errors.duplicate', 'name');
      if (!(await repo.updateOrganisation(tx, actor.council.id, id, input))) throw new DomainError('errors.notFound');
      await this.audit(tx, actor, 'directory.organisation.changed', id);
    });
  }

  async removeOrganisation(actor: Actor, id: string): Promise<void> {
    await this.ctx.db.transaction(async (tx) => {
      await repo.deleteOrganisation(tx, actor.council.id, id);
      await this.audit(tx, actor, 'directory.organisation.removed', id);
    });
  }

  async addService(actor: Actor, organisationId: string, input: ServiceInput): Promise<string> {
    await this.checkService(actor.council, input);
    return this.ctx.db.transaction(async (tx) => {
      if (!(await repo.loadOrganisations(tx, actor.council.id, [organisationId])).length)
        throw new DomainError('errors.notFound');
      const id = await repo.insertService(tx, actor.council.id, organisationId, input);
      await this.audit(tx, actor, 'directory.service.added', id);
      return id;
    });
  }

  async updateService(actor: Actor, id: string, input: ServiceInput): Promise<void> {
    await this.checkService(actor.council, input);
    await this.ctx.db.transaction(async (tx) => {
      if (!(await repo.replaceService(tx, actor.council.id, id, input))) throw new DomainError('errors.notFound');
      await this.audit(tx, actor, 'directory.service.changed', id);
    });
  }

  serviceOrganisation(council: Pick<Council, 'id'>, serviceId: string) {
    return repo.serviceOrganisation(this.ctx.db, council.id, serviceId);
  }

  async removeService(actor: Actor, id: string): Promise<void> {
    await this.ctx.db.transaction(async (tx) => {
      await repo.deleteService(tx, actor.council.id, id);
      await this.audit(tx, actor, 'directory.service.removed', id);
    });
  }

  /** Open Referral UK: the council's organisations (an organization_package), services nested. */
  async exportOruk(council: Pick<Council, 'id' | 'areaCode'>) {
    const names = new Map((await this.wards(council)).map((w) => [w.code, w.name]));
    return (await this.all(council)).map((o) => toOruk(o, names));
  }

  /** One row per service (organisations without services get one row with empty service fields). */
  async exportCsv(council: Pick<Council, 'id'>): Promise<string> {
    const rows = (await this.all(council)).flatMap((o) => {
      const base = { organisation_id: o.id, organisation: o.name, email: o.email, website: o.website };
      if (!o.services.length) return [base];
      return o.services.map((s) => ({
        ...base,
        service_id: s.id,
        service: s.name,
        status: s.status,
        capacity: s.capacity,
        serves: s.serves.join(';'),
        wards: s.areas.join(';'),
        categories: s.terms.map((t) => t.name).join(';'),
        minimum_age: s.minimumAge,
        maximum_age: s.maximumAge,
        last_modified: s.lastModified.toISOString(),
      }));
    });
    return toCsv(rows, CSV_COLUMNS);
  }

  /** Imports a file as JSON or CSV (`auto`: as {@link detectFormat} says). */
  async importFile(actor: Actor, bytes: Buffer, format: ImportFormat): Promise<FileImportResult> {
    const as = format === 'auto' ? detectFormat(bytes) : format;
    if (as === 'csv') {
      const r = await this.importCsv(actor, bytes);
      return r.ok ? r : { ...r, format: 'csv' };
    }
    const r = await this.importOruk(actor, bytes);
    return r.ok ? r : { ...r, format: 'json' };
  }

  /** Imports the CSV layout the export writes (see csv-import.ts); every problem is reported with its line. */
  async importCsv(actor: Actor, bytes: Buffer) {
    const wards = new Set((await this.wards(actor.council)).map((w) => w.code));
    const groups = new Set((await this.groups(actor.council))?.categories ?? []);
    return importDirectoryCsv(this.ctx, actor, bytes, { wards, groups }, (tx, detail) =>
      actorAudit(this.ctx, tx, actor, 'directory.imported', null, detail),
    );
  }

  /** Imports Open Referral UK JSON (one organisation or a list); records with the same id are replaced. */
  async importOruk(actor: Actor, bytes: Buffer): Promise<ImportResult> {
    let doc: unknown;
    try {
      // A byte order mark (as some Windows tools save JSON) is not part of the document.
      doc = JSON.parse(bytes.toString('utf8').replace(/^\uFEFF/, ''));
    } catch {
      return { ok: false, problems: [{ path: '', message: 'the file is not valid JSON' }] };
    }
    const read = fromOruk(doc);
    if (!read.ok) return read;
    const council = actor.council;
    const problems: OrukProblem[] = [];
    const wards = new Set((await this.wards(council)).map((w) => w.code));
    const groups = new Set((await this.groups(council))?.categories ?? []);
    const listed = Array.isArray(doc);
    read.organisations.forEach((o, i) => {
      const at = listed ? `/${i}` : '';
      o.services.forEach((s, j) => {
        for (const code of s.areas)
          if (!wards.has(code))
            problems.push({
              path: `${at}/services/${j}/service_areas`,
              message: `${code} is not a ward of the council`,
            });
        for (const g of s.serves)
          if (!groups.has(g))
            problems.push({ path: `${at}/services/${j}/attributes`, message: `"${g}" is not a census group` });
      });
    });
    const ids = read.organisations.flatMap((o) => [o.id, ...o.services.map((s) => s.id)]);
    for (const id of await repo.idsOfOtherCouncils(this.ctx.db, council.id, ids))
      problems.push({ path: '', message: `the id ${id} belongs to another council's directory` });
    // A service keeps its id only under its own organisation: one of another organisation (not replaced by this
    // file) would clash with the stored one.
    const organisationIds = read.organisations.map((o) => o.id);
    const serviceIds = read.organisations.flatMap((o) => o.services.map((s) => s.id));
    for (const s of await repo.servicesOfOtherOrganisations(this.ctx.db, council.id, serviceIds, organisationIds))
      problems.push({ path: '', message: `the service id ${s.id} belongs to "${s.organisation}", not in this file` });
    if (problems.length) return { ok: false, problems };
    try {
      return await this.ctx.db.transaction(async (tx) => {
        let services = 0;
        // ORUK has no field for the partner link: a replaced organisation keeps its own.
        const partners = new Map<string, string | null>();
        for (const o of read.organisations) {
          partners.set(o.id, await repo.partnerOf(tx, council.id, o.id));
          await repo.deleteOrganisation(tx, council.id, o.id);
        }
        for (const o of read.organisations) {
          const partnerOrganisationId = partners.get(o.id) ?? null;
          if (await repo.organisationNameTaken(tx, council.id, o.organisation.name, o.id))
            throw new ImportClash(o.organisation.name);
          await repo.insertOrganisation(tx, council.id, { ...o.organisation, partnerOrganisationId }, o.id);
          for (const s of o.services) {
            await repo.insertService(tx, council.id, o.id, s, s.id);
            services++;
          }
        }
        await actorAudit(this.ctx, tx, actor, 'directory.imported', null, {
          organisations: read.organisations.length,
          services,
        });
        return { ok: true as const, organisations: read.organisations.length, services };
      });
    } catch (error) {
      if (error instanceof ImportClash)
        return {
          ok: false,
          problems: [{ path: '', message: `another organisation is already called "${error.message}"` }],
        };
      throw error;
    }
  }

  private audit(tx: Parameters<typeof actorAudit>[1], actor: Actor, action: string, id: string) {
    return actorAudit(this.ctx, tx, actor, action, id);
  }

  /** `directory.organisation` for other modules' links; backlinks from a partner organisation (`admin.organisation`). */
  linkProvider(): LinkProvider {
    const target = (actor: Actor, o: { id: string; name: string }): LinkTarget => ({
      kind: 'directory.organisation',
      id: o.id,
      label: o.name,
      href: `/c/${actor.council.slug}/directory/organisations/${o.id}`,
    });
    const canSee = (actor: Actor) => actorCan(actor, 'directory.view');
    return {
      kinds: ['directory.organisation'],
      options: async (actor) => (canSee(actor) ? (await this.list(actor.council)).map((o) => target(actor, o)) : []),
      resolve: async (actor, refs: readonly LinkRef[]) => {
        if (!canSee(actor)) return [];
        const ids = refs.map((r) => r.id).filter((id) => /^[0-9a-f-]{36}$/i.test(id));
        if (!ids.length) return [];
        return (await repo.loadOrganisations(this.ctx.db, actor.council.id, ids)).map((o) => target(actor, o));
      },
      backlinks: async (actor, ref) => {
        if (!canSee(actor) || ref.kind !== 'admin.organisation' || !/^[0-9a-f-]{36}$/i.test(ref.id)) return [];
        return (await repo.organisationsOfPartner(this.ctx.db, actor.council.id, ref.id)).map((o) => target(actor, o));
      },
    };
  }
}

class ImportClash extends Error {}

async function actorAudit(
  ctx: DirectoryContext,
  tx: Parameters<DirectoryContext['audit']['record']>[1],
  actor: Actor,
  action: string,
  id: string | null,
  detail: Record<string, number> = {},
) {
  await ctx.audit.record(
    {
      councilId: actor.council.id,
      userId: actor.userId,
      action,
      ...(id ? { targetType: action.split('.')[1], targetId: id } : {}),
      detail: { via: actor.via, ...detail },
    },
    tx,
  );
}
