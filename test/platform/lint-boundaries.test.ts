import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { ESLint } from 'eslint';
import { LAYERS, MODULE_USES, PURE_FORBIDDEN } from '../../eslint.config.js';

// The layer table in docs/ARCHITECTURE.md is enforced by eslint.config.js. These probes lint imaginary files at real
// places in the tree, so a rule that silently stops applying (a plugin upgrade, a pattern typo) fails here, not in review.
const eslint = new ESLint({ cwd: process.cwd() });

async function violations(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId !== '@typescript-eslint/no-unused-vars')
    .map((m) => `${m.line}:${m.ruleId ?? 'parse'}`);
}

describe('the layer and module boundaries are enforced by npm run lint', () => {
  it('keeps the pure layers free of I/O, but lets them name I/O types', async () => {
    for (const dir of ['stats', 'geo', 'charts', 'demo', 'kernel']) {
      expect(
        await violations(
          `src/${dir}/probe.ts`,
          "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;\n",
        ),
      ).toEqual(['1:@typescript-eslint/no-restricted-imports']);
    }
    expect(await violations('src/stats/probe.ts', "import pg from 'pg';\nexport const a = pg;\n")).toEqual([
      '1:@typescript-eslint/no-restricted-imports',
    ]);
    expect(
      await violations(
        'src/kernel/probe.ts',
        "import type { FastifyInstance } from 'fastify';\nexport type A = FastifyInstance;\n",
      ),
    ).toEqual([]);
  });

  it('refuses a pure layer reaching into a module', async () => {
    expect(
      await violations('src/stats/probe.ts', "import * as m from '../modules/survey/index.ts';\nexport const a = m;\n"),
    ).toEqual(['1:boundaries/dependencies']);
  });

  it('lets a module use another only through its index.ts', async () => {
    expect(
      await violations(
        'src/modules/plans/probe.ts',
        "import * as a from '../survey/services/bank.ts';\nimport * as b from '../survey/index.ts';\nexport const c = [a, b];\n",
      ),
    ).toEqual(['1:boundaries/dependencies']);
  });

  it('keeps routes away from SQL and repositories away from services', async () => {
    expect(
      await violations(
        'src/modules/survey/routes/probe.ts',
        "import * as r from '../repository/bank.ts';\nexport const a = r;\n",
      ),
    ).toEqual(['1:boundaries/dependencies']);
    expect(
      await violations(
        'src/modules/survey/repository/probe.ts',
        "import * as s from '../services/bank.ts';\nexport const a = s;\n",
      ),
    ).toEqual(['1:boundaries/dependencies']);
  });

  it('lets the web layer reach modules only through index.ts', async () => {
    expect(
      await violations(
        'src/server/probe.ts',
        "import * as a from '../modules/survey/services/bank.ts';\nimport * as b from '../modules/survey/index.ts';\nexport const c = [a, b];\n",
      ),
    ).toEqual(['1:boundaries/dependencies']);
  });

  it('refuses files outside the known layers', async () => {
    expect(await violations('src/stray.ts', 'export const a = 1;\n')).toEqual(['1:boundaries/no-unknown-files']);
  });
});

describe('docs/ARCHITECTURE.md tells the layer table as eslint.config.js enforces it', () => {
  const doc = readFileSync('docs/ARCHITECTURE.md', 'utf8');
  const section = doc.slice(doc.indexOf('## Layers'), doc.indexOf('## The module contract'));
  /** The table's rows: layer name → its "may import" cell. */
  const rows = new Map(
    section
      .split('\n')
      .filter((l) => l.startsWith('| ') && !l.startsWith('| layer'))
      .map((l) => l.split('|').map((c) => c.trim()))
      .map((cells) => [cells[1], cells[3]]),
  );
  /** The doc's words for eslint.config.js's element types. */
  const TYPE: Record<string, string> = { demo: 'demo-data', 'the CLI contract': 'cli-contract' };
  const layersIn = (cell: string) =>
    cell === 'nothing'
      ? []
      : cell
          .split(/[;,]/)
          .map((w) => w.trim().replace(/^and /, ''))
          .filter((w) => /^[a-z][a-z0-9 ]*$/i.test(w) || w === 'the CLI contract')
          .map((w) => TYPE[w] ?? w)
          .sort();
  const ROW: Record<string, string> = {
    'shared libraries': 'lib',
    config: 'config',
    messages: 'i18n',
    data: 'db',
    clients: 'clients',
    jobs: 'jobs',
    web: 'server',
    'command line': 'cli',
    'CLI contract': 'cli-contract',
    'composition root': 'app',
  };

  /** Besides LAYERS: the policy that lets the web layer and the composition root use src/cli/types.ts. */
  const EXTRA: Record<string, string[]> = { server: ['cli-contract'], app: ['cli-contract'] };

  it('lists what each layer may import, no more and no less', () => {
    for (const [row, type] of Object.entries(ROW))
      expect(layersIn(rows.get(row) ?? '?'), row).toEqual([...LAYERS[type], ...(EXTRA[type] ?? [])].sort());
    // The kernel also reads each module's permissions.ts, named in its cell.
    expect(layersIn((rows.get('kernel') ?? '').replace(/, and each .*$/, ''))).toEqual([...LAYERS.kernel].sort());
    for (const part of (rows.get('pure maths') ?? '').split(';')) {
      const [layer, uses] = part.split(':').map((w) => w.trim());
      expect(layersIn(uses), layer).toEqual([...LAYERS[TYPE[layer] ?? layer]].sort());
    }
    const modules = (rows.get('modules') ?? '').split(';')[0];
    expect(layersIn(modules)).toEqual([...MODULE_USES].sort());
  });

  it('names every package the pure layers may not import', () => {
    for (const name of PURE_FORBIDDEN) expect(section).toContain(`\`${name}\``);
  });
});
