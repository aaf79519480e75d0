// Which public keys this store trusts for its backups: backup.trusted_signers (each a minisign
// public key line `RW…`, or the path of a .pub file), or, when that list is empty, the public
// half of backup.signing_key. Read when first needed, so a restore-only machine at HQ without a
// signing key still works; a key that is not one is a config error pointing at its line.
import { readFileSync } from 'node:fs';
import type { StoreConfig } from '../core/config/load.js';
import { keyLocation } from '../core/config/load.js';
import { keyPath } from '../core/config/describe-issue.js';
import { configError } from '../core/errors.js';
import { describeKeyProblem, readSigningPublicKey } from './key-files.js';
import { keyIdHex, parsePublicKeyFile, parsePublicKeyLine, PUBLIC_KEY_LINE, type PublicKey } from './minisign.js';

export interface TrustedSigner {
  key_id: string;
  public_key: PublicKey;
  /** "backup.trusted_signers[1]: keys/hq.pub", or where the default came from. */
  source: string;
}

const cache = new WeakMap<StoreConfig, TrustedSigner[]>();

type ConfigFile = Pick<StoreConfig, 'configFile'>;

/** Where the key is in the config file, read again only on this error path (the config was loaded long before). */
function located(config: ConfigFile, at: PropertyKey[]): string {
  try {
    return keyLocation(readFileSync(config.configFile, 'utf8'), config.configFile, at);
  } catch {
    return config.configFile;
  }
}

function invalid(config: ConfigFile, at: PropertyKey[], problem: string) {
  return configError('config.invalid', { file: located(config, at), key: keyPath(at), problem }, { key: 'hint.configCheck', params: { file: config.configFile } });
}

/** The key one config entry names, at `at` (such as fleet.stores.SH-0012[0]); a config error pointing at its line when it is not one. */
export function signerAt(config: ConfigFile, at: PropertyKey[], entry: string): TrustedSigner {
  try {
    const key = PUBLIC_KEY_LINE.test(entry) ? parsePublicKeyLine(entry) : parsePublicKeyFile(readFileSync(entry, 'utf8'));
    return { key_id: keyIdHex(key.id), public_key: key, source: `${keyPath(at)}: ${entry}` };
  } catch (err) {
    const what = PUBLIC_KEY_LINE.test(entry) ? 'not a minisign public key' : `not a readable minisign public key file (${entry})`;
    throw invalid(config, at, `${what}: ${describeKeyProblem(err)}`);
  }
}

/** The keys a config lists under `<section>.trusted_signers`, exactly those (no default). */
export function listedSigners(config: ConfigFile, section: 'backup' | 'fleet', entries: readonly string[]): TrustedSigner[] {
  return entries.map((entry, i) => signerAt(config, [section, 'trusted_signers', i], entry));
}

/**
 * Two different keys with one key id would let a signature be checked against the wrong one (the
 * id is chosen by whoever makes the key, not derived from it): refused, naming both entries.
 */
export function refuseSharedKeyIds(config: ConfigFile, listed: ReadonlyArray<{ signer: TrustedSigner; at: PropertyKey[] }>): void {
  const seen = new Map<string, TrustedSigner>();
  for (const { signer: s, at } of listed) {
    const first = seen.get(s.key_id);
    if (first && !first.public_key.key.equals(s.public_key.key)) {
      throw invalid(config, at, `key id ${s.key_id} is also the id of a different key (${first.source}); key ids must be unique: generate a new key for one of the stores`);
    }
    if (!first) seen.set(s.key_id, s);
  }
}

export function trustedSigners(config: StoreConfig): TrustedSigner[] {
  const known = cache.get(config);
  if (known) return known;
  const backup = config.backup;
  let signers: TrustedSigner[] = [];
  if (backup && backup.trusted_signers.length > 0) {
    signers = listedSigners(config, 'backup', backup.trusted_signers);
  } else if (backup?.signing_key) {
    try {
      const key = readSigningPublicKey(backup.signing_key);
      signers = [{ key_id: keyIdHex(key.id), public_key: key, source: `backup.signing_key: ${backup.signing_key}` }];
    } catch (err) {
      throw invalid(config, ['backup', 'signing_key'], `cannot read its public key (${backup.signing_key}.pub or the key itself): ${describeKeyProblem(err)}`);
    }
  }
  cache.set(config, signers);
  return signers;
}
