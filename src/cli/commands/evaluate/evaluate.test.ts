import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import cont from '../../../stats/evaluation/fixtures/matching.json' with { type: 'json' };
import ref from '../../../stats/evaluation/fixtures/did.json' with { type: 'json' };
import { captureIo } from '../../../../test/helpers/cli.ts';
import { main } from '../../main.ts';
import { createDraws } from '../../../stats/random.ts';
import { sampleSd } from '../../../stats/evaluation/index.ts';
import type { MatchReport } from './match.ts';

let dir: string;
const p = (name: string): string => join(dir, name);

async function run(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const c = captureIo();
  const code = await main(argv, c.io);
  return { code, stdout: c.stdout, stderr: c.stderr };
}

async function fails(...argv: string[]): Promise<string> {
  const r = await run(...argv);
  expect(r.code).not.toBe(0);
  expect(r.stdout).toBe('');
  const lines = r.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  return lines[0];
}

const csv = (header: string[], rows: (string | number)[][]): string =>
  [header.join(','), ...rows.map((r) => r.join(','))].join('\n') + '\n';

const close = (a: number | null | undefined, b: number, tol = 1e-8): void => {
  expect(a).not.toBeNull();
  expect(Math.abs((a as number) - b)).toBeLessThanOrEqual(tol * (1 + Math.abs(b)));
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cohesion-evaluate-'));
  const d = cont.data;
  await writeFile(
    p('matching.csv'),
    csv(
      ['id', 'treat', 'age', 'female', 'dep', 'y'],
      d.treat.map((t, i) => [`u${i + 1}`, t, d.age[i], d.female[i], d.dep[i], d.y[i]]),
    ),
  );
  const r = ref.data;
  await writeFile(
    p('did.csv'),
    csv(
      ['y', 'treat', 'post', 'x', 'id', 'weight'],
      ref.did_rows.map((i) => [r.y[i], r.treat[i], r.post[i], r.x[i], `p${r.id[i]}`, r.weight[i]]),
    ),
  );
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('cohesion evaluate match (against MatchIt 4.5.1 + sandwich, fixtures/matching.json)', () => {
  const rPairs = (mm: number[][]): [string, string][] => {
    const treated = cont.data.treat.flatMap((t, i) => (t === 1 ? [i] : []));
    return treated.flatMap((t, k) => mm[k].filter((c) => c > 0).map((c): [string, string] => [`u${t + 1}`, `u${c}`]));
  };

  it('prints the JSON contract: counts, scores, pairs, balance and the ATT with its clustered SE', async () => {
    const r = await run(
      'evaluate',
      'match',
      p('matching.csv'),
      '--treatment',
      'treat',
      '--covariates',
      'age,female,dep',
      '--outcome',
      'y',
      '--json',
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as MatchReport;
    expect(Object.keys(out)).toEqual([
      'n_treated',
      'n_control',
      'matched_treated',
      'matched_control',
      'propensity',
      'pairs',
      'balance',
      'att',
      'att_se',
    ]);
    const nT = cont.data.treat.filter((t) => t === 1).length;
    expect(out.n_treated).toBe(nT);
    expect(out.n_control).toBe(cont.data.treat.length - nT);
    expect(out.matched_treated).toBe(nT);
    expect(Object.keys(out.propensity)).toHaveLength(cont.data.treat.length);
    cont.ratio1.distance.forEach((ps, i) => close(out.propensity[`u${i + 1}`], ps, 1e-9));
    expect(out.pairs).toEqual(rPairs(cont.ratio1.match_matrix));
    const ball = cont.ratio1.balance_all;
    const balm = cont.ratio1.balance_matched;
    expect(out.balance.map((b) => b.covariate)).toEqual(ball.covariate);
    out.balance.forEach((b, j) => {
      close(b.smd_before, ball.smd[j], 1e-9);
      close(b.smd_after, balm.smd[j], 1e-9);
    });
    const k = cont.ratio1.att.names.indexOf('treat');
    close(out.att, cont.ratio1.att.estimate[k], 1e-9);
    close(out.att_se, cont.ratio1.att.se[k], 1e-8);
  });

  it('ratio 2 and exact matching give MatchIt’s pairs; no att without --outcome', async () => {
    const two = JSON.parse(
      (
        await run(
          'evaluate',
          'match',
          p('matching.csv'),
          '--treatment',
          'treat',
          '--covariates',
          'age,female,dep',
          '--ratio',
          '2',
          '--json',
        )
      ).stdout,
    ) as MatchReport;
    expect(two.pairs.sort()).toEqual(rPairs(cont.ratio2.match_matrix).sort());
    expect('att' in two).toBe(false);
    const exact = JSON.parse(
      (
        await run(
          'evaluate',
          'match',
          p('matching.csv'),
          '--treatment',
          'treat',
          '--covariates',
          'age,female,dep',
          '--exact',
          'female',
          '--json',
        )
      ).stdout,
    ) as MatchReport;
    expect(exact.pairs).toEqual(rPairs(cont.exact_female.match_matrix));
  });

  it('a caliper keeps every pair within it, and prints a readable summary without --json', async () => {
    const out = JSON.parse(
      (
        await run(
          'evaluate',
          'match',
          p('matching.csv'),
          '--treatment',
          'treat',
          '--covariates',
          'age,female,dep',
          '--caliper',
          '0.05',
          '--json',
        )
      ).stdout,
    ) as MatchReport;
    const sd = sampleSd(Object.values(out.propensity));
    expect(out.matched_treated).toBeLessThan(out.n_treated);
    for (const [t, c] of out.pairs)
      expect(Math.abs(out.propensity[t] - out.propensity[c])).toBeLessThanOrEqual(0.05 * sd);
    const text = await run('evaluate', 'match', p('matching.csv'), '--treatment', 'treat', '--covariates', 'age,dep');
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('Standardised mean differences');
  });

  it('fails in one line with a non-zero exit on bad input', async () => {
    expect(await fails('evaluate', 'match', p('matching.csv'), '--covariates', 'age')).toBe(
      'cohesion: evaluate match: --treatment COL is required',
    );
    expect(await fails('evaluate', 'match', p('matching.csv'), '--treatment', 'treat', '--covariates', 'nope')).toMatch(
      /DATA\.csv has no column 'nope'/,
    );
    expect(await fails('evaluate', 'match', p('nothing.csv'), '--treatment', 'treat', '--covariates', 'age')).toMatch(
      /no such file/,
    );
    await writeFile(
      p('bad.csv'),
      csv(
        ['id', 'treat', 'age'],
        [
          ['a', 1, 30],
          ['b', 0, 'x'],
          ['c', 2, 40],
          ['d', 0, ''],
        ],
      ),
    );
    expect(await fails('evaluate', 'match', p('bad.csv'), '--treatment', 'treat', '--covariates', 'age')).toBe(
      "cohesion: DATA.csv line 4: 'treat' must be 0 or 1 (got '2')",
    );
    expect(await fails('evaluate', 'match', p('bad.csv'), '--treatment', 'id', '--covariates', 'age')).toMatch(
      /line 2: 'id' must be 0 or 1 \(got 'a'\) \(and 3 more rows\)/,
    );
    await writeFile(
      p('sep.csv'),
      csv(
        ['id', 'treat', 'age'],
        [
          ['a', 1, 50],
          ['b', 1, 60],
          ['c', 0, 20],
          ['d', 0, 30],
          ['e', 1, 55],
          ['f', 0, 25],
        ],
      ),
    );
    expect(await fails('evaluate', 'match', p('sep.csv'), '--treatment', 'treat', '--covariates', 'age')).toMatch(
      /^cohesion: propensity score: the outcome is \(quasi-\)completely separated by the covariates: 'age'/,
    );
    expect(
      await fails(
        'evaluate',
        'match',
        p('matching.csv'),
        '--treatment',
        'treat',
        '--covariates',
        'age',
        '--ratio',
        '0',
      ),
    ).toMatch(/--ratio must be a whole number/);
    expect(await fails('evaluate', 'match', p('matching.csv'), '--bogus')).toMatch(/^cohesion: evaluate match: /);
  });
});

describe('cohesion evaluate did (against lm + sandwich, fixtures/did.json)', () => {
  const row = (t: {
    names: string[];
    estimate: number[];
    se: number[];
    p: number[];
    ci_low: number[];
    ci_high: number[];
  }) => {
    const j = t.names.indexOf('treat:post');
    return { estimate: t.estimate[j], se: t.se[j], p: t.p[j], lo: t.ci_low[j], hi: t.ci_high[j] };
  };

  it('CR1 by person with a covariate, and weighted', async () => {
    const r = await run(
      'evaluate',
      'did',
      p('did.csv'),
      '--outcome',
      'y',
      '--treatment',
      'treat',
      '--post',
      'post',
      '--covariates',
      'x',
      '--cluster',
      'id',
      '--json',
    );
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, number>;
    expect(Object.keys(out)).toEqual(['estimate', 'se', 'ci_low', 'ci_high', 'p_value', 'n', 'clusters']);
    const e = row(ref.did_cr1);
    close(out.estimate, e.estimate, 1e-10);
    close(out.se, e.se, 1e-9);
    close(out.ci_low, e.lo, 1e-9);
    close(out.ci_high, e.hi, 1e-9);
    close(out.p_value, e.p, 1e-8);
    expect(out.n).toBe(ref.did_rows.length);
    expect(out.clusters).toBe(ref.did_cr1.clusters);
    const w = JSON.parse(
      (
        await run(
          'evaluate',
          'did',
          p('did.csv'),
          '--outcome',
          'y',
          '--treatment',
          'treat',
          '--post',
          'post',
          '--covariates',
          'x',
          '--weights',
          'weight',
          '--json',
        )
      ).stdout,
    ) as Record<string, number | null>;
    const hc1 = row(ref.did_weighted_hc1);
    close(w.estimate, hc1.estimate, 1e-10);
    close(w.se, hc1.se, 1e-9);
    expect(w.clusters).toBeNull();
  });

  it('fails in one line on bad input', async () => {
    expect(await fails('evaluate', 'did', p('did.csv'), '--outcome', 'y', '--treatment', 'treat')).toBe(
      'cohesion: evaluate did: --post COL is required',
    );
    await writeFile(
      p('did-bad.csv'),
      csv(
        ['y', 't', 'post'],
        [
          [1, 0, 0],
          [2, 0, 1],
          ['NA', 1, 0],
          [4, 1, 1],
        ],
      ),
    );
    expect(
      await fails('evaluate', 'did', p('did-bad.csv'), '--outcome', 'y', '--treatment', 't', '--post', 'post'),
    ).toBe("cohesion: DATA.csv line 4: 'y' must be a number (got 'NA')");
    await writeFile(
      p('did-small.csv'),
      csv(
        ['y', 't', 'post'],
        [
          [1, 0, 0],
          [2, 0, 1],
          [3, 1, 0],
          [4, 1, 1],
        ],
      ),
    );
    expect(
      await fails('evaluate', 'did', p('did-small.csv'), '--outcome', 'y', '--treatment', 't', '--post', 'post'),
    ).toMatch(/^cohesion: difference-in-differences: regression needs more than 4 rows/);
    // Outcomes at the edge of floating point overflowed to an estimate printed as null, with exit code 0.
    await writeFile(
      p('did-huge.csv'),
      csv(
        ['y', 't', 'post'],
        [
          ['1e308', 1, 1],
          ['-1e308', 0, 0],
          ['1e308', 1, 0],
          ['-1e308', 0, 1],
          [1, 1, 1],
          [2, 0, 0],
          [3, 1, 0],
          [4, 0, 1],
        ],
      ),
    );
    expect(
      await fails(
        'evaluate',
        'did',
        p('did-huge.csv'),
        '--outcome',
        'y',
        '--treatment',
        't',
        '--post',
        'post',
        '--json',
      ),
    ).toBe(
      'cohesion: difference-in-differences: the estimate overflows (values too large to compute with); rescale the data',
    );
  });
});

describe('cohesion evaluate power', () => {
  const M = 1.959963984540054 + 0.8416212335729143;
  it('minimum detectable effects for two groups, proportions, clustered designs and pre-post', async () => {
    const mean = JSON.parse(
      (
        await run(
          'evaluate',
          'power',
          '--design',
          'two-group',
          '--sd',
          '1',
          '--n-treated',
          '100',
          '--n-control',
          '100',
          '--json',
        )
      ).stdout,
    ) as Record<string, number>;
    close(mean.mde, M * Math.sqrt(0.02), 1e-12);
    expect(mean.design_effect).toBe(1);
    const clustered = JSON.parse(
      (
        await run(
          'evaluate',
          'power',
          '--design',
          'did',
          '--sd',
          '10',
          '--n-treated',
          '100',
          '--n-control',
          '100',
          '--icc',
          '0.05',
          '--cluster-size',
          '21',
          '--json',
        )
      ).stdout,
    ) as Record<string, number>;
    close(clustered.design_effect, 2, 1e-12);
    close(clustered.mde, 10 * M * Math.sqrt(2 * 0.02 * 2), 1e-12);
    const prop = JSON.parse(
      (
        await run(
          'evaluate',
          'power',
          '--design',
          'two-group',
          '--baseline',
          '0.3',
          '--n-treated',
          '400',
          '--n-control',
          '600',
          '--json',
        )
      ).stdout,
    ) as Record<string, number | null>;
    expect(prop.standardised_mde).toBeNull();
    const p1 = 0.3 + (prop.mde as number);
    close(prop.mde, M * Math.sqrt((p1 * (1 - p1)) / 400 + 0.21 / 600), 1e-10);
    const pp = await run(
      'evaluate',
      'power',
      '--design',
      'pre-post',
      '--sd',
      '1',
      '--n',
      '100',
      '--correlation',
      '0.5',
    );
    expect(pp.stdout).toMatch(/^Minimum detectable effect: 0\.2802/);
    expect(await fails('evaluate', 'power', '--design', 'did', '--sd', '1', '--n-treated', '10')).toBe(
      'cohesion: evaluate power: --design did needs --n-control',
    );
    expect(await fails('evaluate', 'power', '--design', 'x')).toMatch(/--design must be two-group, did or pre-post/);
    expect(await fails('evaluate', 'power', '--design', 'pre-post', '--sd', '1', '--n', '50', '--icc', '0.1')).toMatch(
      /--icc and --cluster-size go together/,
    );
  });
});

describe('the CLI contract on 100,000 rows', () => {
  it('matches and estimates a clustered DiD on a generated 100,000-row file', async () => {
    const rng = createDraws(1301);
    const rows: (string | number)[][] = [];
    for (let i = 0; i < 100_000; i++) {
      const age = Math.round(18 + rng.next() * 60);
      const dep = rng.normal();
      const treat = rng.next() < 1 / (1 + Math.exp(-(-2.5 + 0.02 * age + 0.4 * dep))) ? 1 : 0;
      const post = i % 2;
      const y = 5 + 0.03 * age + 0.5 * dep + treat + 0.4 * post + 0.6 * treat * post + rng.normal();
      rows.push([`r${i}`, treat, age, dep.toFixed(6), post, y.toFixed(6), `a${i % 400}`]);
    }
    await writeFile(p('big.csv'), csv(['id', 'treat', 'age', 'dep', 'post', 'y', 'area'], rows));
    const m = await run(
      'evaluate',
      'match',
      p('big.csv'),
      '--treatment',
      'treat',
      '--covariates',
      'age,dep',
      '--caliper',
      '0.2',
      '--outcome',
      'y',
      '--json',
    );
    expect(m.stderr).toBe('');
    const out = JSON.parse(m.stdout) as MatchReport;
    expect(out.n_treated + out.n_control).toBe(100_000);
    expect(out.pairs).toHaveLength(out.matched_control);
    expect(new Set(out.pairs.map(([, c]) => c)).size).toBe(out.pairs.length);
    for (const b of out.balance) expect(Math.abs(b.smd_after as number)).toBeLessThan(0.05);
    const d = await run(
      'evaluate',
      'did',
      p('big.csv'),
      '--outcome',
      'y',
      '--treatment',
      'treat',
      '--post',
      'post',
      '--covariates',
      'age,dep',
      '--cluster',
      'area',
      '--json',
    );
    const did = JSON.parse(d.stdout) as Record<string, number>;
    expect(did.n).toBe(100_000);
    expect(did.clusters).toBe(400);
    expect(did.ci_low).toBeLessThan(0.6);
    expect(did.ci_high).toBeGreaterThan(0.6);
  }, 60_000);
});
