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
  },
});
