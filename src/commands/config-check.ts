// store-ops config check: validates the config exactly as every other command does, and prints
// it resolved (absolute paths, defaults filled) so a person sees what the tool will use.
import { stringify } from 'yaml';
import type { Context } from '../core/context.js';
import type { CommandResult } from './types.js';

export async function run(_args: string[], _options: object, ctx: Context): Promise<CommandResult> {
  const config = ctx.config();
  const { configFile, configDir, ...resolved } = config;
  return {
    data: { ok: true, config_file: configFile, config: resolved },
    text: [
      ctx.t('configCheck.ok', { file: configFile }),
      '',
      stringify(resolved, { lineWidth: 0 }).trimEnd(),
    ],
  };
}
