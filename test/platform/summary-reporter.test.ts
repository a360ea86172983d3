import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { startVitest } from 'vitest/node';
import SummaryReporter from '../summary-reporter.ts';

const FIXTURES = fileURLToPath(new URL('../fixtures/summary-reporter/', import.meta.url));

/** Runs vitest on some fixture files with the summary reporter alone and returns the line it printed. */
async function summaryOf(files: string[]): Promise<{ line: string; exitCode: number | undefined }> {
  let printed = '';
  const previousExitCode = process.exitCode;
  const vitest = await startVitest('test', [], {
    root: FIXTURES,
    config: false,
    include: files,
    watch: false,
    pool: 'threads',
    maxWorkers: 1,
    reporters: [new SummaryReporter({ write: (text) => (printed += text) })],
  });
  await vitest.close();
  const exitCode = process.exitCode;
  process.exitCode = previousExitCode; // the inner run's verdict is this test's data, not the outer run's
  return { line: printed.trim(), exitCode: typeof exitCode === 'number' ? exitCode : undefined };
}

describe('the summary line', () => {
  it('counts a file that throws at import as a failure and says so', async () => {
    const { line, exitCode } = await summaryOf(['passes.check.ts', 'throws-at-import.check.ts']);
    expect(line).toBe('1 passed, 1 failed, 1 skipped (1 file failed to load)');
    expect(exitCode).toBe(1);
  });

  it('counts tests that never ran because their beforeAll failed as failures', async () => {
    const { line } = await summaryOf(['passes.check.ts', 'hook-fails.check.ts']);
    expect(line).toBe('1 passed, 2 failed, 1 skipped (2 tests never ran)');
  });

  it('counts an unhandled error as a failure', async () => {
    const { line, exitCode } = await summaryOf(['unhandled.check.ts']);
    expect(line).toBe('1 passed, 1 failed, 0 skipped (1 unhandled error)');
    expect(exitCode).toBe(1);
  });

  it('prints the plain line when all is well', async () => {
    const { line, exitCode } = await summaryOf(['passes.check.ts']);
    expect(line).toBe('1 passed, 0 failed, 1 skipped');
    expect(exitCode ?? 0).toBe(0);
  });
});
