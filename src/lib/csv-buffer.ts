/**
 * Kept only for the call sites in src/modules/insight and src/modules/survey; everything else uses
 * `readCsvBuffer(bytes, { trim: true })` from src/lib/csv.ts, the one CSV reader. Remove once they do too.
 */
import { readCsvBuffer, type CsvRecord } from './csv.ts';

/** CSV rows of an upload (plain or gzip), values trimmed: `readCsvBuffer(bytes, { trim: true })`. */
export function rowsFromBuffer(bytes: Uint8Array): AsyncGenerator<CsvRecord, void, undefined> {
  return readCsvBuffer(bytes, { trim: true });
}
