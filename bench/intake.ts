/**
 * Intake under a surge: `npm run bench:intake [-- --duration 15 --connections 32 --crash --poison 0.01]`
 *
 * Starts the real service (bin/cohesion.js serve, a separate process) against PostgreSQL (DATABASE_URL,
 * default postgres://postgres@127.0.0.1:5432/test) in a fresh schema, creates a council, and drives the public
 * submission endpoint POST /report/:council/submit with concurrent clients (autocannon) for a fixed time.
 * Every request carries a new client-generated idempotency key, except about 2% that resend an earlier key
 * (a browser retry): those must get the original reference back and store nothing.
 *
 * --crash: kills the server with SIGKILL halfway through, restarts it on the same port while the load
 * continues, then checks that every acknowledged reference is in the database (persisted ≥ acknowledged,
 * lost = 0).
 *
 * --poison P: makes a fraction P (0 ≤ P < 1) of the new reports bad in ways a client could send (a NUL or other
 * control character in a text field, half a surrogate pair, an impossible date). Each must be refused with a
 * 400 and nothing stored, while every good report sent alongside it is stored and acknowledged: the output
 * adds poisoned, poisoned_refused, poisoned_stored and good_failed (good reports that got neither 200 nor 201),
 * and the exit code is 1 unless good_failed and poisoned_stored are both 0.
 *
 * Prints one JSON line:
 *   {"sent","acknowledged","persisted","duplicates","rps","p50_ms","p99_ms", …}
 * sent: requests completed or failed; acknowledged: distinct references the server acknowledged (2xx);
 * persisted: reports in the database; duplicates: keys stored more than once plus retries that got a different
 * reference (must be 0); rps: acknowledged per second; p50/p99: response latency; lost: acknowledged references
 * not in the database (must be 0; the exit code is 1 otherwise); server_peak_mib and bench_peak_mib: peak
 * resident memory of the service and of the load generator.
 * Raw baseline (skip with --no-raw): before and after the service's run, the same number of clients insert
 * report-sized rows with plain INSERTs through the same driver for the same time (see rawInserts); the output
 * adds raw_rps (the mean of the two), raw_before, raw_after and ratio_to_raw = rps / raw_rps.
 * The per-client rate limit is raised for the run (all load comes from one address). Not a test: figures go to
 * docs/benchmarks.md.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createRequire } from 'node:module';
import pg from 'pg';
import { openPostgres } from '../src/db/postgres.ts';
import { migrate } from '../src/db/migrate.ts';
import { insertReports } from '../src/modules/tensions/repository/intake.ts';

// autocannon ships no type declarations: the little of its API used here, typed locally.
interface AutocannonResult {
  latency: { p50: number; p99: number };
  errors: number;
  timeouts: number;
  non2xx: number;
}
interface AutocannonInstance {
  on(event: 'response' | 'reqError', fn: () => void): AutocannonInstance;
  on(event: 'done', fn: (r: AutocannonResult) => void): AutocannonInstance;
  on(event: 'error', fn: (e: Error) => void): AutocannonInstance;
}
const autocannon = createRequire(import.meta.url)('autocannon') as (
  opts: Record<string, unknown>,
) => AutocannonInstance;

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '15' },
    connections: { type: 'string', default: '32' },
    crash: { type: 'boolean', default: false },
    poison: { type: 'string', default: '0' },
    'no-raw': { type: 'boolean', default: false },
  },
});
const DURATION = Number(args.duration);
const CONNECTIONS = Number(args.connections);
const CRASH = args.crash === true;
const POISON = Number(args.poison);
const NO_RAW = args['no-raw'] === true;
if (!(POISON >= 0 && POISON < 1)) throw new Error('--poison must be a fraction from 0 to just under 1, like 0.01');
const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SLUG = 'bench';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The physical limit to compare with: plain report-sized INSERTs, one transaction each, through the same pg
 * driver at the same concurrency (one connection per client), for the same time, into a copy of
 * tension_reports (same columns, defaults, checks and indexes; no foreign keys) holding rows like the ones the
 * service stores. Each insert is a named prepared statement: the cheapest way the driver has.
 */
