/**
 * Helpers for the end-to-end benchmarks: run a command as a child process under /usr/bin/time, and give its
 * wall time and peak memory (maximum resident set size) as the kernel reports them.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, openSync, closeSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../', import.meta.url));
export const cohesionBin = join(repoRoot, 'bin', 'cohesion.js');
const TIME = '/usr/bin/time';

export interface ProcessRun {
  /** Wall-clock time of the whole process, start-up included (ms). */
  wallMs: number;
  /** Peak resident memory (MiB), or null where /usr/bin/time is absent. */
  peakMiB: number | null;
  /** CPU time, user + system (ms), or null where /usr/bin/time is absent: steadier than wall time on a busy machine. */
  cpuMs: number | null;
  stderr: string;
}

/** Runs `command args…` with stdout to `stdoutFile` (or discarded); throws on a non-zero exit. */
export function runProcess(command: string, args: string[], stdoutFile?: string): ProcessRun {
  const timeFile = join(tmpdir(), `cohesion-bench-time-${process.pid}`);
  const useTime = existsSync(TIME);
  const out = stdoutFile ? openSync(stdoutFile, 'w') : 'ignore';
  const started = performance.now();
  const result = useTime
    ? spawnSync(TIME, ['-f', '%M %U %S', '-o', timeFile, command, ...args], { stdio: ['ignore', out, 'pipe'] })
    : spawnSync(command, args, { stdio: ['ignore', out, 'pipe'] });
  const wallMs = performance.now() - started;
  if (typeof out === 'number') closeSync(out);
  const stderr = result.stderr?.toString() ?? '';
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status}): ${stderr}`);
  let peakMiB: number | null = null;
  let cpuMs: number | null = null;
  if (useTime) {
    const [kb, user, system] = (readFileSync(timeFile, 'utf8').trim().split('\n').pop() ?? '').split(' ').map(Number);
    peakMiB = kb / 1024;
    cpuMs = (user + system) * 1000;
    rmSync(timeFile, { force: true });
  }
  return { wallMs, peakMiB, cpuMs, stderr };
}

export function requireBuild(): void {
  if (!existsSync(join(repoRoot, 'dist', 'src', 'cli', 'main.js'))) {
    console.error('dist/ is missing: run `npm run build` first (the benchmark runs the compiled commands).');
    process.exit(1);
  }
}

export function load(): string {
  return loadavg()
    .map((v) => v.toFixed(2))
    .join(' ');
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export const ms = (x: number): string => `${Math.round(x).toLocaleString('en-GB')} ms`;
export const mib = (x: number | null): string => (x === null ? 'n/a' : `${Math.round(x)} MiB`);
