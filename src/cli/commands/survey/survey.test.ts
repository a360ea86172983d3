import { withServices } from '../../context.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { surveyEstimateCommand, surveyRakeCommand } from './index.ts';
import { captureIo } from '../../../../test/helpers/cli.ts';
import { CliError, type CliCommand } from '../../types.ts';
import {
  calibrationFromMargins,
  estimateMean,
  prepareDesign,
  rake,
  type RakeMargin,
} from '../../../stats/survey/index.ts';

async function runCmd(cmd: CliCommand, argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const c = captureIo();
  const code = await cmd.run(argv, c.io, { withServices });
  return { code, stdout: c.stdout, stderr: c.stderr };
}

async function cliError(cmd: CliCommand, argv: string[]): Promise<string> {
  try {
    await runCmd(cmd, argv);
  } catch (e) {
    expect(e).toBeInstanceOf(CliError);
    const msg = (e as CliError).message;
    expect(msg).not.toContain('\n');
    return msg;
  }
  throw new Error('expected a CliError');
}

let dir: string;
const p = (name: string): string => join(dir, name);

// 60 respondents: sex alternates, area cycles over three values, score 0..10, q categorical.
const N = 60;
const sexOf = (i: number): string => (i % 2 === 0 ? 'M' : 'F');
const areaOf = (i: number): string => ['North', 'South', 'East'][i % 3];
const ageOf = (i: number): string => (i % 5 < 2 ? 'young' : 'old');
const scoreOf = (i: number): string => (i % 7 === 0 ? '' : String((i * 7) % 11));
const qOf = (i: number): string => ['Agree', 'Disagree', 'Agree', 'Neither', 'NA'][i % 5];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'survey-cli-'));
  const lines = ['id,sex,area,age,score,q'];
  for (let i = 0; i < N; i++) lines.push(`p${i},${sexOf(i)},${areaOf(i)},${ageOf(i)},${scoreOf(i)},${qOf(i)}`);
  const responses = lines.join('\n') + '\n';
  await writeFile(p('responses.csv'), responses);
  await writeFile(p('responses.csv.gz'), gzipSync(responses));
  await writeFile(
    p('margins.csv'),
    'variable,category,population\nsex,M,4800\nsex,F,5200\narea,North,3000\narea,South,3500\narea,East,3500\nage,young,3000\nage,old,7000\n',
  );
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function parseWeights(csv: string): { ids: string[]; weights: number[] } {
  const [header, ...rows] = csv.trimEnd().split('\n');
  expect(header).toBe('id,weight');
  return { ids: rows.map((r) => r.split(',')[0]), weights: rows.map((r) => Number(r.split(',')[1])) };
}

