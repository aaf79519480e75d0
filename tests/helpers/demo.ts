// A demo store for a test file: built once with the real CLI, with its backup folder created.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DEMO_NOW, runCli, type CliResult } from './cli.js';

export interface DemoStore {
  dir: string;
  config: string;
  identity: string;
  recipient: string;
  backups: string;
  cli: (args: string[], env?: Record<string, string | undefined>) => Promise<CliResult>;
}

export async function makeDemoStore(parent: string, name = 'shop', extraConfig = ''): Promise<DemoStore> {
  const r = await runCli(['demo', 'init', name, '--now', DEMO_NOW], { cwd: parent });
  if (r.code !== 0) throw new Error(`demo init failed: ${r.stderr}`);
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