async function rawInserts(schema: string, sample: Record<string, unknown>, connections: number, seconds: number) {
  const columns = Object.keys(sample).filter((c) => c !== 'id');
  const setup = new pg.Client({ connectionString: DATABASE_URL });
  await setup.connect();
  await setup.query(`set search_path = "${schema}"`);
  await setup.query('drop table if exists raw_reports');
  await setup.query(
    'create table raw_reports (like tension_reports including defaults including constraints including indexes)',
  );
  await setup.end();
  const text = `insert into raw_reports (${columns.join(', ')}) values (${columns.map((_c, k) => `$${k + 1}`).join(', ')})`;
  const latencies: number[] = [];
  let inserted = 0;
  let counter = 0;
  const until = Date.now() + seconds * 1000;
  const worker = async () => {
    const client = new pg.Client({ connectionString: DATABASE_URL });
    await client.connect();
    await client.query(`set search_path = "${schema}"`);
    while (Date.now() < until) {
      const n = counter++;
      const values = columns.map((c) =>
        c === 'reference' ? `RAW-${process.pid}-${n}` : c === 'idempotency_key' ? `raw-${process.pid}-${n}` : sample[c],
      );
      const t0 = performance.now();
      await client.query({ name: 'raw-insert', text, values });
      latencies.push(performance.now() - t0);
      inserted++;
    }
    await client.end();
  };
  await Promise.all(Array.from({ length: connections }, worker));
  latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0);
  return { inserted, rps: Math.round(inserted / seconds), p50_ms: at(0.5), p99_ms: at(0.99) };
}

/** Ways to spoil a report that the service must refuse with a 400, without failing the reports batched with it. */
const POISONS: ((body: Record<string, unknown>) => Record<string, unknown>)[] = [
  (b) => ({ ...b, what: `${String(b.what)}\u0000 and a NUL` }),
  (b) => ({ ...b, location: `Bell\u0007 Street` }),
  (b) => ({ ...b, cause: 'half a pair \ud83d here' }),
  (b) => ({ ...b, happenedOn: '2024-02-30' }),
  (b) => ({ ...b, motivations: ['other'], motivationOther: 'escape \u001b[31m red' }),
];

/** A report as the service stores it (through the repository's own insert), to copy in the raw baseline. */
async function sampleReport(schema: string): Promise<Record<string, unknown>> {
  const db = await openPostgres(DATABASE_URL, { schema, max: 1 });
  const [council] = await db.query<{ id: string }>('select id from councils where slug = $1', [SLUG]);
  await insertReports(db, [
    {
      councilId: council.id,
      reference: 'RAW-SAMPLE',
      idempotencyKey: 'raw-sample',
      channel: 'online',
      recordedBy: null,
      reportingCentre: null,
      what: 'Bench report 1: abuse shouted at a bus stop (fictional).',
      location: 'Bench Street 1',
      wardCode: null,
      happenedOn: new Date().toISOString().slice(0, 10),
      ongoing: 'no',
      motivations: ['race'],
      motivationOther: null,
      cause: null,
      reporterRole: 'witness',
      contactName: null,
      contactEmail: null,
      contactPhone: null,
      contactConsent: false,
    } as Parameters<typeof insertReports>[1][number],
  ]);
  const [row] = await db.query<Record<string, unknown>>(`select * from tension_reports where reference = 'RAW-SAMPLE'`);
  await db.query(`delete from tension_reports where reference = 'RAW-SAMPLE'`);
  await db.close();
  return row;
}

