// Runs a `run` step's store-ops command the way cron would: a child process of this same Node and
// this same store-ops, with the same config, language and operator, --json on stdout, no stdin
// (so it can never wait for a prompt). Its exit code and JSON are the step's outcome.
import { spawn } from 'node:child_process';
import os from 'node:os';
import { installPath } from '../core/install-paths.js';
import { completed, summarize, type SummaryLine } from './summarize.js';

/** The launcher every store-ops command goes through. */
const BIN = installPath('bin', 'store-ops.js');

/** What a report keeps of a command's JSON: enough to read, never megabytes. */
const MAX_OUTPUT = 16_000;

export interface CommandOutcome {
  argv: string[];
  exit_code: number;
  ok: boolean;
  /** The command did its work, though its exit code may not be 0 (diagnose reporting CRITICAL). */
  completed: boolean;
  duration_ms: number;
  summary: SummaryLine[];
  /** Runbook ids the command recommends (diagnose's causes and findings). */
  recommends: string[];
  /** The command's JSON document, or its text when it is too long or not JSON. */
  output: unknown;
  stderr_tail: string;
}

export interface CommandEnv {
  configFile: string;
  lang: string;
  operator: string;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

function childArgv(argv: readonly string[], c: CommandEnv): string[] {
  return [BIN, '--config', c.configFile, '--json', '--lang', c.lang, '--operator', c.operator, ...argv];
}

export function runStoreOps(argv: readonly string[], c: CommandEnv): Promise<CommandOutcome & { document: unknown }> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, childArgv(argv, c), { cwd: c.cwd, env: c.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    let done = false;
    const finish = (code: number, problem?: string) => {
      if (done) return;
      done = true;
      let json: unknown;
      try {
        json = JSON.parse(stdout);
      } catch {
        json = undefined;
      }
      const { summary, recommends } = summarize(argv, code, json, problem ?? stderr);
      resolve({
        argv: [...argv], exit_code: code, ok: code === 0, completed: completed(argv, code, json), duration_ms: Date.now() - started, summary, recommends,
        output: json !== undefined && stdout.length <= MAX_OUTPUT ? json : stdout.slice(0, MAX_OUTPUT),
        stderr_tail: (problem ?? stderr).slice(-2000),
        document: json,
      });
    };
    child.on('error', (err) => finish(127, err.message));
    // A command killed by a signal has no exit code; 128 + signal number is what a shell reports.
    child.on('close', (code, signal) => finish(code ?? 128 + (signal ? os.constants.signals[signal] : 0)));
  });
}
