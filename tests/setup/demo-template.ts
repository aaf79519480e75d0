// Built once per test run, before any worker starts: the demo store every test file copies
// (tests/helpers/demo.ts) instead of building its own. `demo init` is deterministic for a fixed
// --now, so a copy is the store a test would have built, minus a second of CPU per file.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { DEMO_NOW, runCli } from '../helpers/cli.js';

declare module 'vitest' {
  export interface ProvidedContext {
    demoTemplate: string;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const parent = mkdtempSync(path.join(os.tmpdir(), 'store-ops-template-'));
  const r = await runCli(['demo', 'init', 'template', '--now', DEMO_NOW], { cwd: parent });
  if (r.code !== 0) throw new Error(`demo init for the test template failed: ${r.stderr}`);
  project.provide('demoTemplate', path.join(parent, 'template'));
  return () => rmSync(parent, { recursive: true, force: true });
}
