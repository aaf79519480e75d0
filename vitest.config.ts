import { defineConfig } from 'vitest/config';

// Most tests wait on child processes (the CLI, age, sqlite3, zstd), so more workers than cores
// keeps both cores busy; vitest's default on 2 cores is a single worker.
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/setup/demo-template.ts', 'tests/setup/lock-module.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 3,
    // A worker runs file after file without a fresh process and module graph for each: the suite
    // spends its CPU on the CLI processes the tests start, not on reloading vitest 64 times. Test
    // files keep their state in their own module scope and temporary folders, so none leaks.
    isolate: false,
  },
});
