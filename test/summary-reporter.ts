import type { Reporter, SerializedError, TestCase, TestModule, TestRunEndReason } from 'vitest/node';

/** What one run counted; `failed` includes every problem listed in `notes`. */
export interface RunSummary {
  passed: number;
  failed: number;
  skipped: number;
  /** Files that failed to load or collect (an import threw, a syntax error, a worker that died before collecting). */
  filesFailedToLoad: number;
  /** Collected tests that never finished: their file crashed, a beforeAll failed, or the run stopped. */
  testsNeverRan: number;
  /** Files whose tests all finished but which failed outside them (e.g. an afterAll threw). */
  filesFailedAfterTests: number;
  /** Errors outside any test (unhandled rejections, errors after a test ended). */
  unhandledErrors: number;
  /** The run failed or was interrupted and nothing above says why (counted as one failure). */
  runFailed: boolean;
}

/** A test that was meant to run (not `.skip`/`.todo`, not filtered out by `.only` or a name pattern). */
function meantToRun(test: TestCase): boolean {
  return test.options.mode === 'run' || test.options.mode === 'only';
}

/** True when the test or one of its suites (up to the file) reported an error of its own, e.g. a failed hook. */
function suiteFailed(test: TestCase): boolean {
  for (let p: TestCase['parent'] = test.parent; ; p = p.parent) {
    if (p.errors().length > 0) return true;
    if (p.type === 'module') return false;
  }
}

/**
 * Counts a run so that nothing that went wrong is reported as success: a file that failed to load counts as a
 * failure, a collected test that never ran because its file or hook crashed counts as a failure, and each
 * unhandled error counts as one.
 */
export function summarise(
  testModules: ReadonlyArray<TestModule>,
  unhandledErrors: ReadonlyArray<SerializedError> = [],
  reason: TestRunEndReason = 'passed',
): RunSummary {
  const s: RunSummary = {
    passed: 0,
    failed: 0,
    skipped: 0,
    filesFailedToLoad: 0,
    testsNeverRan: 0,
    filesFailedAfterTests: 0,
    unhandledErrors: unhandledErrors.length,
    runFailed: false,
  };
  for (const mod of testModules) {
    const tests = [...mod.children.allTests()];
    const state = mod.state();
    const moduleErrors = mod.errors().length > 0;
    if (tests.length === 0) {
      // Its own code threw at import or collection, or it never got to run at all.
      if (moduleErrors || state === 'queued' || state === 'pending' || state === 'failed') s.filesFailedToLoad++;
      continue;
    }
    let counted = 0;
    for (const test of tests) {
      const result = test.result().state;
      if (result === 'passed') {
        s.passed++;
      } else if (result === 'failed') {
        s.failed++;
        counted++;
      } else if (result === 'pending' || (meantToRun(test) && suiteFailed(test))) {
        s.testsNeverRan++;
        counted++;
      } else {
        s.skipped++;
      }
    }
    if (counted === 0 && (moduleErrors || state === 'failed')) s.filesFailedAfterTests++;
  }
  s.failed += s.filesFailedToLoad + s.testsNeverRan + s.filesFailedAfterTests + s.unhandledErrors;
  if (reason !== 'passed' && s.failed === 0) {
    s.runFailed = true;
    s.failed = 1;
  }
  return s;
}

/** `N passed, N failed, N skipped`, then what the failures include when some are not plain test failures. */
export function summaryLine(s: RunSummary): string {
  const notes: string[] = [];
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  if (s.filesFailedToLoad) notes.push(`${plural(s.filesFailedToLoad, 'file', 'files')} failed to load`);
  if (s.testsNeverRan) notes.push(`${plural(s.testsNeverRan, 'test', 'tests')} never ran`);
  if (s.filesFailedAfterTests)
    notes.push(`${plural(s.filesFailedAfterTests, 'file', 'files')} failed outside its tests`);
  if (s.unhandledErrors) notes.push(plural(s.unhandledErrors, 'unhandled error', 'unhandled errors'));
  if (s.runFailed) notes.push('the run failed outside any test');
  return `${s.passed} passed, ${s.failed} failed, ${s.skipped} skipped${notes.length ? ` (${notes.join(', ')})` : ''}`;
}

/**
 * Prints one plain closing line, `N passed, N failed, N skipped`, after vitest's own report, so CI logs state
 * the count of tests run in a runner-neutral form. Everything that makes vitest fail is counted as a failure
 * (see {@link summarise}), so the line never says "0 failed" for a run that failed.
 */
export default class SummaryReporter implements Reporter {
  private readonly write: (text: string) => void;

  /** vitest passes the reporter's options from the config (none here); tests pass `write` to capture the line. */
  constructor(options: { write?: (text: string) => void } = {}) {
    this.write = options.write ?? ((text) => void process.stdout.write(text));
  }

  onTestRunEnd(
    testModules: ReadonlyArray<TestModule>,
    unhandledErrors: ReadonlyArray<SerializedError>,
    reason: TestRunEndReason,
  ) {
    this.write(`\n${summaryLine(summarise(testModules, unhandledErrors, reason))}\n`);
  }
}
