import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';

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
