// Runs the built CLI as a child process, the way cron or a technician does: no TTY, a clean
// environment, a temporary folder as cwd. Every end-to-end test goes through here.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BIN = path.join(ROOT, 'bin', 'store-ops.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  cwd: string;
  env?: Record<string, string | undefined>;
  input?: string;
  /** Another installation's launcher (tests/cli/bundle.test.ts); BIN by default. */
  bin?: string;
  /** A program that runs node for us, with its own words first (setpriv as another user). */
  via?: string[];
}

export function runCli(args: string[], opts: CliOptions): Promise<CliResult> {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: opts.cwd, LANG: 'C.UTF-8', TZ: 'UTC' };
  for (const [k, v] of Object.entries(opts.env ?? {})) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return new Promise((resolve, reject) => {
    const command = [...(opts.via ?? []), process.execPath, opts.bin ?? BIN, ...args];
    const child = spawn(command[0]!, command.slice(1), { cwd: opts.cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(opts.input ?? '');
  });
}

export function tempDir(prefix = 'store-ops-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A fixed present moment, so demo stores built in tests are the same whatever the clock says. */
export const DEMO_NOW = '2026-11-21T20:00:00+08:00';
