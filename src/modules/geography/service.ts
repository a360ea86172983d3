import type { Db } from '../../db/index.ts';
import type { AuditService } from '../audit/index.ts';
import type { Actor, Council } from '../../kernel/actor.ts';
import { parseBoundaries, BoundaryParseError, type ParseBoundariesOptions } from '../../geo/boundaries.ts';
import { parseLookupRows, type LookupRow } from '../../geo/lookups.ts';
import { GEO_LEVELS, LEVEL_RANK, levelOfCode, type GeoLevel } from '../../geo/gss.ts';
import { gridCentroid } from '../../geo/grid.ts';
import type { AreaGeometry } from '../../geo/winding.ts';
import * as repo from './repository.ts';
import { codesOutside, councilWriter, operatorWriter, type ReferenceWriter } from './writers.ts';
import { hasControlCharacters } from '../../lib/text.ts';

export type { AreaRow } from './repository.ts';

/** One problem in an imported file, with where it is. */
export interface ImportProblem {
  /** 1-based line (CSV) or 0-based feature index (boundaries). */
  line?: number;
  feature?: number;
  message: string;
}

export interface ImportOutcome {
  ok: boolean;
  areas: number;
  boundaries: number;
  links: number;
  problems: ImportProblem[];
  /** Total problems, which may exceed the problems listed. */
  problemCount: number;
}

export class ImportFileError extends Error {}

const MAX_LISTED_PROBLEMS = 1000;
const MAX_NAMED_CODES = 20;

/**
 * Who may change shared reference data (docs/security.md). The service operator, through the command line
 * (actor absent or `via: 'cli'`), may change any area. A council's members, through the web, may change only the
 * council's own area and the areas inside it: an import that touches another area is refused, naming it, and
 * changes nothing.
 */
function councilScope(actor: Actor | undefined): Council | null {
  return actor && actor.via !== 'cli' ? actor.council : null;
}

/**
 * Rows from an uploaded or local file, with every reading failure (a damaged gzip stream, text that is not CSV,
 * control characters no spreadsheet writes) turned into a clear ImportFileError instead of a crash.
 */
async function* readableRows(rows: AsyncIterable<LookupRow> | Iterable<LookupRow>): AsyncGenerator<LookupRow> {
  try {
    for await (const row of rows) {
      for (const value of Object.values(row.record)) {
        if (typeof value === 'string' && hasControlCharacters(value)) {
          throw new ImportFileError(
            `line ${row.line} holds control characters that no CSV file should: is this a CSV file (plain or .gz)?`,
          );
        }
      }
      yield row;
    }
  } catch (err) {
    if (err instanceof ImportFileError) throw err;
    const e = err as { code?: unknown; message?: unknown };
    const code = typeof e.code === 'string' ? e.code : '';
    const message = typeof e.message === 'string' ? e.message.split('\n')[0] : String(err);
    if (code.startsWith('Z_') || code === 'ERR_ZLIB')
      throw new ImportFileError(`the gzip file is damaged (${message})`);
    if (code.startsWith('CSV_') || e instanceof Error)
      throw new ImportFileError(`it is not a readable CSV file (${message})`);
    throw err;
  }
}

function outsideProblem(council: Council, codes: string[]): ImportProblem {
  const named = codes.slice(0, MAX_NAMED_CODES).join(', ');
  const more = codes.length > MAX_NAMED_CODES ? ` and ${codes.length - MAX_NAMED_CODES} more` : '';
  return {
    message: `these areas are outside ${council.name}'s area (${council.areaCode ?? 'not set'}), so only the service operator can change them: ${named}${more}`,
  };
}

