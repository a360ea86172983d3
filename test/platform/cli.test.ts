import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { captureIo } from '../helpers/cli.ts';
import { spawn } from 'node:child_process';
import { main, COMMANDS } from '../../src/cli/main.ts';
import { openPglite } from '../../src/db/pglite.ts';

const SHARED = '../shared/data';
const HAS_DATA = existsSync(`${SHARED}/boundaries2011/lsoa/E09000030.geojson.gz`);

describe('cohesion CLI', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'cohesion-cli-'));
  const env = {
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    SESSION_SECRET: 's'.repeat(40),
    SERVICE_URL: 'http://localhost:3000',
  };
  const run = async (...argv: string[]) => {
    const c = captureIo(env);
    const code = await main(argv, c.io);
    return { code, stdout: c.stdout, stderr: c.stderr };
  };
  const count = async (sql: string) => {
    const db = await openPglite(join(dataDir, 'pglite'));
    try {
      return (await db.query<{ n: number }>(sql))[0].n;
    } finally {
      await db.close();
    }
  };

  it('prints usage, and --help for every command', async () => {
    const help = await run('--help');
    expect(help.code).toBe(0);
    for (const c of COMMANDS) expect(help.stdout).toContain(c.name);
    for (const c of COMMANDS) {
      const r = await run(...c.name.split(' '), '--help');
      expect(r.code, c.name).toBe(0);
      expect(r.stdout, c.name).toContain('Usage: cohesion');
      // The list is lazy: its name and summary must be the command's own.
      const loaded = await c.load();
      expect([loaded.name, loaded.summary]).toEqual([c.name, c.summary]);
    }
  });

  it('rejects unknown commands and options with one line and a non-zero exit', async () => {
    const unknown = await run('frobnicate');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.trim().split('\n')).toHaveLength(1);
    const group = await run('import');
    expect(group.code).toBe(2);
    expect(group.stderr).toContain('needs a subcommand');
    const badOpt = await run('migrate', '--bogus');
    expect(badOpt.code).toBe(2);
    expect(badOpt.stderr).toMatch(/^cohesion: .*bogus/);
    expect(badOpt.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('migrates, and is idempotent', async () => {
    const first = await run('migrate');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/applied \d+ migration/);
    const second = await run('migrate');
    expect(second.stdout).toContain('up to date');
  });

  it('reports a missing or unreadable boundary file in one line, without a stack trace', async () => {
    const missing = await run('import', 'boundaries', '/no/such/file.geojson');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe('cohesion: cannot read /no/such/file.geojson: ENOENT\n');
    const bad = join(dataDir, 'bad.geojson');
    writeFileSync(bad, '{"type":"FeatureCollection", "features": [');
    const r = await run('import', 'boundaries', bad);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^cohesion: .*not valid JSON/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('lists every bad feature and imports nothing when any feature is bad', async () => {
    const file = join(dataDir, 'mixed.geojson');
    const square = {
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [0, 0.01],
          [0.01, 0.01],
          [0.01, 0],
          [0, 0],
        ],
      ],
    };
    writeFileSync(
      file,
      JSON.stringify({
        type: 'FeatureCollection',
        features: [
          { type: 'Feature', properties: { LSOA11CD: 'E01000001', LSOA11NM: 'Good' }, geometry: square },
          {
            type: 'Feature',
            properties: { LSOA11CD: 'E01000002', LSOA11NM: 'Bad' },
            geometry: { type: 'Point', coordinates: [0, 0] },
          },
          { type: 'Feature', properties: { LSOA11CD: 'nonsense', LSOA11NM: 'Worse' }, geometry: square },
        ],
      }),
    );
    const before = await count('select count(*)::int as n from areas');
    const r = await run('import', 'boundaries', file);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('feature 1');
    expect(r.stderr).toContain('feature 2');
    expect(r.stderr).toContain('nothing was changed');
    expect(await count('select count(*)::int as n from areas')).toBe(before);
  });

  it('lists every bad lookup row with its line number and changes nothing', async () => {
    const file = join(dataDir, 'lookup.csv');
    writeFileSync(
      file,
      'LSOA11CD,LSOA11NM,MSOA11CD,MSOA11NM\nE01000001,A 001A,E02000001,A 001\nE01000003,A 001C,,\nbad,x,E02000001,A 001\n',
    );
    const before = await count('select count(*)::int as n from area_links');
    const r = await run('import', 'lookups', file);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/line 4/);
    expect(await count('select count(*)::int as n from area_links')).toBe(before);
  });

  it.skipIf(!HAS_DATA)(
    `imports real boundaries and lookups${HAS_DATA ? '' : ' (skipped: ../shared/data is absent)'}`,
    async () => {
      const lsoa = await run('import', 'boundaries', `${SHARED}/boundaries2011/lsoa/E09000030.geojson.gz`);
      expect(lsoa.code, lsoa.stderr).toBe(0);
      expect(lsoa.stdout).toContain('144 areas, 144 boundaries');
      const again = await run('import', 'boundaries', `${SHARED}/boundaries2011/lsoa/E09000030.geojson.gz`);
      expect(again.code).toBe(0);
      expect(await count(`select count(*)::int as n from areas where code like 'E01%'`)).toBe(144);
      const lads = await run('import', 'boundaries', `${SHARED}/boundaries2011/lad_england.topojson.gz`);
      expect(lads.code, lads.stderr).toBe(0);
      expect(await count(`select count(*)::int as n from areas where level = 'lad'`)).toBe(326);
    },
  );

  it('creates a council and users, and invites through the outbox', async () => {
    expect((await run('councils', 'create', '--slug', 'x', '--name', 'X', '--area', 'E09000030')).stderr).toContain(
      '--slug is required',
    );
    expect(
      (await run('councils', 'create', '--slug', 'tower-hamlets', '--name', 'Tower Hamlets', '--area', 'E01000001'))
        .stderr,
    ).toContain('local authority');
    const created = await run(
      'councils',
      'create',
      '--slug',
      'tower-hamlets',
      '--name',
      'Tower Hamlets',
      '--area',
      'E09000030',
    );
    expect(created.code, created.stderr).toBe(0);
    const dup = await run(
      'councils',
      'create',
      '--slug',
      'tower-hamlets',
      '--name',
      'Tower Hamlets',
      '--area',
      'E09000030',
    );
    expect(dup.code).toBe(1);
    expect(dup.stderr).toContain('already exists');

    const noCouncil = await run(
      'users',
      'create',
      '--council',
      'nowhere',
      '--email',
      'a@b.test',
      '--name',
      'A',
      '--role',
      'analyst',
    );
    expect(noCouncil.code).toBe(1);
    expect(noCouncil.stderr).toBe("cohesion: no council with slug 'nowhere'\n");
    const badRole = await run(
      'users',
      'create',
      '--council',
      'tower-hamlets',
      '--email',
      'a@b.test',
      '--name',
      'A',
      '--role',
      'king',
    );
    expect(badRole.stderr).toContain('--role must be one of');
    const user = await run(
      'users',
      'create',
      '--council',
      'tower-hamlets',
      '--email',
      'Ana@Example.test',
      '--name',
      'Ana',
      '--role',
      'analyst',
    );
    expect(user.code, user.stderr).toBe(0);
    expect(user.stdout).toMatch(/password: \S{16,}/);
    const partner = await run(
      'users',
      'invite',
      '--council',
      'tower-hamlets',
      '--email',
      'p@police.test',
      '--name',
      'P',
      '--role',
      'partner',
    );
    expect(partner.code).toBe(1);
    expect(partner.stderr).toContain('partner organisation');
    const invite = await run(
      'users',
      'invite',
      '--council',
      'tower-hamlets',
      '--email',
      'v@example.test',
      '--name',
      'Vi',
      '--role',
      'viewer',
    );
    expect(invite.code, invite.stderr).toBe(0);
    expect(invite.stdout).toMatch(/http:\/\/localhost:3000\/invitations\/[A-Za-z0-9_-]{40,}/);
    expect(readdirSync(join(dataDir, 'outbox')).length).toBe(1);
  });

  it('creates the demo council deterministically and prints working credentials', async () => {
    const r = await run('demo');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('admin@demoshire.example');
    const areas = await count(`select count(*)::int as n from areas where code like 'X%'`);
    expect(areas).toBeGreaterThan(100);
    const again = await run('demo');
    expect(again.code).toBe(0);
    expect(await count(`select count(*)::int as n from areas where code like 'X%'`)).toBe(areas);
  });

  // On the data directory the tests above left, which holds the demo council: the subject is the process (port,
  // logs, readiness, signals); building the demo from nothing is the test above.
  it('serves the demo on the given port, writes JSON logs without personal data, and exits cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, ['bin/cohesion.js', 'serve', '--port', '0', '--demo'], {
      env: { ...process.env, DATABASE_URL: '', DATA_DIR: dataDir, LOG_LEVEL: 'info', SESSION_SECRET: 'k'.repeat(40) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const url = await new Promise<string>((resolve, reject) => {
      // Start-up checks the migrations and the demo: a second or two on a quiet machine, longer on a busy one.
      const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 240_000);
      child.stdout.on('data', () => {
        const m = /running at (http:\/\/\S+)/.exec(out);
        if (m && out.includes('Demo administrator password')) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      });
    });
    expect(out).toContain('Demo administrator email:    admin@demoshire.example');
    expect((await fetch(`${url}/health`)).status).toBe(200);
    expect(await (await fetch(`${url}/ready`)).json()).toEqual({ status: 'ready', database: 'pglite' });
    // A sign-in attempt with an email in the body and the query string.
    const page = await fetch(`${url}/sign-in?email=secret.person@example.test`);
    const cookie = page.headers.get('set-cookie')!.split(';')[0];
    const token = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1];
    await fetch(`${url}/sign-in?email=secret.person@example.test`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
      body: new URLSearchParams({
        _csrf: token,
        email: 'secret.person@example.test',
        password: 'wrong password',
      }).toString(),
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    const logLines = out.split('\n').filter((l) => l.startsWith('{'));
    expect(logLines.length).toBeGreaterThan(2);
    for (const l of logLines) expect(() => JSON.parse(l)).not.toThrow();
    expect(out).not.toContain('secret.person');
    expect(out).not.toContain('127.0.0.1","remote');
    expect(out).toContain('shutting down');
  }, 300_000);
});
