/**
 * The CSV files of `cohesion match`: rows → typed inputs of src/stats/matching. Coordinates are British
 * National Grid eastings and northings in metres. The first bad row stops the read with a one-line CliError
 * naming its file and line (the whole file is checked before anything is computed).
 */
import { basename } from 'node:path';
import { CsvReadError, readCsv } from '../../../lib/csv.ts';
import type { EsolClass, Learner, LinkClass } from '../../../stats/matching/index.ts';
import { CliError } from '../../types.ts';

type Row = Record<string, string>;

class RowError extends Error {}

function text(row: Row, column: string): string {
  const v = (row[column] ?? '').trim();
  if (v === '') throw new RowError(`${column} is empty`);
  return v;
}

function number(row: Row, column: string, rule: (v: number) => boolean, what: string): number {
  const raw = text(row, column);
  const v = Number(raw);
  if (!Number.isFinite(v) || !rule(v)) throw new RowError(`${column} must be ${what} (got '${raw}')`);
  return v;
}

const finite = (v: number) => Number.isFinite(v);
const coordinate = (row: Row, column: string) => number(row, column, finite, 'a grid coordinate in metres');

/** Reads every row of `path`, requiring `columns`; `convert` turns a row into a value or throws RowError. */
async function readRows<T extends { id: string }>(
  path: string,
  columns: readonly string[],
  convert: (row: Row) => T,
): Promise<T[]> {
  const file = basename(path);
  const out: T[] = [];
  const seen = new Map<string, number>();
  try {
    for await (const { line, record } of readCsv(path, {
      trim: true,
      onHeader: (header) => {
        const missing = columns.filter((c) => !header.includes(c));
        if (missing.length)
          throw new CliError(`${file} line 1: missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`);
      },
    })) {
      let value: T;
      try {
        value = convert(record);
      } catch (err) {
        if (err instanceof RowError) throw new CliError(`${file} line ${line}: ${err.message}`);
        throw err;
      }
      const first = seen.get(value.id);
      if (first !== undefined)
        throw new CliError(`${file} line ${line}: id '${value.id}' already used on line ${first}`);
      seen.set(value.id, line);
      out.push(value);
    }
  } catch (err) {
    if (err instanceof CsvReadError) throw new CliError(err.message);
    throw err;
  }
  return out;
}

export const LEARNER_COLUMNS = ['id', 'level', 'slots', 'x', 'y', 'waited_days'] as const;
export const ESOL_CLASS_COLUMNS = ['id', 'level', 'slot', 'capacity', 'x', 'y'] as const;
export const LINK_CLASS_COLUMNS = ['id', 'school', 'x', 'y', 'share'] as const;

/** LEARNERS.csv: id,level,slots,x,y,waited_days (slots separated by `;`). */
export function readLearners(path: string): Promise<Learner[]> {
  return readRows(path, LEARNER_COLUMNS, (row) => {
    const slots = text(row, 'slots')
      .split(';')
      .map((s) => s.trim())
      .filter(Boolean);
    if (!slots.length) throw new RowError('slots is empty');
    return {
      id: text(row, 'id'),
      level: text(row, 'level'),
      slots,
      x: coordinate(row, 'x'),
      y: coordinate(row, 'y'),
      waitedDays: number(row, 'waited_days', (v) => v >= 0, 'a number of days ≥ 0'),
    };
  });
}

/** CLASSES.csv for ESOL: id,level,slot,capacity,x,y. */
export function readEsolClasses(path: string): Promise<EsolClass[]> {
  return readRows(path, ESOL_CLASS_COLUMNS, (row) => ({
    id: text(row, 'id'),
    level: text(row, 'level'),
    slot: text(row, 'slot'),
    capacity: number(row, 'capacity', (v) => Number.isSafeInteger(v) && v >= 0, 'a whole number ≥ 0'),
    x: coordinate(row, 'x'),
    y: coordinate(row, 'y'),
  }));
}

/** CLASSES.csv for school linking: id,school,x,y,share (share in [0, 1]). */
export function readLinkClasses(path: string): Promise<LinkClass[]> {
  return readRows(path, LINK_CLASS_COLUMNS, (row) => ({
    id: text(row, 'id'),
    school: text(row, 'school'),
    x: coordinate(row, 'x'),
    y: coordinate(row, 'y'),
    share: number(row, 'share', (v) => v >= 0 && v <= 1, 'a share between 0 and 1'),
  }));
}