export class GeographyService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
  ) {}

  /** Counts of the council's areas by level, smallest first, with boundary coverage. */
  async summary(council: Pick<Council, 'areaCode'>) {
    if (!council.areaCode) return { levels: [] as { level: GeoLevel; n: number; with_boundary: number }[] };
    const rows = await repo.countDescendantsByLevel(this.db, council.areaCode);
    rows.sort((a, b) => LEVEL_RANK[a.level] - LEVEL_RANK[b.level]);
    return { levels: rows };
  }

  /** Areas of one level within the council, paged. */
  async areas(council: Pick<Council, 'areaCode'>, level: GeoLevel, page: number, pageSize: number) {
    if (!council.areaCode) return { rows: [] as repo.AreaRow[], total: 0 };
    const all = await repo.listDescendants(this.db, council.areaCode, level);
    return { rows: all.slice((page - 1) * pageSize, page * pageSize), total: all.length, all };
  }

  /** An area of the council with its parents and children; null when it is not the council's. */
  async area(council: Pick<Council, 'areaCode'>, code: string) {
    if (!council.areaCode || !levelOfCode(code)) return null;
    if (!(await repo.isWithin(this.db, council.areaCode, code))) return null;
    const area = await repo.findArea(this.db, code);
    if (!area) return null;
    const [parents, children] = await Promise.all([repo.parentsOf(this.db, code), repo.childrenOf(this.db, code)]);
    parents.sort((a, b) => LEVEL_RANK[a.level] - LEVEL_RANK[b.level]);
    return { area, parents, children };
  }

  /** Boundaries for the given areas, as features for the map renderer. */
  async features(areas: repo.AreaRow[]) {
    if (!areas.length) return [];
    const rows = await repo.boundariesFor(
      this.db,
      areas.map((a) => a.code),
    );
    const byCode = new Map(rows.map((r) => [r.code, r.geometry as AreaGeometry]));
    return areas.flatMap((a) => {
      const geometry = byCode.get(a.code);
      return geometry ? [{ code: a.code, name: a.name, geometry }] : [];
    });
  }

  /**
   * The centroid of each given area of the council that has a boundary, as British National Grid eastings and
   * northings in metres (src/geo/grid.ts: centre of area, WGS84 to OSGB36 by the OS Helmert transformation).
   * Areas outside the council or without a boundary are left out.
   */
  async centroids(council: Pick<Council, 'areaCode'>, codes: readonly string[]) {
    const out = new Map<string, { x: number; y: number }>();
    const root = council.areaCode;
    if (!root || !codes.length) return out;
    const inside: string[] = [];
    for (const code of new Set(codes)) if (await repo.isWithin(this.db, root, code)) inside.push(code);
    if (!inside.length) return out;
    for (const row of await repo.boundariesFor(this.db, inside)) {
      const c = gridCentroid(row.geometry as AreaGeometry);
      if (c) out.set(row.code, c);
    }
    return out;
  }

  /** Population counts of a dataset the council may see, for the given areas. */
  async population(council: Pick<Council, 'id'>, dataset: string, codes: string[]) {
    const meta = await repo.findDataset(this.db, dataset, { councilId: council.id });
    if (!meta) return null;
    const rows = await repo.populationFor(this.db, dataset, codes);
    return { meta, rows: new Map(rows.map((r) => [r.area_code, r])) };
  }

  /** Datasets with counts for an area: shared ones and the council's own. */
  datasetsFor(council: Pick<Council, 'id'>, code: string) {
    return repo.datasetsForArea(this.db, code, { councilId: council.id });
  }

  /**
   * Imports a boundary file (GeoJSON or TopoJSON, gzipped or not). All or nothing: if any feature is bad,
   * every problem is reported and nothing is stored.
   */
  async importBoundaries(
    input: Uint8Array | string,
    opts: ParseBoundariesOptions & { source: string; actor?: Actor },
  ): Promise<ImportOutcome> {
    let parsed;
    try {
      parsed = parseBoundaries(input, { decimals: 5, ...opts });
    } catch (err) {
      if (err instanceof BoundaryParseError) throw new ImportFileError(err.message);
      throw err;
    }
    const problems: ImportProblem[] = parsed.errors.map((e) => ({
      feature: e.index,
      message: `${e.code ? e.code + ': ' : ''}${e.reason}`,
    }));
    if (!parsed.features.length && !problems.length) problems.push({ message: 'the file has no features' });
    if (problems.length) {
      return {
        ok: false,
        areas: 0,
        boundaries: 0,
        links: 0,
        problems: problems.slice(0, MAX_LISTED_PROBLEMS),
        problemCount: problems.length,
      };
    }
    const areas = parsed.features.map((f) => ({ code: f.code, name: f.name, level: f.level }));
    const council = councilScope(opts.actor);
    if (council) {
      const inside = council.areaCode ? await repo.descendantCodes(this.db, council.areaCode) : new Set<string>();
      const outside = areas.map((a) => a.code).filter((c) => !inside.has(c));
      if (outside.length) {
        return {
          ok: false,
          areas: 0,
          boundaries: 0,
          links: 0,
          problems: [outsideProblem(council, outside)],
          problemCount: 1,
        };
      }
    }
    await this.db.transaction(async (tx) => {
      await repo.upsertAreas(tx, areas);
      await repo.upsertBoundaries(
        tx,
        parsed.features.map((f) => ({ code: f.code, geometry: f.geometry })),
        opts.source,
      );
      await this.audit.record(
        {
          councilId: opts.actor?.council.id ?? null,
          userId: opts.actor?.userId ?? null,
          action: 'geography.boundaries_imported',
          detail: { features: parsed.features.length },
        },
        tx,
      );
    });
    return {
      ok: true,
      areas: areas.length,
      boundaries: parsed.features.length,
      links: 0,
      problems: [],
      problemCount: 0,
    };
  }

  /**
   * Imports a lookup CSV (rows from src/lib/csv.ts). All or nothing, as above. Areas named only by
   * name (e.g. the census files' LAD and RGN) are matched to stored areas of that level by name.
   */
  async importLookups(
    rows: AsyncIterable<LookupRow> | Iterable<LookupRow>,
    opts: { actor?: Actor } = {},
  ): Promise<ImportOutcome> {
    const named = await this.db.query<{ code: string; name: string; level: GeoLevel }>(
      `select code, name, level from areas where level in ('lad', 'region', 'country')`,
    );
    const byName = new Map(named.map((a) => [`${a.level}:${a.name.toLowerCase()}`, a.code]));
    const result = await parseLookupRows(readableRows(rows), {
      resolveCode: (level, name) => byName.get(`${level}:${name.toLowerCase()}`),
      maxErrors: MAX_LISTED_PROBLEMS,
    });
    const problems: ImportProblem[] = result.errors.map((e) => ({ line: e.line, message: e.message }));
    if (!result.links.length && !problems.length) {
      problems.push({ line: 1, message: 'the file has no rows that link two levels' });
    }
    if (problems.length) {
      return {
        ok: false,
        areas: 0,
        boundaries: 0,
        links: 0,
        problems,
        problemCount: Math.max(result.errorCount, problems.length),
      };
    }
    const areas = result.areas.map((a) => ({ code: a.code, name: a.name ?? a.code, level: a.level }));
    const links = result.links.map((l) => ({
      child: l.child.code,
      parent: l.parent.code,
      parentLevel: l.parent.level,
    }));
    const council = councilScope(opts.actor);
    if (council) {
      const outside = await codesOutside(this.db, council, areas, links);
      if (outside.length) {
        return {
          ok: false,
          areas: 0,
          boundaries: 0,
          links: 0,
          problems: [outsideProblem(council, outside)],
          problemCount: 1,
        };
      }
    }
    await this.db.transaction(async (tx) => {
      await repo.upsertAreas(tx, areas);
      await repo.upsertLinks(tx, links);
      await this.audit.record(
        {
          councilId: opts.actor?.council.id ?? null,
          userId: opts.actor?.userId ?? null,
          action: 'geography.lookups_imported',
          detail: { areas: areas.length, links: links.length },
        },
        tx,
      );
    });
    return { ok: true, areas: areas.length, boundaries: 0, links: links.length, problems: [], problemCount: 0 };
  }

  /** Levels present within the council, smallest first. */
  async levels(council: Pick<Council, 'areaCode'>): Promise<GeoLevel[]> {
    const { levels } = await this.summary(council);
    return GEO_LEVELS.filter((l) => levels.some((r) => r.level === l && r.n > 0));
  }

  // ── Shared reference data for other modules: reads, and writes inside the caller's transaction ──

  descendants(root: string, level?: GeoLevel, limit?: number, offset?: number): Promise<repo.AreaRow[]> {
    return repo.listDescendants(this.db, root, level, limit, offset);
  }

  countByLevel(root: string) {
    return repo.countDescendantsByLevel(this.db, root);
  }

  isWithin(root: string, code: string): Promise<boolean> {
    return repo.isWithin(this.db, root, code);
  }

  findArea(code: string): Promise<repo.AreaRow | undefined> {
    return repo.findArea(this.db, code);
  }

  parentsOf(code: string): Promise<repo.AreaRow[]> {
    return repo.parentsOf(this.db, code);
  }

  childrenOf(code: string): Promise<repo.AreaRow[]> {
    return repo.childrenOf(this.db, code);
  }

  boundaries(codes: string[]): Promise<{ code: string; geometry: unknown }[]> {
    return repo.boundariesFor(this.db, codes);
  }

  /** A dataset the council may see (shared, or its own); undefined otherwise. */
  dataset(council: Pick<Council, 'id'>, code: string) {
    return repo.findDataset(this.db, code, { councilId: council.id });
  }

  populationFor(dataset: string, codes: string[]): Promise<repo.PopulationRow[]> {
    return repo.populationFor(this.db, dataset, codes);
  }

  /** The operator's writer into reference data (the command line and the demo); see writers.ts. */
  readonly write: ReferenceWriter = operatorWriter;

  /** The writer for this actor: the operator's for the command line and jobs, a council-scoped one otherwise. */
  writerFor(actor: Actor | undefined): ReferenceWriter {
    const council = councilScope(actor);
    return council ? councilWriter(council) : operatorWriter;
  }
}
