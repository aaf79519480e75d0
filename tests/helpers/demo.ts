// A demo store for a test file: a copy of the one the real CLI built for this run, with its backup
// folder created.
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { inject } from 'vitest';
import { runCli, type CliResult } from './cli.js';

export interface DemoStore {
  dir: string;
  config: string;
  identity: string;
  recipient: string;
  backups: string;
  cli: (args: string[], env?: Record<string, string | undefined>) => Promise<CliResult>;
}

/** The demo store built once for the whole run (tests/setup/demo-template.ts), copied to parent/name. */
export async function makeDemoStore(parent: string, name = 'shop', extraConfig = ''): Promise<DemoStore> {
  cpSync(inject('demoTemplate'), path.join(parent, name), { recursive: true });
  const dir = path.join(parent, name);
  const config = path.join(dir, 'store-ops.yaml');
  if (extraConfig) writeFileSync(config, readFileSync(config, 'utf8').replace(/^backup:\n/m, `backup:\n${extraConfig}`));
  mkdirSync(path.join(dir, 'backups'), { recursive: true });
  return {
    dir,
    config,
    identity: path.join(dir, 'keys', 'identity.txt'),
    recipient: readFileSync(path.join(dir, 'keys', 'recipient.txt'), 'utf8').trim(),
    backups: path.join(dir, 'backups'),
    cli: (args, env) => runCli(['--config', config, ...args], { cwd: parent, env }),
  };
}
