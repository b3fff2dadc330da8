import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// Two projects: `npm test -- --project unit` runs in seconds while you work; `e2e` spawns the
// built binary (needs `npm run build`, which `npm test` does first).
// The timeouts only catch a hang, so they are far above any honest run: on a machine whose disk
// and CPUs are shared, a property test that takes 5 s quiet took over 60 s (fsync waits).
// No test judges speed (see CONTRIBUTING.md, "No timings").
export default defineConfig({
  test: {
    pool: 'forks',
    // One worker more than there are cores: most test files spend their time waiting on fsync and
    // on the meld processes they spawn, so a core would otherwise sit idle (on 2 cores the suite
    // took 79 s with vitest's default of one worker per core less, 43 s with 3).
    maxWorkers: availableParallelism() + 1,
    // The reader's time zone: UTC unless MELD_TEST_TZ names another (`MELD_TEST_TZ=Asia/Kolkata
    // npm test`); CI runs the unit tests west and east of UTC too (.ci/run). meld's days are
    // those of the data file's business time zone, so every test must pass in any of them.
    env: { TZ: process.env.MELD_TEST_TZ || 'UTC' },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          // Every temp folder of a run goes under one folder, removed at the end (test/helpers/temp-root.ts).
          globalSetup: ['test/helpers/temp-root.ts'],
          include: ['test/**/*.test.ts'],
          exclude: ['test/e2e/**'],
          // Test files share one module registry per worker instead of loading src/ and its
          // libraries again for each of ~50 files: 17 s of CPU instead of 66 s, the same results.
          // So a test must not leave state behind in a module (none mocks one; keep it so).
          isolate: false,
          testTimeout: 300_000,
          hookTimeout: 300_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          globalSetup: ['test/helpers/temp-root.ts'],
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 300_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
