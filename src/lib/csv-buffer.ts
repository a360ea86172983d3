import { Readable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import { parse } from 'csv-parse';

/**
 * CSV rows from an in-memory file (an upload), gunzipped when it starts with the gzip magic bytes.
 * Yields `{ line, record }` with the 1-based line of the row in the file (the header is line 1).
 */
export async function* rowsFromBuffer(
  buf: Uint8Array,
): AsyncGenerator<{ line: number; record: Record<string, string> }> {
  const bytes = buf.length > 1 && buf[0] === 0x1f && buf[1] === 0x8b ? gunzipSync(buf) : buf;
  const parser = Readable.from([Buffer.from(bytes)]).pipe(
    parse({
      columns: (h: string[]) => h.map((c) => c.replace(/^\uFEFF/, '').trim()),
      bom: true,
      skip_empty_lines: true,
      info: true,
      relax_column_count: true,
      trim: true,
    }),
  );
  for await (const item of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
    yield { line: item.info.lines, record: item.record };
  }
}
