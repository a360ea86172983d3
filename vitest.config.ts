import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Files share a worker's modules (isolate: false), so the browser harness's vi.setConfig reaches only the first
    // browser file a worker runs; the limit is therefore the browser journeys' (test/e2e/harness.ts) for every test,
    // so a busy machine makes the suite slower but never fails it, and a real hang still fails within minutes.
    testTimeout: 300_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Vitest's default is one worker fewer than the cores (one, on a 2-core machine); most files wait on a
    // database or a browser, so as many workers as cores keeps both busy.
    maxWorkers: 2,
    // Files share a worker's loaded modules instead of reloading the whole app for each (a minute of a six-minute
    // run); every test builds its own app and database, so nothing else is shared.
    isolate: false,
    // Gives each run an id for what its workers share (the browser tests' demo template) and removes it after.
    globalSetup: ['./test/global-setup.ts'],
    reporters: ['default', './test/summary-reporter.ts'],
  },
});
