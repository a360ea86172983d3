import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvFromRows } from '../../../lib/csv-write.ts';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { idWeightLine, writeIdWeights } from './rake.ts';
import { readIds, readTable } from './tables.ts';

describe('survey rake output', () => {
  it('writes each id,weight line exactly as the one CSV writer does (seeded)', () => {
    const id = fc.string({
      unit: fc.constantFrom('a', 'Z', '0', ' ', ',', '"', '\n', '\r', '=', '+', '-', '@', '\t', 'é', "'"),
      minLength: 1,
      maxLength: 8,
    });
    const weight = fc.oneof(fc.double(), fc.double({ min: 0.01, max: 50, noNaN: true }));
    fc.assert(
      fc.property(id, weight, (i, w) => {
        expect(idWeightLine(i, w)).toBe(csvFromRows([[i, w]], { lineEnding: '\n' }));
      }),
      { seed: 11, numRuns: 3000 },
    );
    expect(idWeightLine('R0000001', 1.25)).toBe('R0000001,1.25\n');
  });
});

describe('survey rake output, a buffer at a time', () => {
  it('writes the same bytes as idWeightLine for every id and weight (seeded)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rake-out-'));
    try {
      const id = fc.string({
        unit: fc.constantFrom('a', 'Z', '0', ' ', ',', '"', '=', '+', '-', '@', '\t', 'é', "'", '\u00a0'),
        minLength: 1,
        maxLength: 8,
      });
      const weight = fc.oneof(fc.double(), fc.double({ min: 0.01, max: 50, noNaN: true }));
      await fc.assert(
        fc.asyncProperty(
          fc.uniqueArray(id, { minLength: 1, maxLength: 30 }),
          fc.array(weight, { minLength: 30, maxLength: 30 }),
          async (raw, ws) => {
            const path = join(dir, 'r.csv');
            await writeFile(path, csvFromRows([['id'], ...raw.map((i) => [i])], { lineEnding: '\n' }));
            const table = await readTable(path, 'RESPONSES.csv');
            let ids;
            try {
              ids = readIds(table, 'id');
            } catch {
              return; // an id that trims to nothing or to another's: refused before any output
            }
            const w = Float64Array.from({ length: ids.size }, (_, i) => ws[i]);
            const chunks: Buffer[] = [];
            const out = new Writable({
              write(chunk: Buffer, _enc, done) {
                chunks.push(Buffer.from(chunk));
                done();
              },
            });
            await writeIdWeights(out, ids, w);
            const expected = ids
              .all()
              .map((text, i) => idWeightLine(text, w[i]))
              .join('');
            expect(Buffer.concat(chunks).toString('utf8')).toBe(expected);
          },
        ),
        { seed: 12, numRuns: 300 },
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
