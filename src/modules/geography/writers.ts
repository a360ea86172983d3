/**
 * Writers into shared reference data, for importers in any module (census tables, indicator files, the demo).
 * Each joins the caller's transaction. Which writer a caller gets depends on who is acting
 * (GeographyService.writerFor): the service operator's writes everything; a council's keeps to its own area
 * (docs/security.md, "Shared reference data"):
 *
 * - areas inside the council's area are added or renamed; areas elsewhere are only added when missing, never
 *   renamed;
 * - links and boundaries must all lie inside the council's area, or nothing is written;
 * - a census dataset is stored under the council's own code ("<slug>.<code>"), owned by the council and
 *   visible only to it, so it can never replace a shared dataset or another council's.
 */
import type { Queryable } from '../../db/index.ts';
import type { GeoLevel } from '../../geo/gss.ts';
import type { Council } from '../../kernel/actor.ts';
import { DomainError } from '../../kernel/errors.ts';
import * as repo from './repository.ts';

export interface DatasetInput {
  code: string;
  name: string;
  source: string;
  period: string;
  categories: string[];
}

export interface LinkInput {
  child: string;
  parent: string;
  parentLevel: GeoLevel;
}

export interface ReferenceWriter {
  areas(tx: Queryable, areas: repo.AreaRow[]): Promise<void>;
  links(tx: Queryable, links: LinkInput[]): Promise<void>;
  boundaries(tx: Queryable, rows: { code: string; geometry: unknown }[], source: string): Promise<void>;
  /** Stores the dataset; returns the code it is stored under (pass that to `population`). */
  dataset(tx: Queryable, d: DatasetInput): Promise<string>;
  population(tx: Queryable, storedCode: string, rows: repo.PopulationRow[]): Promise<void>;
}

/** The service operator's writer (command line, demo): any area, shared datasets. */
export const operatorWriter: ReferenceWriter = {
  areas: (tx, areas) => repo.upsertAreas(tx, areas),
  links: (tx, links) => repo.upsertLinks(tx, links),
  boundaries: (tx, rows, source) => repo.upsertBoundaries(tx, rows, source),
  dataset: async (tx, d) => {
    await repo.upsertDataset(tx, d, null);
    return d.code;
  },
  population: (tx, code, rows) => repo.upsertPopulation(tx, code, rows),
};

const MAX_NAMED = 20;

function outsideError(council: Council, codes: string[]): DomainError {
  const named =
    codes.slice(0, MAX_NAMED).join(', ') + (codes.length > MAX_NAMED ? ` and ${codes.length - MAX_NAMED} more` : '');
  return new DomainError('geography.errors.outsideArea', 'file', { council: council.name, codes: named });
}

/**
 * The codes a council's links would touch outside its area: every link must hang below the council's area
 * (directly, or through other links in the same set), and no stored area placed under another area outside the
 * council may be moved.
 */
export async function codesOutside(
  q: Queryable,
  council: Council,
  areas: readonly { code: string }[],
  links: readonly { child: string; parent: string }[],
): Promise<string[]> {
  if (!council.areaCode) return [...new Set([...areas.map((a) => a.code), ...links.map((l) => l.child)])].sort();
  const inside = await repo.descendantCodes(q, council.areaCode);
  const parentsInSet = new Map<string, string[]>();
  for (const l of links) parentsInSet.set(l.child, [...(parentsInSet.get(l.child) ?? []), l.parent]);
  const known = new Map<string, boolean>();
  const reaches = (code: string, seen: Set<string>): boolean => {
    if (inside.has(code)) return true;
    const cached = known.get(code);
    if (cached !== undefined) return cached;
    if (seen.has(code)) return false;
    seen.add(code);
    const ok = (parentsInSet.get(code) ?? []).some((p) => reaches(p, seen));
    known.set(code, ok);
    return ok;
  };
  const outside = new Set<string>();
  for (const l of links) if (!reaches(l.parent, new Set())) outside.add(l.parent);
  for (const a of areas) if (!reaches(a.code, new Set())) outside.add(a.code);
  const stored = await repo.linksOf(q, [...new Set(links.map((l) => l.child))]);
  for (const s of stored) if (!inside.has(s.child_code) && !inside.has(s.parent_code)) outside.add(s.child_code);
  return [...outside].sort();
}

/** The code a council's own dataset is stored under. */
export function councilDatasetCode(council: Pick<Council, 'slug'>, code: string): string {
  return code.startsWith(`${council.slug}.`) ? code : `${council.slug}.${code}`;
}

export function councilWriter(council: Council): ReferenceWriter {
  const insideOf = async (tx: Queryable) =>
    council.areaCode ? repo.descendantCodes(tx, council.areaCode) : new Set<string>();
  return {
    async areas(tx, areas) {
      const inside = await insideOf(tx);
      await repo.upsertAreas(
        tx,
        areas.filter((a) => inside.has(a.code)),
      );
      await repo.insertMissingAreas(
        tx,
        areas.filter((a) => !inside.has(a.code)),
      );
    },
    async links(tx, links) {
      const outside = await codesOutside(tx, council, [], links);
      if (outside.length) throw outsideError(council, outside);
      await repo.upsertLinks(tx, links);
    },
    async boundaries(tx, rows, source) {
      const inside = await insideOf(tx);
      const outside = rows.map((r) => r.code).filter((c) => !inside.has(c));
      if (outside.length) throw outsideError(council, outside);
      await repo.upsertBoundaries(tx, rows, source);
    },
    async dataset(tx, d) {
      const code = councilDatasetCode(council, d.code);
      const owner = await repo.datasetOwner(tx, code);
      if (owner !== undefined && owner !== council.id) {
        throw new DomainError('geography.errors.datasetNotYours', 'dataset', { dataset: code });
      }
      await repo.upsertDataset(tx, { ...d, code }, council.id);
      return code;
    },
    async population(tx, code, rows) {
      if ((await repo.datasetOwner(tx, code)) !== council.id) {
        throw new DomainError('geography.errors.datasetNotYours', 'dataset', { dataset: code });
      }
      await repo.upsertPopulation(tx, code, rows);
    },
  };
}
