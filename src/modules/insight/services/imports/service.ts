/** Know's importers: tidy indicator values, Nomis census tables and the census 2011 files, from a file or an upload. */
import type { Actor } from '../../../../kernel/actor.ts';
import { DomainError } from '../../../../kernel/errors.ts';
import { CsvReadError, readCsvBuffer } from '../../../../lib/csv.ts';
import { readColumnarCsvBuffer, type ColumnarTable } from '../../../../lib/columnar-csv.ts';
import type { Rows } from '../../parse.ts';
import type { InsightContext } from '../context.ts';
import type { IndicatorDefinitionsService } from '../definitions.ts';
import { importCensus2011, importNomis } from './census.ts';
import type { ImportOutcome } from './outcome.ts';
import { importTidyValues } from './tidy.ts';

export const IMPORT_KINDS = ['indicators', 'nomis', 'census2011'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** The reason an uploaded file cannot be read as CSV (or gzip), or null for any other error. */
function unreadable(err: unknown): string | null {
  if (err instanceof CsvReadError) {
    return err.code === 'BAD_GZIP' ? 'not a valid gzip file' : err.message.replace(/^[^:]*: /, '');
  }
  if (!(err instanceof Error)) return null;
  const code = 'code' in err ? String(err.code) : '';
  if (/^CSV_|INVALID_OPENING_QUOTE/.test(code)) return err.message.split('\n')[0];
  if (/^Z_/.test(code) || /incorrect header check|unexpected end of file/i.test(err.message))
    return 'not a valid gzip file';
  return null;
}

export class ImportsService {
  constructor(
    private readonly ctx: InsightContext,
    private readonly definitions: IndicatorDefinitionsService,
  ) {}

  /** Tidy indicator values of indicators the council can use. All or nothing; idempotent. */
  async importIndicatorValues(rows: Rows, actor: Actor, source: string): Promise<ImportOutcome> {
    return importTidyValues(this.ctx, await this.definitions.byCode(actor.council), rows, actor, source);
  }

  /**
   * A Nomis bulk census table, and the indicators a known table gives. All or nothing; idempotent. `rows`: CSV
   * rows or a table from the columnar reader (read with `deferErrors`).
   */
  importNomisTable(
    rows: Rows | ColumnarTable,
    actor: Actor,
    opts: { source: string; dataset?: string },
  ): Promise<ImportOutcome> {
    return importNomis(this.ctx, rows, actor, opts);
  }

  /**
   * A census 2011 ethnic group file, rows of `lad` only when given. All or nothing; idempotent. `rows`: CSV rows
   * or a table from the columnar reader (read with `deferErrors`).
   */
  importCensus2011(
    rows: Rows | ColumnarTable,
    actor: Actor,
    opts: { source: string; lad?: { code: string; name: string }; dataset?: string },
  ): Promise<ImportOutcome> {
    return importCensus2011(this.ctx, rows, actor, opts);
  }

  /**
   * A file uploaded on the import page (plain or gzipped CSV). Census 2011 rows are those of the council's
   * own local authority. A file that cannot be read is a DomainError on the `file` field.
   */
  async upload(actor: Actor, input: { kind: ImportKind; file: Uint8Array; dataset?: string }): Promise<ImportOutcome> {
    const source = 'upload';
    try {
      if (input.kind === 'indicators')
        return await this.importIndicatorValues(readCsvBuffer(input.file, { trim: true }), actor, source);
      // Census files are read whole by the columnar reader (the rows before a malformed one first, as a stream).
      const rows = await readColumnarCsvBuffer(input.file, { trim: true, deferErrors: true });
      if (input.kind === 'nomis') return await this.importNomisTable(rows, actor, { source, dataset: input.dataset });
      const code = actor.council.areaCode;
      const lad = code ? await this.ctx.geography.findArea(code) : undefined;
      return await this.importCensus2011(rows, actor, {
        source,
        lad: lad ? { code: lad.code, name: lad.name } : undefined,
        dataset: input.dataset,
      });
    } catch (err) {
      const reason = unreadable(err);
      if (reason !== null) throw new DomainError('insight.import.errors.badFile', 'file', { reason });
      throw err;
    }
  }
}