describe('survey rake', () => {
  it('writes id,weight in input order that meets every margin; diagnostics on one stderr line', async () => {
    const r = await runCmd(surveyRakeCommand, [p('responses.csv'), '--margins', p('margins.csv'), '--epsilon', '1e-9']);
    expect(r.code).toBe(0);
    const { ids, weights } = parseWeights(r.stdout);
    expect(ids).toEqual(Array.from({ length: N }, (_, i) => `p${i}`));
    const total = (pred: (i: number) => boolean): number => weights.reduce((s, w, i) => (pred(i) ? s + w : s), 0);
    expect(total((i) => sexOf(i) === 'M')).toBeCloseTo(4800, 4);
    expect(total((i) => areaOf(i) === 'South')).toBeCloseTo(3500, 4);
    expect(total((i) => ageOf(i) === 'young')).toBeCloseTo(3000, 4);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/iterations=\d+; max_error=\S+; deff=\d+\.\d+; ess=\d+\.\d/);
  });

  it('reads gzip input and applies --trim', async () => {
    const r = await runCmd(surveyRakeCommand, [
      p('responses.csv.gz'),
      '--margins',
      p('margins.csv'),
      '--trim',
      '0.7,1.3',
    ]);
    const { weights } = parseWeights(r.stdout);
    const mean = 10000 / N;
    for (const w of weights) {
      expect(w).toBeLessThanOrEqual(1.3 * mean * 1.001);
      expect(w).toBeGreaterThanOrEqual(0.7 * mean * 0.999);
    }
    expect(r.stderr).toMatch(/trim \[.*\] rounds=\d+ satisfied/);
  });

  it('fails with one-line errors for bad margins and bad files', async () => {
    await writeFile(p('m-unknown-var.csv'), 'variable,category,population\ntenure,own,10\n');
    expect(await cliError(surveyRakeCommand, [p('responses.csv'), '--margins', p('m-unknown-var.csv')])).toMatch(
      /margins variable 'tenure' .* is not a column of RESPONSES\.csv/,
    );
    await writeFile(p('m-missing-cat.csv'), 'variable,category,population\narea,North,1\narea,South,1\n');
    expect(await cliError(surveyRakeCommand, [p('responses.csv'), '--margins', p('m-missing-cat.csv')])).toMatch(
      /respondent 'p2' .* has area='East', which is not a category of 'area'/,
    );
    await writeFile(
      p('m-empty.csv'),
      'variable,category,population\narea,North,1\narea,South,1\narea,East,1\narea,West,5\n',
    );
    expect(await cliError(surveyRakeCommand, [p('responses.csv'), '--margins', p('m-empty.csv')])).toMatch(
      /category 'West' has a population of 5 but no respondents/,
    );
    await writeFile(
      p('m-totals.csv'),
      'variable,category,population\nsex,M,50\nsex,F,50\narea,North,40\narea,South,40\narea,East,40\n',
    );
    expect(await cliError(surveyRakeCommand, [p('responses.csv'), '--margins', p('m-totals.csv')])).toMatch(
      /totals 120 but margin 'sex' totals 100/,
    );
    // Nobody is in (a=y, b=u), so meeting both margins needs the (x, v) weight to vanish: IPF only creeps towards it.
    await writeFile(p('r-slow.csv'), 'id,a,b\n1,x,u\n2,x,u\n3,x,v\n4,y,v\n');
    await writeFile(p('m-slow.csv'), 'variable,category,population\na,x,50\na,y,50\nb,u,50\nb,v,50\n');
    expect(
      await cliError(surveyRakeCommand, [p('r-slow.csv'), '--margins', p('m-slow.csv'), '--max-iter', '20']),
    ).toMatch(/raking did not converge: after 20 iterations the largest margin error is/);
    expect(await cliError(surveyRakeCommand, [p('nope.csv'), '--margins', p('margins.csv')])).toMatch(
      /cannot read RESPONSES\.csv: no such file/,
    );
    await writeFile(p('ragged.csv'), 'id,sex\np1,M\np2\n');
    expect(await cliError(surveyRakeCommand, [p('ragged.csv'), '--margins', p('margins.csv')])).toMatch(
      /cannot read RESPONSES\.csv: .*line 3/,
    );
    expect(await cliError(surveyRakeCommand, [p('responses.csv')])).toMatch(/--margins MARGINS\.csv is required/);
    expect(
      await cliError(surveyRakeCommand, [p('responses.csv'), '--margins', p('margins.csv'), '--trim', '2,3']),
    ).toMatch(/LOW ≤ 1 ≤ HIGH/);
    expect(await cliError(surveyRakeCommand, [p('responses.csv'), '--margins', p('margins.csv'), '--bogus'])).toMatch(
      /Unknown option '--bogus'/,
    );
    expect(
      await cliError(surveyRakeCommand, [p('responses.csv'), '--margins', p('margins.csv'), '--id-col', 'pid']),
    ).toMatch(/no column 'pid'/);
  });

  it('prints help', async () => {
    const r = await runCmd(surveyRakeCommand, ['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Usage: cohesion survey rake/);
    expect(surveyRakeCommand.name).toBe('survey rake');
  });
});

describe('survey estimate', () => {
  let weightsPath: string;
  let weights: number[];

  beforeAll(async () => {
    const r = await runCmd(surveyRakeCommand, [
      p('responses.csv'),
      '--margins',
      p('margins.csv'),
      '--epsilon',
      '1e-10',
    ]);
    weightsPath = p('weights.csv');
    await writeFile(weightsPath, r.stdout);
    weights = parseWeights(r.stdout).weights;
  });

  const scoreValues = (): Float64Array =>
    Float64Array.from({ length: N }, (_, i) => (scoreOf(i) === '' ? NaN : Number(scoreOf(i))));

  it('numeric variable → weighted mean (simple design) matching the library', async () => {
    const r = await runCmd(surveyEstimateCommand, [
      p('responses.csv'),
      '--weights',
      weightsPath,
      '--var',
      'score',
      '--json',
    ]);
    const doc = JSON.parse(r.stdout);
    expect(doc.estimates).toHaveLength(1);
    const row = doc.estimates[0];
    const lib = estimateMean(prepareDesign({ weights }), scoreValues());
    expect(row).toMatchObject({ by: null, level: null, n: lib.n, suppressed: false });
    expect(row).not.toHaveProperty('category');
    expect(row.estimate).toBeCloseTo(lib.estimate!, 12);
    expect(row.se).toBeCloseTo(lib.se!, 12);
    expect(row.ci_low).toBeCloseTo(lib.ciLow!, 12);
  });

  it('--margins gives raking-aware SEs (raked design)', async () => {
    const r = await runCmd(surveyEstimateCommand, [
      p('responses.csv'),
      '--weights',
      weightsPath,
      '--var',
      'score',
      '--margins',
      p('margins.csv'),
      '--json',
    ]);
    const doc = JSON.parse(r.stdout);
    expect(doc.design).toBe('raked');
    const codes = (f: (i: number) => string, cats: string[]): Int32Array =>
      Int32Array.from({ length: N }, (_, i) => cats.indexOf(f(i)));
    const margins: RakeMargin[] = [
      { name: 'sex', codes: codes(sexOf, ['M', 'F']), targets: [4800, 5200] },
      { name: 'area', codes: codes(areaOf, ['North', 'South', 'East']), targets: [3000, 3500, 3500] },
      { name: 'age', codes: codes(ageOf, ['young', 'old']), targets: [3000, 7000] },
    ];
    const raked = rake(margins, { epsilon: 1e-10 });
    const lib = estimateMean(
      prepareDesign({ weights: raked.weights, calibration: calibrationFromMargins(margins) }),
      scoreValues(),
    );
    expect(doc.estimates[0].se).toBeCloseTo(lib.se!, 8);
    expect(doc.estimates[0].se).not.toBeCloseTo(lib.seUncalibrated!, 8);
    expect(r.stderr).toBe('');
    const simple = await runCmd(surveyEstimateCommand, [
      p('responses.csv'),
      '--weights',
      weightsPath,
      '--var',
      'score',
      '--margins',
      p('margins.csv'),
      '--design',
      'simple',
      '--json',
    ]);
    expect(JSON.parse(simple.stdout).estimates[0].se).toBeCloseTo(lib.seUncalibrated!, 8);
  });

  it('--margins without --weights rakes in the same run: the same output as rake then estimate', async () => {
    // The two-command path with the rake command's default settings, as an analyst would run it.
    const rakeRun = await runCmd(surveyRakeCommand, [p('responses.csv'), '--margins', p('margins.csv')]);
    await writeFile(p('weights-default.csv'), rakeRun.stdout);
    for (const args of [
      ['--var', 'score', '--by', 'area', '--json'],
      ['--var', 'q', '--by', 'age', '--min-n', '5', '--json'],
      ['--var', 'score', '--design', 'simple', '--json'],
      ['--var', 'q', '--top-box', 'Agree'],
    ]) {
      const twoStep = await runCmd(surveyEstimateCommand, [
        p('responses.csv'),
        '--weights',
        p('weights-default.csv'),
        '--margins',
        p('margins.csv'),
        ...args,
      ]);
      const oneStep = await runCmd(surveyEstimateCommand, [p('responses.csv'), '--margins', p('margins.csv'), ...args]);
      expect(oneStep.code).toBe(0);
      expect(oneStep.stdout).toBe(twoStep.stdout);
      expect(oneStep.stderr).toBe('');
    }
    const gz = await runCmd(surveyEstimateCommand, [
      p('responses.csv.gz'),
      '--margins',
      p('margins.csv'),
      '--var',
      'score',
      '--json',
    ]);
    expect(JSON.parse(gz.stdout).design).toBe('raked');
  });

  it('reads a weights file in any row order, and reports an id it does not know', async () => {
    const lines = (await readFile(weightsPath, 'utf8')).trim().split('\n');
    const shuffled = [lines[0], ...lines.slice(1).reverse()].join('\n') + '\n';
    await writeFile(p('w-reversed.csv'), shuffled);
    const args = ['--var', 'score', '--by', 'area', '--margins', p('margins.csv'), '--json'];
    const inOrder = await runCmd(surveyEstimateCommand, [p('responses.csv'), '--weights', weightsPath, ...args]);
    const reversed = await runCmd(surveyEstimateCommand, [
      p('responses.csv'),
      '--weights',
      p('w-reversed.csv'),
      ...args,
    ]);
    expect(reversed.stdout).toBe(inOrder.stdout);
    // In order but for one id: the file is joined by id, and the stranger named.
    await writeFile(
      p('w-stranger.csv'),
      [...lines.slice(0, 5), lines[5].replace('p4,', 'zz,'), ...lines.slice(6)].join('\n'),
    );
    expect(
      await cliError(surveyEstimateCommand, [p('responses.csv'), '--weights', p('w-stranger.csv'), '--var', 'score']),
    ).toMatch(/WEIGHTS\.csv has no weight for 1 respondent\(s\), e\.g\. id 'p4'/);
    await writeFile(
      p('w-bad.csv'),
      [...lines.slice(0, 3), lines[3].replace(/,.*/, ',-1'), ...lines.slice(4)].join('\n'),
    );
    expect(
      await cliError(surveyEstimateCommand, [p('responses.csv'), '--weights', p('w-bad.csv'), '--var', 'score']),
    ).toMatch(/WEIGHTS\.csv line 4 weight must be a number > 0 \(got '-1'\)/);
  });

  it('--margins without --weights reports bad margins and respondents as the rake command does', async () => {
    await writeFile(
      p('m-west.csv'),
      'variable,category,population\narea,North,1\narea,South,1\narea,East,1\narea,West,2\n',
    );
    expect(
      await cliError(surveyEstimateCommand, [p('responses.csv'), '--margins', p('m-west.csv'), '--var', 'score']),
    ).toMatch(/'West' has a population of 2 but no respondents/);
    await writeFile(p('m-sex.csv'), 'variable,category,population\nsex,M,1\n');
    expect(
      await cliError(surveyEstimateCommand, [p('responses.csv'), '--margins', p('m-sex.csv'), '--var', 'score']),
    ).toMatch(/respondent 'p1' \(RESPONSES\.csv line 3\) has sex='F', which is not a category of 'sex'/);
    await writeFile(p('r-dup.csv'), 'id,sex\na,M\na,F\n');
    expect(
      await cliError(surveyEstimateCommand, [p('r-dup.csv'), '--margins', p('margins.csv'), '--var', 'sex']),
    ).toMatch(/RESPONSES\.csv has id 'a' twice \(lines 2 and 3\)/);
  });

  it('categorical variable by domain: one row per category and level, with suppression', async () => {
    const r = await runCmd(surveyEstimateCommand, [
      p('responses.csv'),
      '--weights',
      weightsPath,
      '--var',
      'q',
      '--by',
      'area',
      '--min-n',
      '10',
      '--json',
    ]);
    const doc = JSON.parse(r.stdout);
    expect(doc.type).toBe('proportion');
    // 3 categories (NA is missing) × (overall + 3 areas)
    expect(doc.estimates).toHaveLength(12);
    expect(doc.estimates.slice(0, 3).map((e: { category: string }) => e.category)).toEqual([
      'Agree',
      'Disagree',
      'Neither',
    ]);
    expect(doc.estimates[0]).toMatchObject({ by: null, level: null, n: 48 });
    const overall = doc.estimates.slice(0, 3).reduce((s: number, e: { estimate: number }) => s + e.estimate, 0);
    expect(overall).toBeCloseTo(1, 12);
    const east = doc.estimates.filter((e: { level: string }) => e.level === 'East');
    expect(east).toHaveLength(3);
    expect(east[0]).toMatchObject({ by: 'area', n: 16, suppressed: false });
    const suppressed = await runCmd(surveyEstimateCommand, [
      p('responses.csv'),
      '--weights',
      weightsPath,
      '--var',
      'q',
      '--by',
      'area',
      '--json',
    ]);
    const eastRow = JSON.parse(suppressed.stdout).estimates.find((e: { level: string }) => e.level === 'East');
    expect(eastRow).toMatchObject({ n: 16, estimate: null, se: null, ci_low: null, ci_high: null, suppressed: true });
  });

  it('--top-box and --type categorical, readable table without --json', async () => {
    const r = await runCmd(surveyEstimateCommand, [
      p('responses.csv'),
      '--weights',
      weightsPath,
      '--var',
      'q',
      '--top-box',
      'Agree,Neither',
      '--ci',
      'logit',
      '--json',
    ]);
    const row = JSON.parse(r.stdout).estimates[0];
    expect(row.category).toBe('Agree|Neither');
    expect(r.stderr).toBe('');
    const typo = await runCmd(surveyEstimateCommand, [
      p('responses.csv'),
      '--weights',
      weightsPath,
      '--var',
      'q',
      '--top-box',
      'agree',
      '--json',
    ]);
    expect(typo.stderr).toMatch(/'agree' never occur/);
    expect(row.ci_low).toBeGreaterThan(0);
    const t = await runCmd(surveyEstimateCommand, [
      p('responses.csv'),
      '--weights',
      weightsPath,
      '--var',
      'score',
      '--type',
      'categorical',
      '--by',
      'area',
    ]);
    expect(t.stdout).toMatch(/^score: weighted proportions/);
    expect(t.stdout).toMatch(/by\s+level\s+category\s+n\s+estimate %/);
    expect(t.stdout).toMatch(/suppressed/);
  });

  it('fails clearly on mismatched weights and bad options', async () => {
    await writeFile(p('w-short.csv'), 'id,weight\np0,1\np1,2\n');
    expect(
      await cliError(surveyEstimateCommand, [p('responses.csv'), '--weights', p('w-short.csv'), '--var', 'score']),
    ).toMatch(/WEIGHTS\.csv has no weight for 58 respondent\(s\), e\.g\. id 'p2'/);
    expect(
      await cliError(surveyEstimateCommand, [
        p('responses.csv'),
        '--weights',
        weightsPath,
        '--var',
        'score',
        '--design',
        'raked',
      ]),
    ).toMatch(/--design raked needs --margins/);
    expect(
      await cliError(surveyEstimateCommand, [p('responses.csv'), '--weights', weightsPath, '--var', 'nope']),
    ).toMatch(/RESPONSES\.csv has no column 'nope'/);
    expect(
      await cliError(surveyEstimateCommand, [
        p('responses.csv'),
        '--weights',
        weightsPath,
        '--var',
        'q',
        '--type',
        'mean',
      ]),
    ).toMatch(/non-numeric value 'Agree'/);
    await writeFile(
      p('m-bad.csv'),
      'variable,category,population\narea,North,1\narea,South,1\narea,East,1\narea,West,2\n',
    );
    expect(
      await cliError(surveyEstimateCommand, [
        p('responses.csv'),
        '--weights',
        weightsPath,
        '--var',
        'score',
        '--margins',
        p('m-bad.csv'),
      ]),
    ).toMatch(/'West' has a population of 2 but no respondents/);
    expect(await cliError(surveyEstimateCommand, [p('responses.csv'), '--var', 'score'])).toMatch(
      /--weights WEIGHTS\.csv is required/,
    );
  });
});