async function main() {
  const schema = `bench_intake_${randomBytes(4).toString('hex')}`;
  const db = await openPostgres(DATABASE_URL, { schema, max: 2 });
  await migrate(db);
  await db.query(`insert into councils (slug, name, is_demo) values ($1, 'Bench Borough Council (fictional)', true)`, [
    SLUG,
  ]);
  await db.close();

  const url = new URL(DATABASE_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env = {
    ...process.env,
    DATABASE_URL: url.toString(),
    PORT: String(port),
    HOST: '127.0.0.1',
    NODE_ENV: 'production',
    SESSION_SECRET: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'warn',
    DATA_DIR: mkdtempSync(join(tmpdir(), 'cohesion-bench-')),
    RATE_LIMIT_PUBLIC_FORMS: '100000000',
  };

  let server: ChildProcess | null = null;
  const start = async () => {
    const child = spawn(process.execPath, [join(ROOT, 'bin/cohesion.js'), 'serve'], {
      env,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    server = child;
    for (let i = 0; i < 400; i++) {
      if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
      try {
        const res = await fetch(`${base}/report/${SLUG}`);
        if (res.ok) return res;
      } catch {
        /* not listening yet */
      }
      await sleep(50);
    }
    throw new Error('server did not start');
  };

  // Raw baseline before the service's run (and again after it, so that drift on a shared machine affects both).
  const rawSample = await sampleReport(schema);
  const rawBefore = NO_RAW ? null : await rawInserts(schema, rawSample, CONNECTIONS, DURATION);

  const first = await start();
  const cookie = (first.headers.getSetCookie?.() ?? []).map((c) => c.split(';')[0]).join('; ');
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await first.text())?.[1];
  if (!csrf) throw new Error('no CSRF token on the start page');

  const today = new Date().toISOString().slice(0, 10);
  const motivations = ['race', 'religion', 'disability', 'sexual_orientation', 'transgender'];
  let counter = 0;
  const sentKeys: string[] = [];
  const refByKey = new Map<string, string>();
  const acknowledged = new Set<string>();
  let retries = 0;
  let mismatched = 0;
  let sent = 0;
  const poison = { sent: 0, refused: 0, stored: 0, other: 0 };
  let goodFailed = 0;

  const instance = autocannon({
    url: base,
    connections: CONNECTIONS,
    duration: DURATION,
    timeout: 5,
    requests: [
      {
        method: 'POST',
        path: `/report/${SLUG}/submit`,
        headers: { 'content-type': 'application/json', 'x-csrf-token': csrf, cookie },
        setupRequest: (req: Record<string, unknown>, context: Record<string, unknown>) => {
          let key: string;
          context.poison = false;
          if (sentKeys.length > 100 && Math.random() < 0.02) {
            key = sentKeys[Math.floor(Math.random() * sentKeys.length)];
            context.retry = true;
          } else {
            key = `bench-${process.pid}-${(counter++).toString(36).padStart(8, '0')}`;
            context.retry = false;
            if (POISON > 0 && Math.random() < POISON) context.poison = true;
            else sentKeys.push(key);
          }
          context.key = key;
          const i = counter;
          const body: Record<string, unknown> = {
            what: `Bench report ${i}: abuse shouted at a bus stop (fictional).`,
            location: `Bench Street ${i % 97}`,
            happenedOn: today,
            ongoing: 'no',
            motivations: [motivations[i % motivations.length]],
            reporterRole: 'witness',
            contact: 'no',
            idempotencyKey: key,
          };
          if (context.poison) poison.sent++;
          return { ...req, body: JSON.stringify(context.poison ? POISONS[i % POISONS.length](body) : body) };
        },
        onResponse: (status: number, body: string, context: Record<string, unknown>) => {
          if (context.poison) {
            if (status === 400) poison.refused++;
            else if (status === 200 || status === 201) poison.stored++;
            else poison.other++;
            return;
          }
          if (status !== 200 && status !== 201) {
            goodFailed++;
            return;
          }
          const reference = (JSON.parse(body) as { reference: string }).reference;
          const key = context.key as string;
          const known = refByKey.get(key);
          if (known && known !== reference) mismatched++;
          if (!known) refByKey.set(key, reference);
          if (context.retry) retries++;
          acknowledged.add(reference);
        },
      },
    ],
  });
  instance.on('response', () => sent++);
  instance.on('reqError', () => sent++);

  let restartMs: number | null = null;
  if (CRASH) {
    setTimeout(
      () => {
        const victim = server!;
        const t0 = Date.now();
        victim.once('exit', () => {
          start().then(
            () => (restartMs = Date.now() - t0),
            (err: Error) => console.error(`restart failed: ${err.message}`),
          );
        });
        victim.kill('SIGKILL');
      },
      (DURATION * 1000) / 2,
    );
  }

  const result = await new Promise<AutocannonResult>((resolve, reject) =>
    instance.on('done', resolve).on('error', reject),
  );
  // Let a restart finish so the check below reads a settled database.
  for (let i = 0; CRASH && restartMs === null && i < 200; i++) await sleep(50);

  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  await client.query(`set search_path = "${schema}"`);
  const stored = (await client.query<Record<string, unknown>>('select * from tension_reports limit 1')).rows[0];
  const rawAfter = NO_RAW ? null : await rawInserts(schema, stored ?? rawSample, CONNECTIONS, DURATION);
  const counts = (
    await client.query<{ n: number; keys: number }>(
      'select count(*)::int as n, count(distinct idempotency_key)::int as keys from tension_reports',
    )
  ).rows[0];
  const refs = [...acknowledged];
  const found = refs.length
    ? (
        await client.query<{ n: number }>(
          'select count(*)::int as n from tension_reports where reference = any($1::text[])',
          [refs],
        )
      ).rows[0].n
    : 0;
  const serverPeakMiB = peakMiB((server as ChildProcess | null)?.pid);
  (server as ChildProcess | null)?.kill('SIGTERM');
  await sleep(300);
  await client.query(`drop schema "${schema}" cascade`);
  await client.end();

  const out: Record<string, unknown> = {
    sent,
    acknowledged: acknowledged.size,
    persisted: counts.n,
    duplicates: counts.n - counts.keys + mismatched,
    rps: Math.round(acknowledged.size / DURATION),
    p50_ms: result.latency.p50,
    p99_ms: result.latency.p99,
    retries_answered: retries,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    lost: acknowledged.size - found,
    connections: CONNECTIONS,
    duration_s: DURATION,
    // Peak resident memory: the service (of its last start, after a crash), and this load generator.
    server_peak_mib: serverPeakMiB,
    bench_peak_mib: Math.round(process.resourceUsage().maxRSS / 1024),
  };
  if (rawBefore && rawAfter) {
    const rawRps = Math.round((rawBefore.rps + rawAfter.rps) / 2);
    Object.assign(out, {
      raw_rps: rawRps,
      raw_before: rawBefore,
      raw_after: rawAfter,
      ratio_to_raw: Number((acknowledged.size / DURATION / rawRps).toFixed(3)),
    });
  }
  if (CRASH) Object.assign(out, { crash: true, restart_ms: restartMs });
  if (POISON > 0)
    Object.assign(out, {
      poison: POISON,
      poisoned: poison.sent,
      poisoned_refused: poison.refused,
      poisoned_stored: poison.stored,
      poisoned_other: poison.other,
      good_failed: goodFailed,
    });
  process.stdout.write(`${JSON.stringify(out)}\n`);
  const failed = acknowledged.size - found !== 0 || (POISON > 0 && (goodFailed > 0 || poison.stored > 0));
  process.exit(failed ? 1 : 0);
}

main().catch((err: Error) => {
  console.error(`bench:intake failed: ${err.message}`);
  process.exit(1);
});

/** A process's peak resident set size in MiB (Linux /proc VmHWM), or null where it cannot be read. */
function peakMiB(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Math.round(Number(kb) / 1024) : null;
  } catch {
    return null;
  }
}
