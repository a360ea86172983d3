import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Vitest's default is one worker fewer than the cores (one, on a 2-core machine); most files wait on a
    // database or a browser, so as many workers as cores keeps both busy.
    maxWorkers: 2,
    reporters: ['default', './test/summary-reporter.ts'],
  },
});
