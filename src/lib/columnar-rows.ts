/** A table read by the columnar reader (src/lib/columnar-csv.ts), row by row, as the streaming reader gives rows. */
import type { ColumnarTable } from './columnar-csv.ts';

/** One row of {@link tableRows}: what readCsv yields, or `record: null` for a row the caller asked to pass over. */
export type TableRow =
  | { readonly line: number; readonly record: Record<string, string>; readonly values: readonly string[] }
  | { readonly line: number; readonly record: null; readonly values: null };

/**
 * The rows of a table as src/lib/csv.ts's readCsv gives them (`{ line, record, values }`, cells trimmed with the
 * table's `trim` option), for row-by-row validators, then the table's deferred structural error, if any — so a
 * caller sees exactly what the streaming reader would have given it. `passOver` names a column and which of its
 * values the caller skips unread: each distinct value is tested once, and rows with such a value (after the
 * first row, which is always given whole) come as `record: null`, without a string made for any of their cells.
 */
export function* tableRows(
  table: ColumnarTable,
  passOver?: { readonly column: string; readonly skip: (value: string) => boolean },
): Generator<TableRow, void, undefined> {
  const width = table.header.length;
  const col = passOver ? table.columnIndex(passOver.column) : -1;
  let skipCode: Uint8Array | null = null;
  let codes: Int32Array | null = null;
  if (passOver && col >= 0) {
    const coded = table.categories(col);
    codes = coded.codes;
    skipCode = Uint8Array.from(coded.labels, (label) => (passOver.skip(label) ? 1 : 0));
  }
  for (let r = 0; r < table.rows; r++) {
    if (r > 0 && skipCode !== null && codes !== null && skipCode[codes[r]] === 1) {
      yield { line: table.lines[r], record: null, values: null };
      continue;
    }
    const values = new Array<string>(width);
    const record: Record<string, string> = {};
    for (let c = 0; c < width; c++) {
      const v = table.text(r, c);
      values[c] = v;
      record[table.header[c]] = v;
    }
    yield { line: table.lines[r], record, values };
  }
  if (table.error) throw table.error;
}
