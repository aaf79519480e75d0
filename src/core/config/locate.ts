// Where the config comes from, in the order the README's `--config` option gives:
// --config, then $STORE_OPS_CONFIG, then ./store-ops.yaml, then /etc/store-ops/store-ops.yaml.
import { existsSync } from 'node:fs';
import path from 'node:path';

export const SYSTEM_CONFIG = '/etc/store-ops/store-ops.yaml';
export const LOCAL_CONFIG = 'store-ops.yaml';

export interface ConfigLocation {
  path: string;
  /** How it was chosen: an explicit choice that does not exist is an error, a default that does not is skipped. */
  via: 'flag' | 'env' | 'cwd' | 'system';
}

export function candidateConfigs(flag: string | undefined, env: NodeJS.ProcessEnv, cwd: string): ConfigLocation[] {
  if (flag) return [{ path: path.resolve(cwd, flag), via: 'flag' }];
  if (env.STORE_OPS_CONFIG) return [{ path: path.resolve(cwd, env.STORE_OPS_CONFIG), via: 'env' }];
  return [
    { path: path.resolve(cwd, LOCAL_CONFIG), via: 'cwd' },
    { path: SYSTEM_CONFIG, via: 'system' },
  ];
}

/** The first candidate that exists; an explicit --config or $STORE_OPS_CONFIG is returned even if missing. */
export function locateConfig(flag: string | undefined, env: NodeJS.ProcessEnv, cwd: string): ConfigLocation | undefined {
  const candidates = candidateConfigs(flag, env, cwd);
  const explicit = candidates.length === 1 ? candidates[0] : undefined;
  if (explicit) return explicit;
  return candidates.find((c) => existsSync(c.path));
}
