// store-ops config check: validates the config exactly as every other command does, and prints
// it resolved (absolute paths, defaults filled) so a person sees what the tool will use, then the
// keys trusted to sign this store's backups, with their key ids.
import { stringify } from 'yaml';
import type { Context } from '../core/context.js';
import { credentialSource } from '../backup/s3/credentials.js';
import { publicKeyLine } from '../signing/minisign.js';
import { trustedSigners } from '../signing/trust.js';
import type { CommandResult } from './types.js';

export async function run(_args: string[], _options: object, ctx: Context): Promise<CommandResult> {
  const config = ctx.config();
  const signers = config.backup ? trustedSigners(config) : [];
  const { configFile, configDir, ...resolved } = config;
  const buckets = (config.backup?.destinations ?? []).filter((d) => d.type === 's3').map((d) => d.name);
  // Where the credentials will come from, never what they are.
  const credentials = buckets.length > 0 ? credentialSource() : undefined;
  return {
    data: {
      ok: true, config_file: configFile, config: resolved,
      trusted_signers: signers.map((s) => ({ key_id: s.key_id, public_key: publicKeyLine(s.public_key), source: s.source })),
      s3_credentials: credentials ? { destinations: buckets, source: credentials.kind, profile: credentials.profile ?? null, file: credentials.file ?? null } : null,
    },
    text: [
      ctx.t('configCheck.ok', { file: configFile }),
      '',
      stringify(resolved, { lineWidth: 0 }).trimEnd(),
      ...(credentials ? ['', ctx.t('configCheck.s3Credentials', { names: buckets.join(', '), source: ctx.t(`configCheck.credentials.${credentials.kind}`, { profile: credentials.profile ?? '', file: credentials.file ?? '' }) })] : []),
      ...(config.backup ? ['', ctx.t('trust.signers'), ...(signers.length === 0 ? [ctx.t('trust.noSignersConfigured')] : signers.map((s) => ctx.t('trust.signer', { key_id: s.key_id, source: s.source })))] : []),
    ],
  };
}
