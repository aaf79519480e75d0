// store-ops config check: validates the config exactly as every other command does, and prints
// it resolved (absolute paths, defaults filled) so a person sees what the tool will use, then the
// keys trusted to sign this store's backups, with their key ids, and the reconcile mapping
// checked against the store database (mapping-check.ts: every read sampled, every write tried in
// a rolled-back copy of the schema). HQ's fleet-only config is checked too: it is the one config
// `fleet status` reads.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import type { Context } from '../core/context.js';
import { credentialSentence, credentialSource } from '../backup/s3/credentials.js';
import { publicKeyLine } from '../signing/minisign.js';
import { trustedSigners, type TrustedSigner } from '../signing/trust.js';
import { isFleetOnlyConfig } from '../core/config/load.js';
import { fleetSetup } from '../fleet/setup.js';
import { rolesSummary } from '../core/roles/summary.js';
import { StoreOpsError } from '../core/errors.js';
import type { StoreConfig } from '../core/config/load.js';
import { checkMapping, type MappingReport } from '../reconcile/mapping-check.js';
import { loadMapping } from '../reconcile/mapping-load.js';
import { SAMPLE_ROWS } from '../reconcile/mapping-sample.js';
import type { CommandResult } from './types.js';

type MappingFacts = { checked: true; report: MappingReport } | { checked: false; file: string; database: string; reason: string };

/**
 * The reconcile mapping against the database it is for (the first). A mapping file that is missing
 * or broken, or does not fit, is an error; the built-in one on another system's database, or a
 * database not made yet, is said and left, since a store may not reconcile at all.
 */
function mappingFacts(ctx: Context, config: StoreConfig): MappingFacts {
  const cwd = ctx.io.cwd;
  const mapping = loadMapping(config.reconcile.mapping, cwd);
  const database = config.databases[0]!.path;
  const shown = { file: mapping.file, database: path.relative(cwd, database) || database };
  if (!existsSync(database)) return { checked: false, ...shown, reason: ctx.t('configCheck.mappingNoDatabase', shown) };
  try {
    return { checked: true, report: checkMapping({ database, mapping, cwd, timeZone: config.store.timezone, now: Date.now() }) };
  } catch (err) {
    if (mapping.file !== 'builtin' || !(err instanceof StoreOpsError)) throw err;
    return { checked: false, ...shown, reason: ctx.t(err.key, err.params) };
  }
}

function mappingLines(ctx: Context, m: MappingFacts): string[] {
  const named = (file: string) => (file === 'builtin' ? ctx.t('configCheck.builtinMapping') : path.relative(ctx.io.cwd, file) || file);
  if (!m.checked) return [ctx.t('configCheck.mappingSkipped', { file: named(m.file), reason: m.reason })];
  const r = m.report;
  const file = named(r.file);
  return [
    ctx.t('configCheck.mappingOk', { file, database: path.relative(ctx.io.cwd, r.database) || r.database, queries: r.queries.length, rows: SAMPLE_ROWS, writes: r.writes.length }),
    ...r.notices.map((n) => ctx.t(n.key, n.params)),
  ];
}

/** The signers and bucket destinations of either kind of config: a store's, or HQ's fleet-only one. */
function trustAndBuckets(ctx: Context): { signers: TrustedSigner[]; buckets: string[]; hasTrust: boolean } {
  const loaded = ctx.anyConfig();
  if (isFleetOnlyConfig(loaded)) {
    const setup = fleetSetup(loaded);
    return { signers: setup.signers, buckets: setup.destinations.map((d) => d.name), hasTrust: true };
  }
  const config = ctx.config();
  // A store's config may carry HQ's fleet: section too: its keys are read here so a bad one is found now, not at the first fleet status.
  if (config.fleet) fleetSetup(config);
  const buckets = (config.backup?.destinations ?? []).filter((d) => d.type === 's3').map((d) => d.name);
  return { signers: config.backup ? trustedSigners(config) : [], buckets, hasTrust: config.backup !== undefined };
}

export async function run(_args: string[], _options: object, ctx: Context): Promise<CommandResult> {
  const { signers, buckets, hasTrust } = trustAndBuckets(ctx);
  const loaded = ctx.anyConfig();
  const { configFile, configDir, ...resolved } = loaded;
  const roles = isFleetOnlyConfig(loaded) ? undefined : rolesSummary(ctx.config(), ctx.t);
  const mapping = isFleetOnlyConfig(loaded) ? undefined : mappingFacts(ctx, loaded);
  // Where the credentials will come from, never what they are.
  const credentials = buckets.length > 0 ? credentialSource(ctx.io.env) : undefined;
  return {
    data: {
      ok: true, config_file: configFile, config: resolved,
      trusted_signers: signers.map((s) => ({ key_id: s.key_id, public_key: publicKeyLine(s.public_key), source: s.source })),
      roles: roles?.data ?? null,
      s3_credentials: credentials ? { destinations: buckets, source: credentials.kind, profile: credentials.profile ?? null, file: credentials.file ?? null } : null,
      mapping: mapping === undefined ? null : mapping.checked
        ? { checked: true, file: mapping.report.file, database: mapping.report.database, queries: mapping.report.queries, writes: mapping.report.writes, read_only_for: mapping.report.read_only_for, notices: mapping.report.notices.map((n) => ctx.t(n.key, n.params)) }
        : { checked: false, file: mapping.file, database: mapping.database, reason: mapping.reason },
    },
    text: [
      ctx.t('configCheck.ok', { file: configFile }),
      '',
      stringify(resolved, { lineWidth: 0 }).trimEnd(),
      ...(mapping ? ['', ...mappingLines(ctx, mapping)] : []),
      ...(credentials ? ['', ctx.t('configCheck.s3Credentials', { names: buckets.join(', '), source: credentialSentence(credentials) })] : []),
      ...(roles ? ['', ...roles.text] : []),
      ...(hasTrust ? ['', ctx.t('trust.signers'), ...(signers.length === 0 ? [ctx.t('trust.noSignersConfigured')] : signers.map((s) => ctx.t('trust.signer', { key_id: s.key_id, source: s.source })))] : []),
    ],
  };
}
