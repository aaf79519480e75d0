// Built once per test run: src/backup/lock.ts as one ES module a plain `node` child can import
// (tests/helpers/hold-lock.mjs), because dist/ is a bundle with no module of its own for the lock.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import type { TestProject } from 'vitest/node';
import { ROOT } from '../helpers/cli.js';

declare module 'vitest' {
  export interface ProvidedContext {
    lockModule: string;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'store-ops-lock-module-'));
  const outfile = path.join(dir, 'lock.mjs');
  await build({
    entryPoints: [path.join(ROOT, 'src', 'backup', 'lock.ts')], outfile, bundle: true, format: 'esm', platform: 'node', target: 'node20',
    external: ['better-sqlite3'], logLevel: 'warning',
  });
  project.provide('lockModule', outfile);
  return () => rmSync(dir, { recursive: true, force: true });
}
