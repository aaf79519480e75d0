// store-ops config check: validates the config exactly as every other command does, and prints
// it resolved (absolute paths, defaults filled) so a person sees what the tool will use, then the
// keys trusted to sign this store's backups, with their key ids. HQ's fleet-only config is checked
// too: it is the one config `fleet status` reads.
import { stringify } from 'yaml';
import type { Context } from '../core/context.js';
import { credentialSource } from '../backup/s3/credentials.js';
import { publicKeyLine } from '../signing/minisign.js';
import { trustedSigners, type TrustedSigner } from '../signing/trust.js';
import { isFleetOnlyConfig } from '../core/config/load.js';
import { fleetSetup } from '../fleet/setup.js';
import { rolesSummary } from '../core/roles/summary.js';
import type { CommandResult } from './types.js';

/** The signers and bucket destinations of either kind of config: a store's, or HQ's fleet-only one. */
function trustAndBuckets(ctx: Context): { signers: TrustedSigner[]; buckets: string[]; hasTrust: boolean } {
  const loaded = ctx.anyConfig();
  if (isFleetOnlyConfig(loaded)) {
    const setup = fleetSetup(loaded);
    return { signers: setup.signers, buckets: setup.destinations.map((d) => d.name), hasTrust: true };
  }
  const config = ctx.config();
  const buckets = (config.backup?.destinations ?? []).filter((d) => d.type === 's3').map((d) => d.name);
  return { signers: config.backup ? trustedSigners(config) : [], buckets, hasTrust: config.backup !== undefined };
}

export async function run(_args: string[], _options: object, ctx: Context): Promise<CommandResult> {
  const { signers, buckets, hasTrust } = trustAndBuckets(ctx);
  const { configFile, configDir, ...resolved } = ctx.anyConfig();
  const roles = isFleetOnlyConfig(ctx.anyConfig()) ? undefined : rolesSummary(ctx.config(), ctx.t);
  // Where the credentials will come from, never what they are.
  const credentials = buckets.length > 0 ? credentialSource(ctx.io.env) : undefined;
  return {
    data: {
      ok: true, config_file: configFile, config: resolved,
      trusted_signers: signers.map((s) => ({ key_id: s.key_id, public_key: publicKeyLine(s.public_key), source: s.source })),
      roles: roles?.data ?? null,
      s3_credentials: credentials ? { destinations: buckets, source: credentials.kind, profile: credentials.profile ?? null, file: credentials.file ?? null } : null,
    },
    text: [
      ctx.t('configCheck.ok', { file: configFile }),
      '',
      stringify(resolved, { lineWidth: 0 }).trimEnd(),
      ...(credentials ? ['', ctx.t('configCheck.s3Credentials', { names: buckets.join(', '), source: ctx.t(`configCheck.credentials.${credentials.kind}`, { profile: credentials.profile ?? '', file: credentials.file ?? '' }) })] : []),
      ...(roles ? ['', ...roles.text] : []),
      ...(hasTrust ? ['', ctx.t('trust.signers'), ...(signers.length === 0 ? [ctx.t('trust.noSignersConfigured')] : signers.map((s) => ctx.t('trust.signer', { key_id: s.key_id, source: s.source })))] : []),
    ],
  };
}
