/**
 * `cohesion segregation FILE …`: segregation indices from a counts CSV.
 *
 * Split into small parts that the benchmark reuses:
 * - {@link parseSegregationArgs}: argv → options (CliError on bad input);
 * - {@link loadCountsTable}: CSV (plain or .gz) → counts matrix + geographies;
 * - {@link analyseTable}: the pure analysis (src/stats/segregation);
 * - {@link reportToJson} / {@link formatReport}: output.
 */
import type { CliCommand, CliIo } from '../../types.ts';
import { analyseTable, type AnalysisRequest } from './analyse.ts';
import { parseSegregationArgs } from './args.ts';
import { HELP } from './help.ts';
import { loadCountsTable, suspectedTotalColumn } from './load.ts';
import { reportToJson } from './output-json.ts';
import { formatReport } from './output-text.ts';

export { parseSegregationArgs, type SegregationOptions } from './args.ts';
export { loadCountsTable, parseCount, suspectedTotalColumn, type CountsTable, type TableSpec } from './load.ts';
export { analyseTable, type AnalysisRequest } from './analyse.ts';
export { reportToJson } from './output-json.ts';
export { formatReport } from './output-text.ts';

function write(stream: NodeJS.WritableStream, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.write(text, (error) => (error ? reject(error) : resolve()));
  });
}

export const segregationCommand: CliCommand = {
  name: 'segregation',
  summary: 'Segregation and diversity indices from a CSV of counts by area',
  help: HELP,
  async run(argv: string[], io: CliIo): Promise<number> {
    const options = parseSegregationArgs(argv);
    const started = performance.now();
    const tableInfo = await loadCountsTable(options.file, {
      ...(options.areaColumn ? { areaColumn: options.areaColumn } : {}),
      ...(options.groups ? { groups: options.groups } : {}),
      ...(options.total ? { total: options.total } : {}),
      ...(options.by ? { by: options.by } : {}),
      levels: options.levels,
    });
    const parsed = performance.now();
    if (!options.groups && !options.total) {
      const suspect = suspectedTotalColumn(tableInfo.matrix);
      if (suspect) {
        io.stderr.write(
          `warning: column "${suspect}" is at least the sum of the other groups on every row; if it is a total, pass --total ${suspect}\n`,
        );
      }
    }
    const request: AnalysisRequest = {
      ...(options.by ? { by: options.by } : {}),
      levels: options.levels,
      ...(options.pair ? { pair: options.pair } : {}),
      ...(options.expected ? { expected: options.expected } : {}),
    };
    const scopes = analyseTable(tableInfo, request);
    const computed = performance.now();
    const output = options.json
      ? JSON.stringify(reportToJson(tableInfo, request, scopes)) + '\n'
      : formatReport(tableInfo, request, scopes, options.top);
    await write(io.stdout, output);
    if (options.timings) {
      io.stderr.write(
        `timings: parse ${(parsed - started).toFixed(0)} ms (${tableInfo.matrix.areas} rows), ` +
          `compute ${(computed - parsed).toFixed(0)} ms (${scopes.length} scopes), ` +
          `output ${(performance.now() - computed).toFixed(0)} ms\n`,
      );
    }
    return 0;
  },
};
